/*
 * zrt_fs.c - the in-memory file tree.
 *
 * A read-write tree at / with /tmp, held in the heap and gone at exit.
 * Every manifest channel whose alias is an absolute path appears at that
 * path (directories created as needed): sequential channels as character
 * devices, random ones as regular files of the channel's size. /dev/null,
 * /dev/zero, /dev/full, /dev/random and /dev/urandom are emulated unless the
 * manifest provides them. No symbolic links; hard links only to nodes
 * created here (the tree is a tree of directories).
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zvm.h>

#include "zrt.h"

static struct zrt_node *root, *cwd;
static uint64_t next_ino = 1;
static uint32_t cur_umask = 022;

/* The kernel's struct stat for x86-64 (and x32). */
struct kstat {
	uint64_t dev, ino, nlink;
	uint32_t mode, uid, gid, pad0;
	uint64_t rdev;
	int64_t size, blksize, blocks;
	int64_t atime, atime_ns, mtime, mtime_ns, ctime, ctime_ns;
	int64_t unused[3];
};

static struct zrt_node *new_node(uint32_t mode)
{
	struct zrt_node *n = calloc(1, sizeof *n);
	if (!n)
		return 0;
	n->mode = mode;
	n->ino = next_ino++;
	n->chan = -1;
	n->atime = n->mtime = n->ctime = zrt_now_ns();
	return n;
}

struct zrt_node *zrt_fs_root(void)
{
	if (!root)
		zrt_fs_init();
	return root;
}

struct zrt_node *zrt_fs_cwd(void)
{
	if (!root)
		zrt_fs_init();
	return cwd;
}

void zrt_fs_chdir(struct zrt_node *n)
{
	cwd = n;
}

uint32_t zrt_umask(void)
{
	return cur_umask;
}

long zrt_set_umask(uint32_t mask)
{
	uint32_t old = cur_umask;
	cur_umask = mask & 0777;
	return old;
}

static struct zrt_node *find_kid(struct zrt_node *dir, const char *name, size_t len)
{
	for (int i = 0; i < dir->nkids; i++)
		if (strlen(dir->kids[i].name) == len && !memcmp(dir->kids[i].name, name, len))
			return dir->kids[i].node;
	return 0;
}

int zrt_fs_link(struct zrt_node *dir, const char *name, struct zrt_node *n)
{
	if (dir->nkids == dir->capkids) {
		int cap = dir->capkids ? dir->capkids * 2 : 8;
		struct zrt_dirent *k = realloc(dir->kids, sizeof *k * (size_t)cap);
		if (!k)
			return -ENOMEM;
		dir->kids = k;
		dir->capkids = cap;
	}
	char *nm = strdup(name);
	if (!nm)
		return -ENOMEM;
	dir->kids[dir->nkids].name = nm;
	dir->kids[dir->nkids].node = n;
	dir->nkids++;
	n->nlink++;
	if (S_ISDIR(n->mode)) {
		n->parent = dir;
		dir->nlink++;
	}
	dir->mtime = dir->ctime = zrt_now_ns();
	return 0;
}

struct zrt_node *zrt_fs_create(struct zrt_node *dir, const char *name, uint32_t mode)
{
	struct zrt_node *n = new_node(mode);
	if (!n)
		return 0;
	if (S_ISDIR(mode))
		n->nlink = 1; /* "." */
	if (zrt_fs_link(dir, name, n)) {
		free(n);
		return 0;
	}
	return n;
}

void zrt_fs_release(struct zrt_node *n)
{
	if (n->nlink > 0 || n->opens > 0 || n == root)
		return;
	if (!n->borrowed)
		free(n->data);
	free(n->kids);
	free(n);
}

int zrt_fs_unlink_entry(struct zrt_node *dir, const char *name)
{
	for (int i = 0; i < dir->nkids; i++) {
		if (strcmp(dir->kids[i].name, name))
			continue;
		struct zrt_node *n = dir->kids[i].node;
		free(dir->kids[i].name);
		memmove(&dir->kids[i], &dir->kids[i + 1], sizeof dir->kids[0] * (size_t)(dir->nkids - i - 1));
		dir->nkids--;
		if (S_ISDIR(n->mode)) {
			dir->nlink--;
			n->nlink = 0; /* its "." goes with it */
		} else {
			n->nlink--;
		}
		n->ctime = dir->mtime = dir->ctime = zrt_now_ns();
		zrt_fs_release(n);
		return 0;
	}
	return -ENOENT;
}

