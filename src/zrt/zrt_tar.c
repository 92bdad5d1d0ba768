/*
 * zrt_tar.c - [fstab]: tar images in the memory file tree.
 *
 *   access=ro  the channel's archive is read into memory once at startup and
 *              its entries appear under the mount point, read-only (EROFS);
 *              file data stays inside the archive's buffer (no copy).
 *   access=rw  the same, but writable (a file's first write copies it), and
 *              the subtree is written back to the channel at exit.
 *   access=wo  at exit, the subtree at the mount point (not /) is written to
 *              the channel as a ustar archive, in directory order.
 * Mounts are eager (removable= is accepted and ignored). Symbolic links in
 * an image become hard links when their target is a file already read;
 * others, devices and fifos are skipped (with a [debug] message).
 */
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zvm.h>

#include "lib/tar.h"
#include "zrt.h"

#define READ_STEP (1 << 20)

/* The whole channel in a malloc'ed buffer: random channels by their size,
 * sequential ones until end of stream. */
static unsigned char *slurp(int ch, size_t *len)
{
	const struct ZVMChannel *c = &MANIFEST->channels[ch];
	int random = c->type & 1;
	size_t cap = random ? (size_t)c->size : READ_STEP, got = 0;
	unsigned char *buf = malloc(cap ? cap : 1);

	while (buf) {
		if (got == cap) {
			if (random)
				break;
			unsigned char *b = realloc(buf, cap * 2);
			if (!b)
				break;
			buf = b, cap *= 2;
		}
		size_t want = cap - got > (1u << 30) ? (1u << 30) : cap - got;
		int r = zvm_pread(ch, buf + got, (int32_t)want, random ? (int64_t)got : 0);
		if (r <= 0) {
			if (r < 0) {
				free(buf);
				return 0;
			}
			break;
		}
		got += (size_t)r;
	}
	*len = got;
	return buf;
}

/* Joins base and an archive name into out ("/mp/a/b"), dropping "./" and
 * leading "/"; ".." goes up, but never above the first floor bytes of base
 * (the mount point): such a name gives -1. */
static int join(char *out, size_t size, const char *base, const char *name, size_t floor)
{
	size_t n = strlen(base);
	if (n >= size)
		return -1;
	memmove(out, base, n + 1);
	while (n > 1 && out[n - 1] == '/')
		out[--n] = 0;
	if (floor > n)
		floor = n;
	for (const char *p = name; *p;) {
		while (*p == '/')
			p++;
		const char *e = p;
		while (*e && *e != '/')
			e++;
		size_t l = (size_t)(e - p);
		if (l == 2 && p[0] == '.' && p[1] == '.') {
			if (n <= floor)
				return -1;
			while (n > floor && out[n - 1] != '/')
				n--;
			if (n > 1)
				n--; /* the '/' */
			out[n] = 0;
		} else if (l && !(l == 1 && p[0] == '.')) {
			if (n + l + 2 > size)
				return -1;
			if (n > 1)
				out[n++] = '/';
			memcpy(out + n, p, l);
			out[n += l] = 0;
		}
		p = e;
	}
	return 0;
}

/* path = mount point + archive name (see join) */
static int entry_path(char *out, size_t size, const char *mp, const char *name)
{
	size_t floor = strlen(mp);
	while (floor > 1 && mp[floor - 1] == '/')
		floor--;
	return join(out, size, mp, name, floor);
}

/* A node for one archive entry at path, replacing a file that was there. */
static struct zrt_node *place(char *path, uint32_t type, uint32_t mode, int ro)
{
	char *last;
	struct zrt_node *dir = zrt_fs_parents(path, &last, ro), *n;
	if (!dir)
		return 0;
	if (!zrt_fs_lookup(dir, last, &n, 0, 0)) {
		if (S_ISDIR(type) && S_ISDIR(n->mode)) {
			if (n->ro == ro)
				n->mode = S_IFDIR | mode;
			return n;
		}
		if (!S_ISREG(n->mode) || n->chan >= 0 || S_ISDIR(type) || zrt_fs_unlink_entry(dir, last))
			return 0; /* keep channels, devices and directories */
	}
	n = zrt_fs_create(dir, last, type | mode);
	if (n)
		n->ro = (uint8_t)ro;
	return n;
}

/* The absolute target of a link entry at path (symbolic ones relative to
 * their own directory), or -1 if it climbs out of the mount point. */
