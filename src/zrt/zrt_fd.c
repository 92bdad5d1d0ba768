/*
 * zrt_fd.c - file descriptors and the I/O calls on them.
 *
 * A descriptor points at an open file description (position, flags) shared
 * by dup. 0, 1 and 2 are /dev/stdin, /dev/stdout and /dev/stderr, opened at
 * the first use. Reads and writes go to the memory file, to the emulated
 * device, or to the channel through zvm_pread/zvm_pwrite (a sequential
 * channel ignores the position; a random one reads and writes at it).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>
#include <zvm.h>

#include "zrt.h"

#define MAX_FD 1024
#define CHUNK (1 << 30) /* a trap moves at most an int32 of bytes */

struct ofd {
	int refs;
	int flags; /* O_ACCMODE | O_APPEND | O_NONBLOCK | O_DIRECTORY ... */
	int64_t pos;
	struct zrt_node *node;
};

static struct { struct ofd *f; int cloexec; } fds[MAX_FD];
static int inited;

static struct ofd *open_node(struct zrt_node *n, int flags)
{
	struct ofd *f = calloc(1, sizeof *f);
	if (!f)
		return 0;
	f->refs = 1;
	f->flags = flags & ~(O_CREAT | O_EXCL | O_TRUNC | O_CLOEXEC | O_NOCTTY);
	f->node = n;
	n->opens++;
	return f;
}

static void put_ofd(struct ofd *f)
{
	if (--f->refs > 0)
		return;
	f->node->opens--;
	zrt_fs_release(f->node);
	free(f);
}

void zrt_fd_init(void)
{
	static const char *const std[3] = { "/dev/stdin", "/dev/stdout", "/dev/stderr" };
	if (inited)
		return;
	inited = 1;
	zrt_fs_init();
	for (int i = 0; i < 3; i++) {
		struct zrt_node *n;
		if (zrt_fs_lookup(zrt_fs_root(), std[i], &n, 0, 0) == 0)
			fds[i].f = open_node(n, i == 0 ? O_RDONLY : O_WRONLY);
	}
}

static struct ofd *get(int fd)
{
	if (!inited)
		zrt_fd_init();
	if (fd < 0 || fd >= MAX_FD)
		return 0;
	return fds[fd].f;
}

struct zrt_node *zrt_fd_node(int fd)
{
	struct ofd *f = get(fd);
	return f ? f->node : 0;
}

static int alloc_fd(int from)
{
	for (int i = from < 0 ? 0 : from; i < MAX_FD; i++)
		if (!fds[i].f)
			return i;
	return -EMFILE;
}

/* The directory a *at call starts from; 0 for an absolute path. */
static int at_dir(int dirfd, const char *path, struct zrt_node **dir)
{
	if (!path)
		return -EFAULT;
	if (!inited)
		zrt_fd_init();
	if (path[0] == '/' || dirfd == AT_FDCWD) {
		*dir = zrt_fs_cwd();
		return 0;
	}
	struct ofd *f = get(dirfd);
	if (!f)
		return -EBADF;
	if (!S_ISDIR(f->node->mode))
		return -ENOTDIR;
	*dir = f->node;
	return 0;
}