int zrt_fs_lookup(struct zrt_node *dir, const char *path, struct zrt_node **out,
		  struct zrt_node **parent, char *namebuf)
{
	struct zrt_node *n;
	const char *p = path;

	if (!root)
		zrt_fs_init();
	*out = 0;
	if (parent)
		*parent = 0;
	if (!*path)
		return -ENOENT;
	n = *p == '/' ? root : dir;
	for (;;) {
		while (*p == '/')
			p++;
		if (!*p) {
			*out = n;
			return 0;
		}
		const char *e = p;
		while (*e && *e != '/')
			e++;
		size_t len = (size_t)(e - p);
		if (len > NAME_MAX)
			return -ENAMETOOLONG;
		if (!S_ISDIR(n->mode))
			return -ENOTDIR;
		const char *rest = e;
		while (*rest == '/')
			rest++;
		struct zrt_node *next;
		if (len == 1 && p[0] == '.')
			next = n;
		else if (len == 2 && p[0] == '.' && p[1] == '.')
			next = n->parent ? n->parent : n;
		else
			next = find_kid(n, p, len);
		if (!next) {
			if (!*rest && parent) {
				*parent = n;
				memcpy(namebuf, p, len);
				namebuf[len] = 0;
			}
			return -ENOENT;
		}
		if (!*rest && parent) {
			*parent = n;
			memcpy(namebuf, p, len);
			namebuf[len] = 0;
		}
		if (*e == '/' && !*rest && !S_ISDIR(next->mode))
			return -ENOTDIR; /* "file/" */
		n = next;
		p = e;
	}
}

int zrt_fs_reserve(struct zrt_node *n, size_t len)
{
	if (len <= n->cap)
		return 0; /* a borrowed image file has cap 0: its first write copies */
	size_t cap = n->cap ? n->cap : 256;
	while (cap < len || cap < (size_t)n->size) {
		if (cap > SIZE_MAX / 2)
			return -EFBIG;
		cap *= 2;
	}
	char *d;
	if (n->borrowed) {
		if ((d = malloc(cap)))
			memcpy(d, n->data, (size_t)n->size);
	} else {
		d = realloc(n->data, cap);
	}
	if (!d)
		return -ENOSPC;
	n->borrowed = 0;
	n->data = d;
	n->cap = cap;
	return 0;
}

int zrt_fs_truncate(struct zrt_node *n, int64_t len)
{
	if (len < 0)
		return -EINVAL;
	if (len > INT32_MAX)
		return -EFBIG;
	if (n->borrowed && len < n->size)
		n->size = len; /* shrinking keeps the image's bytes */
	if (len > n->size) {
		int r = zrt_fs_reserve(n, (size_t)len);
		if (r)
			return r;
		memset(n->data + n->size, 0, (size_t)(len - n->size));
	}
	n->size = len;
	n->mtime = n->ctime = zrt_now_ns();
	return 0;
}

void zrt_fs_stat(const struct zrt_node *n, void *out)
{
	struct kstat *st = out;
	memset(st, 0, sizeof *st);
	st->dev = 1;
	st->ino = n->ino;
	st->nlink = n->nlink;
	st->mode = n->mode;
	st->uid = 1;
	st->gid = 1;
	if (S_ISCHR(n->mode))
		st->rdev = n->chan >= 0 ? (uint64_t)(0x100 + n->chan) : (uint64_t)(0x100 + n->dev);
	st->size = S_ISDIR(n->mode) ? 4096 : n->size;
	st->blksize = 4096;
	st->blocks = (st->size + 511) / 512;
	st->atime = n->atime / 1000000000, st->atime_ns = n->atime % 1000000000;
	st->mtime = n->mtime / 1000000000, st->mtime_ns = n->mtime % 1000000000;
	st->ctime = n->ctime / 1000000000, st->ctime_ns = n->ctime % 1000000000;
}