static int link_target(char *out, size_t size, const char *path, const struct tar_entry *e,
		       const char *mp)
{
	static char base[PATH_MAX];
	size_t floor = strlen(mp);
	while (floor > 1 && mp[floor - 1] == '/')
		floor--;
	strcpy(base, mp);
	if (e->type == TAR_SYMLINK && e->link[0] != '/') {
		strcpy(base, path);
		*strrchr(base, '/') = 0;
		if (!base[0])
			strcpy(base, "/");
	}
	return join(out, size, base, e->link, floor);
}

/* A second name at path for the file at target: 0, or -1 if target is not
 * (yet) a plain file. */
static int link_to(char *path, const char *target, int ro)
{
	struct zrt_node *to, *dir, *old;
	char *last;

	if (zrt_fs_lookup(zrt_fs_root(), target, &to, 0, 0) || !S_ISREG(to->mode) || to->chan >= 0)
		return -1;
	if (!(dir = zrt_fs_parents(path, &last, ro)))
		return -1;
	if (!zrt_fs_lookup(dir, last, &old, 0, 0)) {
		if (old == to)
			return 0;
		if (!S_ISREG(old->mode) || old->chan >= 0 || zrt_fs_unlink_entry(dir, last))
			return -1;
	}
	return zrt_fs_link(dir, last, to);
}

/* Links whose target comes later in the archive wait here. */
struct pending {
	char *path, *target;
	struct pending *next;
};

static int defer(struct pending **list, const char *path, const char *target)
{
	struct pending *p = malloc(sizeof *p);
	if (!p || !(p->path = strdup(path)) || !(p->target = strdup(target))) {
		free(p);
		return -1;
	}
	p->next = *list;
	*list = p;
	return 0;
}

/* Places waiting links until a pass places none (links to links resolve
 * in later passes); returns how many were placed. */
static int settle(struct pending **list, const char *chan, int ro)
{
	int placed = 0, progress = 1;
	while (progress) {
		progress = 0;
		for (struct pending **pp = list; *pp;) {
			struct pending *p = *pp;
			if (link_to(p->path, p->target, ro)) {
				pp = &p->next;
				continue;
			}
			*pp = p->next;
			free(p->path), free(p->target), free(p);
			placed++, progress = 1;
		}
	}
	while (*list) {
		struct pending *p = *list;
		zrt_debug("zrt: [fstab] %s: %s: link to %s skipped\n", chan, p->path, p->target);
		*list = p->next;
		free(p->path), free(p->target), free(p);
	}
	return placed;
}

static void mount_one(const struct zrt_mount *m)
{
	static struct tar_reader rd;
	static struct tar_entry e;
	static char path[PATH_MAX], target[PATH_MAX];
	struct pending *links = 0;
	int ch = zrt_channel_find(m->channel), ro = m->access == MOUNT_RO, r, count = 0;
	size_t len;
	unsigned char *buf;

	if (ch < 0) {
		zrt_debug("zrt: [fstab] %s: no such channel\n", m->channel);
		return;
	}
	if (!(buf = slurp(ch, &len))) {
		zrt_debug("zrt: [fstab] %s: cannot read the image\n", m->channel);
		return;
	}
	tar_reader_init(&rd, buf, len);
	while ((r = tar_next(&rd, &e)) > 0) {
		struct zrt_node *n = 0;
		if (entry_path(path, sizeof path, m->mountpoint, e.name)) {
			zrt_debug("zrt: [fstab] %s: %s: outside the mount point\n", m->channel, e.name);
			continue;
		}
		if (!strcmp(path, "/"))
			continue; /* the root entry of an image mounted at / */
		switch (e.type) {
		case TAR_DIR:
			n = place(path, S_IFDIR, e.mode, ro);
			break;
		case TAR_FILE:
			if (e.size <= INT32_MAX && (n = place(path, S_IFREG, e.mode, ro))) {
				n->data = (char *)e.data;
				n->size = (int64_t)e.size;
				n->cap = 0;
				n->borrowed = 1;
			}
			break;
		case TAR_HARDLINK:
		case TAR_SYMLINK:
			if (link_target(target, sizeof target, path, &e, m->mountpoint))
				zrt_debug("zrt: [fstab] %s: %s: link outside the mount point\n", m->channel, e.name);
			else if (defer(&links, path, target))
				zrt_debug("zrt: [fstab] %s: out of memory\n", m->channel);
			continue;
		default:
			zrt_debug("zrt: [fstab] %s: %s: type '%c' skipped\n", m->channel, e.name, e.type);
			continue;
		}
		if (!n) {
			zrt_debug("zrt: [fstab] %s: %s: not placed\n", m->channel, e.name);
			continue;
		}
		n->atime = n->mtime = n->ctime =
			e.mtime > INT64_MAX / 1000000000 ? INT64_MAX : e.mtime * 1000000000;
		count++;
	}
	count += settle(&links, m->channel, ro);
	if (r < 0)
		zrt_debug("zrt: [fstab] %s: %s after %d entries\n", m->channel, rd.error, count);
	else
		zrt_debug("zrt: [fstab] %s: %d entries at %s\n", m->channel, count, m->mountpoint);
}