long zrt_openat(int dirfd, const char *path, int flags, uint32_t mode)
{
	struct zrt_node *dir, *n, *parent;
	char name[NAME_MAX + 1];
	int r = at_dir(dirfd, path, &dir);
	int acc = flags & O_ACCMODE;

	if (r)
		return r;
	if (acc == 3)
		return -EINVAL;
	if ((flags & O_TMPFILE) == O_TMPFILE)
		return -EOPNOTSUPP;
	r = zrt_fs_lookup(dir, path, &n, &parent, name);
	if (r == -ENOENT && (flags & O_CREAT) && parent) {
		if (flags & O_DIRECTORY)
			return -EINVAL;
		if (path[strlen(path) - 1] == '/')
			return -EISDIR;
		if (parent->ro)
			return -EROFS;
		n = zrt_fs_create(parent, name, S_IFREG | (mode & 07777 & ~zrt_umask()));
		if (!n)
			return -ENOSPC;
	} else if (r) {
		return r;
	} else if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL)) {
		return -EEXIST;
	} else {
		if (S_ISDIR(n->mode) && (acc != O_RDONLY || (flags & O_CREAT)))
			return -EISDIR;
		if ((flags & O_DIRECTORY) && !S_ISDIR(n->mode))
			return -ENOTDIR;
		if (n->ro && (acc != O_RDONLY || (flags & O_TRUNC)))
			return -EROFS;
		if (n->chan >= 0) {
			/* a channel opens only in the directions the manifest allows */
			if ((acc != O_WRONLY && !(n->mode & 0444)) || (acc != O_RDONLY && !(n->mode & 0222)))
				return -EACCES;
		}
		/* Linux truncates even with O_RDONLY */
		if ((flags & O_TRUNC) && S_ISREG(n->mode) && n->chan < 0)
			zrt_fs_truncate(n, 0);
	}
	int fd = alloc_fd(0);
	if (fd < 0)
		return fd;
	struct ofd *f = open_node(n, flags);
	if (!f)
		return -ENOMEM;
	fds[fd].f = f;
	fds[fd].cloexec = !!(flags & O_CLOEXEC);
	return fd;
}

long zrt_close(int fd)
{
	struct ofd *f = get(fd);
	if (!f)
		return -EBADF;
	fds[fd].f = 0;
	put_ofd(f);
	return 0;
}

/* ---- the byte movers ---------------------------------------------------- */

static long chan_read(struct zrt_node *n, char *buf, size_t len, int64_t off)
{
	const struct ZVMChannel *c = &MANIFEST->channels[n->chan];
	int random = c->type & 1;
	if (len > CHUNK)
		len = CHUNK;
	int r = zvm_pread(n->chan, buf, len, random ? off : 0);
	return r;
}

static long chan_write(struct zrt_node *n, const char *buf, size_t len, int64_t off)
{
	const struct ZVMChannel *c = &MANIFEST->channels[n->chan];
	int random = c->type & 2;
	size_t done = 0;
	while (done < len) {
		size_t k = len - done > CHUNK ? CHUNK : len - done;
		int r = zvm_pwrite(n->chan, buf + done, k, random ? off + (int64_t)done : 0);
		if (r < 0)
			return done ? (long)done : r;
		if (r == 0)
			break;
		done += (size_t)r;
	}
	if (random && off + (int64_t)done > n->size)
		n->size = off + (int64_t)done;
	return (long)done;
}

static int seekable(const struct zrt_node *n)
{
	return !S_ISCHR(n->mode) && !S_ISFIFO(n->mode);
}

/* Reads at off (or at the file position when off < 0) and moves it. */
static long do_read(struct ofd *f, void *buf, size_t len, int64_t off)
{
	struct zrt_node *n = f->node;
	int64_t at = off >= 0 ? off : f->pos;
	long r;

	if ((f->flags & O_ACCMODE) == O_WRONLY)
		return -EBADF;
	if (S_ISDIR(n->mode))
		return -EISDIR;
	if (!len)
		return 0;
	if (n->chan >= 0) {
		r = chan_read(n, buf, len, at);
	} else if (n->dev != DEV_NONE) {
		if (len > CHUNK)
			len = CHUNK;
		if (n->dev == DEV_NULL)
			r = 0;
		else if (n->dev == DEV_RANDOM)
			zrt_random_fill(buf, len), r = (long)len;
		else
			memset(buf, 0, len), r = (long)len;
	} else {
		if (at >= n->size)
			return 0;
		int64_t k = n->size - at;
		if ((int64_t)len < k)
			k = (int64_t)len;
		if (k > CHUNK)
			k = CHUNK;
		memcpy(buf, n->data + at, (size_t)k);
		r = (long)k;
		n->atime = zrt_now_ns();
	}
	if (r > 0 && off < 0 && seekable(n))
		f->pos += r;
	return r;
}

