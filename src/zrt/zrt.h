/*
 * zrt.h - ZRT, the in-sandbox runtime: what its parts share.
 *
 * musl's system-call layer calls __zrt_syscall (ports/musl/patches/0001)
 * instead of the `syscall` instruction; zrt_syscall.c dispatches each call
 * to one of the parts below, which emulate Linux x32 on top of the six
 * ZeroVM traps. Every function returns a result or -errno, like the kernel.
 *
 *   zrt_start.S    _start: align the stack, call __zrt_start_c
 *   zrt_init.c     startup: heap, nvram, argv/envp/auxv, __libc_start_main
 *   zrt_syscall.c  the dispatcher; process identity, signals, exit
 *   zrt_nvram.c    the /dev/nvram INI parser (pure: the fuzz target runs it)
 *   zrt_mem.c      brk and anonymous mmap/munmap/mremap over the heap
 *   zrt_time.c     the deterministic clock and random source
 *   zrt_fs.c       the in-memory file tree at /, channels and devices in it
 *   zrt_tar.c      [fstab]: tar images mounted into the tree, subtrees exported
 *   zrt_fd.c       descriptors and the I/O calls on them
 *   zrt_compiler.c compiler-rt helpers (128-bit division, conversions), emutls
 *
 * The guest is single-threaded; nothing here locks.
 */
#ifndef ZRT_H
#define ZRT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* ---- startup and memory (zrt_init.c, zrt_mem.c) ------------------------- */
void zrt_mem_init(uintptr_t heap, uint32_t size);
void *zrt_early_alloc(size_t size); /* before libc runs; never freed */
long zrt_brk(uintptr_t addr);
long zrt_mmap(uintptr_t addr, size_t len, int prot, int flags, int fd, int64_t off);
long zrt_munmap(uintptr_t addr, size_t len);
long zrt_mremap(uintptr_t old, size_t oldlen, size_t newlen, int flags, uintptr_t newaddr);
long zrt_mprotect(uintptr_t addr, size_t len, int prot);

/* ---- nvram (zrt_nvram.c) ------------------------------------------------ */
enum zrt_access { MOUNT_RO, MOUNT_RW, MOUNT_WO };
struct zrt_mount {             /* [fstab] */
	const char *channel, *mountpoint;
	enum zrt_access access;
};
struct zrt_mapping {           /* [mapping] */
	const char *channel;
	uint32_t type;         /* S_IFIFO, S_IFCHR or S_IFREG */
};
#define ZRT_MAX_MOUNTS 16
#define ZRT_MAX_MAPPINGS 64

struct zrt_config {
	int argc, envc;
	char **argv, **envp;   /* NULL-terminated */
	int64_t time_sec;      /* [time] seconds */
	uint64_t seed;         /* [random] seed */
	int verbosity;         /* [debug] verbosity */
	int precache;          /* [precache] precache=yes */
	int nmounts, nmappings;
	struct zrt_mount mounts[ZRT_MAX_MOUNTS];
	struct zrt_mapping mappings[ZRT_MAX_MAPPINGS];
};
extern struct zrt_config zrt_cfg;
/* Parses nvram text (modified in place; NULL: none) into zrt_cfg; with
 * reload set (after zfork), [time] and [random] keep their startup values
 * and memory comes from malloc instead of zrt_early_alloc. */
void zrt_nvram_parse(char *text, int reload);
/* Reads /dev/nvram (if the manifest has it) and parses it (zrt_init.c). */
void zrt_nvram_load(int reload);

/* ---- channels (zrt_init.c) ---------------------------------------------- */
int zrt_channel_find(const char *alias); /* handle or -1 */
void zrt_debug(const char *fmt, ...);    /* to /dev/debug when [debug] verbosity > 0 */

/* ---- time and randomness (zrt_time.c) ----------------------------------- */
void zrt_time_init(int64_t seconds, uint64_t seed);
int64_t zrt_now_ns(void);   /* current clock, not advanced */
long zrt_clock_gettime(int clk, void *ts);
long zrt_gettimeofday(void *tv);
long zrt_nanosleep(const void *req, void *rem);
long zrt_clock_nanosleep(int clk, int flags, const void *req, void *rem);
long zrt_times(void *buf);
long zrt_getrandom(void *buf, size_t len, unsigned flags);
void zrt_random_fill(void *buf, size_t len);

/* ---- file tree (zrt_fs.c) ----------------------------------------------- */
enum zrt_dev { DEV_NONE, DEV_NULL, DEV_ZERO, DEV_FULL, DEV_RANDOM };