void zrt_tar_mount_all(void)
{
	for (int i = 0; i < zrt_cfg.nmounts; i++)
		if (zrt_cfg.mounts[i].access != MOUNT_WO)
			mount_one(&zrt_cfg.mounts[i]);
}

/* ---- export ------------------------------------------------------------- */

struct out {
	int ch, random;
	uint64_t total;     /* bytes emitted */
	size_t fill;
	int failed;
	unsigned char buf[64 * 1024];
};

static int flush_out(struct out *o)
{
	size_t done = 0;
	while (done < o->fill && !o->failed) {
		int64_t at = o->random ? (int64_t)(o->total - o->fill + done) : 0;
		int r = zvm_pwrite(o->ch, o->buf + done, (int32_t)(o->fill - done), at);
		if (r <= 0)
			o->failed = 1;
		else
			done += (size_t)r;
	}
	o->fill = 0;
	return o->failed ? -1 : 0;
}

static int emit(void *ctx, const void *p, size_t n)
{
	struct out *o = ctx;
	const unsigned char *s = p;
	while (n && !o->failed) {
		size_t k = sizeof o->buf - o->fill;
		if (k > n)
			k = n;
		memcpy(o->buf + o->fill, s, k);
		o->fill += k, o->total += k, s += k, n -= k;
		if (o->fill == sizeof o->buf)
			flush_out(o);
	}
	return o->failed ? -1 : 0;
}

/* Writes dir's entries, depth first; rel is the archive path so far. */
static int export_dir(struct out *o, const struct zrt_node *dir, char *rel, size_t len)
{
	for (int i = 0; i < dir->nkids; i++) {
		const struct zrt_node *n = dir->kids[i].node;
		const char *name = dir->kids[i].name;
		size_t l = strlen(name);
		if (n->chan >= 0 || n->dev != DEV_NONE || (!S_ISDIR(n->mode) && !S_ISREG(n->mode)))
			continue;
		if (len + l + 2 >= PATH_MAX)
			continue;
		memcpy(rel + len, name, l);
		int64_t mt = n->mtime / 1000000000;
		if (S_ISDIR(n->mode)) {
			rel[len + l] = '/';
			rel[len + l + 1] = 0;
			if (tar_write_header(emit, o, rel, TAR_DIR, n->mode, 0, mt) ||
			    export_dir(o, n, rel, len + l + 1))
				return -1;
		} else {
			rel[len + l] = 0;
			if (tar_write_header(emit, o, rel, TAR_FILE, n->mode, (uint64_t)n->size, mt) ||
			    emit(o, n->data, (size_t)n->size) || tar_write_pad(emit, o, (uint64_t)n->size))
				return -1;
		}
	}
	return 0;
}

static void export_one(const struct zrt_mount *m)
{
	static struct out o;
	static char rel[PATH_MAX];
	struct zrt_node *dir;
	int ch = zrt_channel_find(m->channel);

	if (ch < 0 || !(MANIFEST->channels[ch].limits[PutsLimit] > 0)) {
		zrt_debug("zrt: [fstab] %s: no such writable channel\n", m->channel);
		return;
	}
	if (zrt_fs_lookup(zrt_fs_root(), m->mountpoint, &dir, 0, 0) || !S_ISDIR(dir->mode) ||
	    (dir == zrt_fs_root() && m->access == MOUNT_WO)) {
		zrt_debug("zrt: [fstab] %s: %s is not a directory to export\n", m->channel, m->mountpoint);
		return;
	}
	memset(&o, 0, offsetof(struct out, buf));
	o.ch = ch;
	o.random = MANIFEST->channels[ch].type & 2;
	rel[0] = 0;
	if (export_dir(&o, dir, rel, 0) || tar_write_end(emit, &o, o.total) || flush_out(&o))
		zrt_debug("zrt: [fstab] %s: export failed after %llu bytes\n", m->channel,
			  (unsigned long long)o.total);
}

void zrt_tar_export_all(void)
{
	static int done;
	if (done++)
		return; /* once, even if exit runs again from a handler */
	for (int i = 0; i < zrt_cfg.nmounts; i++)
		if (zrt_cfg.mounts[i].access != MOUNT_RO)
			export_one(&zrt_cfg.mounts[i]);
}