static long do_write(struct ofd *f, const void *buf, size_t len, int64_t off)
{
	struct zrt_node *n = f->node;
	int64_t at;
	long r;

	if ((f->flags & O_ACCMODE) == O_RDONLY)
		return -EBADF;
	/* O_APPEND writes at the end of a memory file or a random channel;
	 * on Linux even pwrite does */
	if ((f->flags & O_APPEND) && seekable(n) && n->dev == DEV_NONE) {
		if (off < 0)
			f->pos = n->size;
		else
			off = n->size;
	}
	at = off >= 0 ? off : f->pos;
	if (!len)
		return 0;
	if (n->chan >= 0) {
		r = chan_write(n, buf, len, at);
	} else if (n->dev != DEV_NONE) {
		r = n->dev == DEV_FULL ? -ENOSPC : (long)(len > CHUNK ? CHUNK : len);
	} else {
		if (len > CHUNK)
			len = CHUNK;
		if (at + (int64_t)len > INT32_MAX)
			return -EFBIG;
		int e = zrt_fs_reserve(n, (size_t)(at + (int64_t)len));
		if (e)
			return e;
		if (at > n->size)
			memset(n->data + n->size, 0, (size_t)(at - n->size));
		memcpy(n->data + at, buf, len);
		if (at + (int64_t)len > n->size)
			n->size = at + (int64_t)len;
		n->mtime = n->ctime = zrt_now_ns();
		r = (long)len;
	}
	if (r > 0 && off < 0 && seekable(n))
		f->pos += r;
	return r;
}

long zrt_read(int fd, void *buf, size_t n)
{
	struct ofd *f = get(fd);
	return f ? do_read(f, buf, n, -1) : -EBADF;
}

long zrt_write(int fd, const void *buf, size_t n)
{
	struct ofd *f = get(fd);
	return f ? do_write(f, buf, n, -1) : -EBADF;
}

/* Positioned I/O needs an offset >= 0 on a seekable file or an emulated
 * device (which ignores it, as Linux's do): 0 or -errno. */
static long positioned_ok(const struct ofd *f, int64_t off)
{
	if (off < 0)
		return -EINVAL;
	return seekable(f->node) || f->node->dev != DEV_NONE ? 0 : -ESPIPE;
}

long zrt_pread(int fd, void *buf, size_t n, int64_t off)
{
	struct ofd *f = get(fd);
	long e;
	if (!f)
		return -EBADF;
	if ((e = positioned_ok(f, off)) != 0)
		return e;
	return do_read(f, buf, n, off);
}

long zrt_pwrite(int fd, const void *buf, size_t n, int64_t off)
{
	struct ofd *f = get(fd);
	long e;
	if (!f)
		return -EBADF;
	if ((e = positioned_ok(f, off)) != 0)
		return e;
	return do_write(f, buf, n, off);
}

/* A small writev to a channel goes out as one trap, not one per piece:
 * musl's stdio flushes its buffer and the new bytes as two. (A bad pointer
 * then faults here, as it does for a memory file, instead of -EFAULT.) */
#define GATHER 4096

static long gathered_write(struct ofd *f, const struct iovec *iov, int cnt, int64_t off)
{
	char buf[GATHER];
	size_t len = 0;
	for (int i = 0; i < cnt; i++) {
		memcpy(buf + len, iov[i].iov_base, iov[i].iov_len);
		len += iov[i].iov_len;
	}
	return do_write(f, buf, len, off);
}

/* readv/writev and their positioned forms: one loop, stopping at the first
 * short transfer; an error after some bytes returns the bytes. */