/* The absolute path of a directory; its length with the NUL, or -errno. */
int zrt_fs_path(const struct zrt_node *n, char *buf, size_t size)
{
	char tmp[PATH_MAX];
	size_t pos = sizeof tmp - 1;
	tmp[pos] = 0;
	if (n == root) {
		tmp[--pos] = '/';
	}
	while (n != root) {
		const struct zrt_node *p = n->parent;
		const char *name = 0;
		if (!p || n->nlink == 0)
			return -ENOENT;
		for (int i = 0; i < p->nkids; i++)
			if (p->kids[i].node == n)
				name = p->kids[i].name;
		if (!name)
			return -ENOENT;
		size_t l = strlen(name);
		if (l + 1 > pos)
			return -ENAMETOOLONG;
		pos -= l;
		memcpy(tmp + pos, name, l);
		tmp[--pos] = '/';
		n = p;
	}
	size_t len = sizeof tmp - pos;
	if (len > size)
		return -ERANGE;
	memcpy(buf, tmp + pos, len);
	return (int)len;
}

struct zrt_node *zrt_fs_parents(char *path, char **last, int ro)
{
	struct zrt_node *d = zrt_fs_root();
	char *p = path;
	for (;;) {
		while (*p == '/')
			p++;
		char *e = strchr(p, '/');
		if (!e) {
			*last = p;
			return *p ? d : 0;
		}
		*e = 0;
		struct zrt_node *k = find_kid(d, p, strlen(p));
		if (!k && (k = zrt_fs_create(d, p, S_IFDIR | 0755)))
			k->ro = (uint8_t)ro;
		if (!k || !S_ISDIR(k->mode))
			return 0;
		d = k;
		p = e + 1;
	}
}

struct zrt_node *zrt_fs_channel_node(int chan)
{
	const struct ZVMChannel *c = &MANIFEST->channels[chan];
	struct zrt_node *n;
	if (!c->name || zrt_fs_lookup(zrt_fs_root(), c->name, &n, 0, 0) || n->chan != chan)
		return 0;
	return n;
}

void zrt_fs_refresh_channels(void)
{
	const struct UserManifest *m = MANIFEST;
	for (int i = 0; i < m->channels_count; i++) {
		struct zrt_node *n = zrt_fs_channel_node(i);
		if (n && m->channels[i].type != SGetSPut)
			n->size = m->channels[i].size;
	}
}

void zrt_fs_apply_mappings(void)
{
	for (int i = 0; i < zrt_cfg.nmappings; i++) {
		const struct zrt_mapping *m = &zrt_cfg.mappings[i];
		int ch = zrt_channel_find(m->channel);
		struct zrt_node *n = ch >= 0 ? zrt_fs_channel_node(ch) : 0;
		if (n)
			n->mode = (n->mode & ~(uint32_t)S_IFMT) | m->type;
		else
			zrt_debug("zrt: [mapping] %s: no such channel\n", m->channel);
	}
}

void zrt_fs_init(void)
{
	const struct UserManifest *m = MANIFEST;
	static const struct { const char *name; enum zrt_dev dev; } devs[] = {
		{ "null", DEV_NULL }, { "zero", DEV_ZERO }, { "full", DEV_FULL },
		{ "random", DEV_RANDOM }, { "urandom", DEV_RANDOM },
	};

	if (root)
		return;
	root = new_node(S_IFDIR | 0755);
	root->nlink = 2;
	cwd = root;
	zrt_fs_create(root, "tmp", S_IFDIR | 01777);
	struct zrt_node *dev = zrt_fs_create(root, "dev", S_IFDIR | 0755);

	for (int i = 0; i < m->channels_count; i++) {
		const struct ZVMChannel *c = &m->channels[i];
		char path[PATH_MAX], *last;
		if (!c->name || c->name[0] != '/' || strlen(c->name) >= sizeof path)
			continue;
		strcpy(path, c->name);
		struct zrt_node *d = zrt_fs_parents(path, &last, 0);
		if (!d || find_kid(d, last, strlen(last)))
			continue;
		uint32_t mode = 0;
		if (c->limits[GetsLimit] > 0 && c->limits[GetSizeLimit] > 0)
			mode |= 0444;
		if (c->limits[PutsLimit] > 0 && c->limits[PutSizeLimit] > 0)
			mode |= 0222;
		mode |= c->type == SGetSPut ? S_IFCHR : S_IFREG;
		struct zrt_node *n = zrt_fs_create(d, last, mode);
		if (n) {
			n->chan = i;
			n->size = c->type == SGetSPut ? 0 : c->size;
		}
	}
	for (size_t i = 0; dev && i < sizeof devs / sizeof devs[0]; i++) {
		if (find_kid(dev, devs[i].name, strlen(devs[i].name)))
			continue;
		struct zrt_node *n = zrt_fs_create(dev, devs[i].name, S_IFCHR | 0666);
		if (n)
			n->dev = devs[i].dev;
	}
}