struct zrt_dirent;
struct zrt_node {
	uint32_t mode;            /* S_IF* | permission bits */
	uint64_t ino;
	uint32_t nlink;
	int64_t size;
	char *data;               /* regular memory file contents */
	size_t cap;
	int chan;                 /* manifest channel handle, or -1 */
	enum zrt_dev dev;         /* emulated device */
	int64_t atime, mtime, ctime; /* nanoseconds */
	int opens;                /* open file descriptions on it */
	uint8_t ro;               /* from a read-only image: EROFS */
	uint8_t borrowed;         /* data points into an image (copied on write) */
	struct zrt_node *parent;  /* directories */
	struct zrt_dirent *kids;
	int nkids, capkids;
};
struct zrt_dirent {
	char *name;
	struct zrt_node *node;
};

void zrt_fs_init(void);
struct zrt_node *zrt_fs_root(void);
struct zrt_node *zrt_fs_cwd(void);
/* Resolves path relative to dir. On success *out is the node (0 if only the
 * last component is missing and want_parent is set: then *parent and *name
 * (into the caller's buffer namebuf, NAME_MAX+1 bytes) name the place). */
int zrt_fs_lookup(struct zrt_node *dir, const char *path, struct zrt_node **out,
		  struct zrt_node **parent, char *namebuf);
struct zrt_node *zrt_fs_create(struct zrt_node *dir, const char *name, uint32_t mode);
int zrt_fs_link(struct zrt_node *dir, const char *name, struct zrt_node *n);
int zrt_fs_unlink_entry(struct zrt_node *dir, const char *name);
void zrt_fs_release(struct zrt_node *n); /* free when unlinked and closed */
int zrt_fs_truncate(struct zrt_node *n, int64_t len);
int zrt_fs_reserve(struct zrt_node *n, size_t len);
void zrt_fs_stat(const struct zrt_node *n, void *kstat);
int zrt_fs_path(const struct zrt_node *n, char *buf, size_t size);
uint32_t zrt_umask(void);
long zrt_set_umask(uint32_t mask);
void zrt_fs_chdir(struct zrt_node *n);
/* Creates the missing directories of path (absolute, modified in place) up to
 * its last component, marking new ones read-only if ro; returns the parent and
 * points *last at the last component, or 0 if a component is not a directory. */
struct zrt_node *zrt_fs_parents(char *path, char **last, int ro);
struct zrt_node *zrt_fs_channel_node(int chan);
/* After zfork: the request's channels may have other sizes. */
void zrt_fs_refresh_channels(void);
/* [mapping]: the file type shown for each channel named there. */
void zrt_fs_apply_mappings(void);

/* ---- tar images (zrt_tar.c) --------------------------------------------- */
void zrt_tar_mount_all(void);   /* [fstab] ro and rw images, at startup */
void zrt_tar_export_all(void);  /* [fstab] wo and rw images, at exit */

/* ---- descriptors (zrt_fd.c) --------------------------------------------- */
void zrt_fd_init(void);
long zrt_openat(int dirfd, const char *path, int flags, uint32_t mode);
long zrt_close(int fd);
long zrt_read(int fd, void *buf, size_t n);
long zrt_write(int fd, const void *buf, size_t n);
long zrt_pread(int fd, void *buf, size_t n, int64_t off);
long zrt_pwrite(int fd, const void *buf, size_t n, int64_t off);
long zrt_readv(int fd, const void *iov, int cnt, int64_t off, int positioned);
long zrt_writev(int fd, const void *iov, int cnt, int64_t off, int positioned);
int64_t zrt_lseek(int fd, int64_t off, int whence);
long zrt_fstatat(int dirfd, const char *path, void *kstat, int flags);
long zrt_getdents64(int fd, void *buf, size_t len);
long zrt_mkdirat(int dirfd, const char *path, uint32_t mode);
long zrt_unlinkat(int dirfd, const char *path, int flags);
long zrt_renameat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned flags);
long zrt_ftruncate(int fd, int64_t len);
long zrt_truncate(const char *path, int64_t len);
long zrt_dup3(int oldfd, int newfd, int flags, int allow_same);
long zrt_fcntl(int fd, int cmd, long arg);
long zrt_ioctl(int fd, unsigned long req, void *arg);
long zrt_faccessat(int dirfd, const char *path, int mode, int flags);
long zrt_getcwd(char *buf, size_t size);
long zrt_chdir(const char *path);
long zrt_fchdir(int fd);
long zrt_fchmodat(int dirfd, const char *path, uint32_t mode, int flags);
long zrt_fchmod(int fd, uint32_t mode);
long zrt_utimensat(int dirfd, const char *path, const void *times, int flags);
long zrt_fsync(int fd);
/* The node behind an open descriptor (mmap of files), or 0. */
struct zrt_node *zrt_fd_node(int fd);

#endif