static long vec_io(int fd, const struct iovec *iov, int cnt, int64_t off, int positioned, int write)
{
	struct ofd *f = get(fd);
	long total = 0, e;
	size_t sum = 0;
	if (!f)
		return -EBADF;
	if (cnt < 0 || cnt > 1024)
		return -EINVAL;
	if (positioned && (e = positioned_ok(f, off)) != 0)
		return e;
	if (write && cnt > 1 && f->node->chan >= 0) {
		int i = 0;
		while (i < cnt && iov[i].iov_len <= GATHER - sum)
			sum += iov[i++].iov_len;
		if (i == cnt)
			return gathered_write(f, iov, cnt, positioned ? off : -1);
	}
	for (int i = 0; i < cnt; i++) {
		if (!iov[i].iov_len)
			continue;
		int64_t at = positioned ? off + total : -1;
		long r = write ? do_write(f, iov[i].iov_base, iov[i].iov_len, at)
			       : do_read(f, iov[i].iov_base, iov[i].iov_len, at);
		if (r < 0)
			return total ? total : r;
		total += r;
		if ((size_t)r < iov[i].iov_len)
			break;
	}
	return total;
}

long zrt_readv(int fd, const void *iovp, int cnt, int64_t off, int positioned)
{
	return vec_io(fd, iovp, cnt, off, positioned, 0);
}

long zrt_writev(int fd, const void *iovp, int cnt, int64_t off, int positioned)
{
	return vec_io(fd, iovp, cnt, off, positioned, 1);
}

int64_t zrt_lseek(int fd, int64_t off, int whence)
{
	struct ofd *f = get(fd);
	int64_t base;
	if (!f)
		return -EBADF;
	if (f->node->dev != DEV_NONE)
		return 0; /* Linux's memory devices: every seek lands at 0 */
	if (!seekable(f->node))
		return -ESPIPE;
	switch (whence) {
	case SEEK_SET: base = 0; break;
	case SEEK_CUR: base = f->pos; break;
	case SEEK_END: base = S_ISDIR(f->node->mode) ? 0 : f->node->size; break;
	default: return -EINVAL;
	}
	if ((off > 0 && base > INT64_MAX - off) || base + off < 0)
		return -EINVAL;
	f->pos = base + off;
	return f->pos;
}

/* ---- metadata ----------------------------------------------------------- */

long zrt_fstatat(int dirfd, const char *path, void *kst, int flags)
{
	struct zrt_node *dir, *n;
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT))
		return -EINVAL;
	if ((flags & AT_EMPTY_PATH) && path && !*path) {
		if (dirfd == AT_FDCWD) {
			n = zrt_fs_cwd();
		} else {
			struct ofd *f = get(dirfd);
			if (!f)
				return -EBADF;
			n = f->node;
		}
	} else {
		int r = at_dir(dirfd, path, &dir);
		if (r)
			return r;
		r = zrt_fs_lookup(dir, path, &n, 0, 0);
		if (r)
			return r;
	}
	zrt_fs_stat(n, kst);
	return 0;
}

long zrt_getdents64(int fd, void *buf, size_t len)
{
	struct ofd *f = get(fd);
	char *out = buf;
	size_t used = 0;
	if (!f)
		return -EBADF;
	struct zrt_node *d = f->node;
	if (!S_ISDIR(d->mode))
		return -ENOTDIR;
	if (d->nlink == 0)
		return 0; /* removed while open */
	for (;;) {
		int64_t i = f->pos;
		const char *name;
		const struct zrt_node *n;
		if (i == 0)
			name = ".", n = d;
		else if (i == 1)
			name = "..", n = d->parent ? d->parent : d;
		else if (i - 2 < d->nkids)
			name = d->kids[i - 2].name, n = d->kids[i - 2].node;
		else
			break;
		size_t nl = strlen(name);
		size_t rec = (19 + nl + 1 + 7) & ~(size_t)7;
		if (used + rec > len) {
			if (!used)
				return -EINVAL;
			break;
		}
		char *e = out + used;
		uint64_t ino = n->ino;
		int64_t doff = i + 1;
		uint16_t reclen = (uint16_t)rec;
		memcpy(e, &ino, 8);
		memcpy(e + 8, &doff, 8);
		memcpy(e + 16, &reclen, 2);
		e[18] = (char)(S_ISDIR(n->mode) ? DT_DIR : S_ISCHR(n->mode) ? DT_CHR : S_ISFIFO(n->mode) ? DT_FIFO : DT_REG);
		memcpy(e + 19, name, nl);
		memset(e + 19 + nl, 0, rec - 19 - nl);
		used += rec;
		f->pos = i + 1;
	}
	return (long)used;
}

long zrt_mkdirat(int dirfd, const char *path, uint32_t mode)
{
	struct zrt_node *dir, *n, *parent;
	char name[NAME_MAX + 1];
	int r = at_dir(dirfd, path, &dir);
	if (r)
		return r;
	r = zrt_fs_lookup(dir, path, &n, &parent, name);
	if (r == 0)
		return -EEXIST;
	if (r != -ENOENT || !parent)
		return r;
	if (parent->ro)
		return -EROFS;
	if (!zrt_fs_create(parent, name, S_IFDIR | (mode & 07777 & ~zrt_umask())))
		return -ENOSPC;
	return 0;
}

static int is_dot(const char *name)
{
	return !strcmp(name, ".") || !strcmp(name, "..");
}

long zrt_unlinkat(int dirfd, const char *path, int flags)
{
	struct zrt_node *dir, *n, *parent;
	char name[NAME_MAX + 1];
	int r = at_dir(dirfd, path, &dir);
	if (r)
		return r;
	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	r = zrt_fs_lookup(dir, path, &n, &parent, name);
	if (r)
		return r;
	if (flags & AT_REMOVEDIR) {
		if (!S_ISDIR(n->mode))
			return -ENOTDIR;
		if (n == zrt_fs_root())
			return -EBUSY;
		if (!strcmp(name, "."))
			return -EINVAL;
		if (!strcmp(name, ".."))
			return -ENOTEMPTY;
		if (n->nkids)
			return -ENOTEMPTY;
		if (n == zrt_fs_cwd())
			zrt_fs_chdir(zrt_fs_root());
	} else {
		if (S_ISDIR(n->mode))
			return -EISDIR;
		if (n->chan >= 0 || n->dev != DEV_NONE)
			return -EPERM; /* channels and devices stay */
	}
	if (parent->ro)
		return -EROFS;
	return zrt_fs_unlink_entry(parent, name);
}

static int trailing_slash(const char *path)
{
	size_t n = strlen(path);
	return n && path[n - 1] == '/';
}

static int inside(const struct zrt_node *n, const struct zrt_node *dir)
{
	for (; n; n = n->parent)
		if (n == dir)
			return 1;
	return 0;
}

long zrt_renameat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned flags)
{
	struct zrt_node *od, *nd, *o, *n, *op, *np;
	char oname[NAME_MAX + 1], nname[NAME_MAX + 1];
	int r;

	if (flags)
		return -EINVAL;
	if ((r = at_dir(olddirfd, oldpath, &od)) || (r = at_dir(newdirfd, newpath, &nd)))
		return r;
	if ((r = zrt_fs_lookup(od, oldpath, &o, &op, oname)))
		return r;
	if (!op || is_dot(oname))
		return -EBUSY;
	r = zrt_fs_lookup(nd, newpath, &n, &np, nname);
	if (r && r != -ENOENT)
		return r;
	if (!np)
		return r ? r : -EBUSY;
	if (is_dot(nname))
		return -EBUSY;
	if (o->chan >= 0 || o->dev != DEV_NONE)
		return -EPERM;
	if (op->ro || np->ro)
		return -EROFS;
	if (n == o)
		return 0;
	if (S_ISDIR(o->mode) && inside(np, o))
		return -EINVAL;
	/* "name/" names a directory: a file cannot move there, or from there */
	if (!S_ISDIR(o->mode) && (trailing_slash(oldpath) || trailing_slash(newpath)))
		return -ENOTDIR;
	if (n) {
		if (S_ISDIR(o->mode) && !S_ISDIR(n->mode))
			return -ENOTDIR;
		if (!S_ISDIR(o->mode) && S_ISDIR(n->mode))
			return -EISDIR;
		if (S_ISDIR(n->mode) && n->nkids)
			return -ENOTEMPTY;
		if (n->chan >= 0 || n->dev != DEV_NONE)
			return -EPERM;
	}
	uint32_t nlink = o->nlink; /* a directory's counts its subdirectories */
	o->opens++;                /* keep it alive across the unlink */
	if (n)
		zrt_fs_unlink_entry(np, nname);
	zrt_fs_unlink_entry(op, oname);
	r = zrt_fs_link(np, nname, o);
	o->opens--;
	o->nlink = nlink;
	o->ctime = zrt_now_ns();
	return r;
}

long zrt_ftruncate(int fd, int64_t len)
{
	struct ofd *f = get(fd);
	if (!f)
		return -EBADF;
	if ((f->flags & O_ACCMODE) == O_RDONLY)
		return -EINVAL;
	if (!S_ISREG(f->node->mode) || f->node->chan >= 0)
		return -EINVAL;
	return zrt_fs_truncate(f->node, len);
}

long zrt_truncate(const char *path, int64_t len)
{
	struct zrt_node *n;
	if (!path)
		return -EFAULT;
	int r = zrt_fs_lookup(zrt_fs_cwd(), path, &n, 0, 0);
	if (r)
		return r;
	if (S_ISDIR(n->mode))
		return -EISDIR;
	if (!S_ISREG(n->mode) || n->chan >= 0)
		return -EINVAL;
	if (n->ro)
		return -EROFS;
	return zrt_fs_truncate(n, len);
}

/* ---- descriptors -------------------------------------------------------- */

long zrt_dup3(int oldfd, int newfd, int flags, int allow_same)
{
	struct ofd *f = get(oldfd);
	if (!f)
		return -EBADF;
	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (newfd < 0 || newfd >= MAX_FD)
		return -EBADF;
	if (oldfd == newfd)
		return allow_same ? newfd : -EINVAL;
	if (fds[newfd].f)
		put_ofd(fds[newfd].f);
	f->refs++;
	fds[newfd].f = f;
	fds[newfd].cloexec = !!(flags & O_CLOEXEC);
	return newfd;
}

long zrt_fcntl(int fd, int cmd, long arg)
{
	struct ofd *f = get(fd);
	if (!f)
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC: {
		int nfd = alloc_fd((int)arg);
		if (arg < 0 || arg >= MAX_FD)
			return -EINVAL;
		if (nfd < 0)
			return nfd;
		f->refs++;
		fds[nfd].f = f;
		fds[nfd].cloexec = cmd == F_DUPFD_CLOEXEC;
		return nfd;
	}
	case F_GETFD:
		return fds[fd].cloexec ? FD_CLOEXEC : 0;
	case F_SETFD:
		fds[fd].cloexec = !!(arg & FD_CLOEXEC);
		return 0;
	case F_GETFL:
		return f->flags | O_LARGEFILE;
	case F_SETFL:
		f->flags = (f->flags & ~(O_APPEND | O_NONBLOCK)) | ((int)arg & (O_APPEND | O_NONBLOCK));
		return 0;
	case F_GETLK: {
		struct flock *l = (struct flock *)(uintptr_t)arg;
		if (!l)
			return -EFAULT;
		l->l_type = F_UNLCK;
		return 0;
	}
	case F_SETLK:
	case F_SETLKW:
		return 0; /* one process: every lock is granted */
	default:
		return -EINVAL;
	}
}

long zrt_ioctl(int fd, unsigned long req, void *arg)
{
	(void)req;
	(void)arg;
	if (!get(fd))
		return -EBADF;
	return -ENOTTY;
}

long zrt_faccessat(int dirfd, const char *path, int mode, int flags)
{
	struct zrt_node *dir, *n;
	int r = at_dir(dirfd, path, &dir);
	if (r)
		return r;
	if (mode & ~7 || flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW))
		return -EINVAL;
	if ((r = zrt_fs_lookup(dir, path, &n, 0, 0)))
		return r;
	if ((mode & R_OK) && n->chan >= 0 && !(n->mode & 0444))
		return -EACCES;
	if ((mode & W_OK) && n->chan >= 0 && !(n->mode & 0222))
		return -EACCES;
	if ((mode & W_OK) && n->ro)
		return -EROFS;
	if ((mode & X_OK) && !S_ISDIR(n->mode) && !(n->mode & 0111))
		return -EACCES;
	return 0;
}

long zrt_getcwd(char *buf, size_t size)
{
	if (!buf)
		return -EFAULT;
	return zrt_fs_path(zrt_fs_cwd(), buf, size);
}

long zrt_chdir(const char *path)
{
	struct zrt_node *n;
	if (!path)
		return -EFAULT;
	int r = zrt_fs_lookup(zrt_fs_cwd(), path, &n, 0, 0);
	if (r)
		return r;
	if (!S_ISDIR(n->mode))
		return -ENOTDIR;
	zrt_fs_chdir(n);
	return 0;
}

long zrt_fchdir(int fd)
{
	struct ofd *f = get(fd);
	if (!f)
		return -EBADF;
	if (!S_ISDIR(f->node->mode))
		return -ENOTDIR;
	zrt_fs_chdir(f->node);
	return 0;
}

long zrt_fchmodat(int dirfd, const char *path, uint32_t mode, int flags)
{
	struct zrt_node *dir, *n;
	int r = at_dir(dirfd, path, &dir);
	if (r)
		return r;
	(void)flags;
	if ((r = zrt_fs_lookup(dir, path, &n, 0, 0)))
		return r;
	if (n->ro)
		return -EROFS;
	n->mode = (n->mode & S_IFMT) | (mode & 07777);
	n->ctime = zrt_now_ns();
	return 0;
}

long zrt_fchmod(int fd, uint32_t mode)
{
	struct ofd *f = get(fd);
	if (!f)
		return -EBADF;
	if (f->node->ro)
		return -EROFS;
	f->node->mode = (f->node->mode & S_IFMT) | (mode & 07777);
	f->node->ctime = zrt_now_ns();
	return 0;
}

long zrt_utimensat(int dirfd, const char *path, const void *times, int flags)
{
	struct zrt_node *n;
	(void)flags;
	if (path) {
		struct zrt_node *dir;
		int r = at_dir(dirfd, path, &dir);
		if (r)
			return r;
		if ((r = zrt_fs_lookup(dir, path, &n, 0, 0)))
			return r;
	} else {
		struct ofd *f = get(dirfd);
		if (!f)
			return -EBADF;
		n = f->node;
	}
	if (n->ro)
		return -EROFS;
	int64_t now = zrt_now_ns();
	const int64_t *t = times; /* two {sec, nsec} pairs, nsec read as 32 bits */
	for (int i = 0; i < 2; i++) {
		int64_t v = now;
		if (t) {
			int32_t ns = (int32_t)t[2 * i + 1];
			if (ns == UTIME_OMIT)
				continue;
			if (ns != UTIME_NOW) {
				if (ns < 0 || ns >= 1000000000)
					return -EINVAL;
				v = t[2 * i] * 1000000000 + ns;
			}
		}
		if (i == 0)
			n->atime = v;
		else
			n->mtime = v;
	}
	n->ctime = now;
	return 0;
}

long zrt_fsync(int fd)
{
	return get(fd) ? 0 : -EBADF;
}
