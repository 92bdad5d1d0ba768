/*
 * tar.h - the tar format: reading an archive held in memory, writing one
 * through a callback. Pure code (no I/O, no allocation), shared by the host
 * tools (zvsh) and the in-sandbox runtime (ZRT's [fstab] mounts).
 *
 * Reading understands POSIX ustar (name prefix), pax extended headers
 * (path, linkpath, size, mtime) and GNU long names ('L', 'K'); numbers in
 * octal or GNU base-256. Writing produces ustar, with a GNU long-name entry
 * for a path that the ustar name and prefix fields cannot hold.
 */
#ifndef ZVM_TAR_H
#define ZVM_TAR_H

#include <stddef.h>
#include <stdint.h>

#define TAR_BLOCK 512
#define TAR_PATH_MAX 4096

enum {
	TAR_FILE = '0',
	TAR_HARDLINK = '1',
	TAR_SYMLINK = '2',
	TAR_DIR = '5',
};

struct tar_entry {
	char name[TAR_PATH_MAX];    /* as stored: may start with "./" or "/" */
	char link[TAR_PATH_MAX];    /* hard and symbolic link target */
	char type;                  /* TAR_FILE, TAR_DIR, ... ('\0' and '7' read as TAR_FILE) */
	uint32_t mode;              /* permission bits */
	int64_t mtime;              /* seconds */
	uint64_t size;              /* data bytes (regular files) */
	const unsigned char *data;  /* size bytes inside the archive */
};

struct tar_reader {
	const unsigned char *buf;
	size_t len, pos;
	const char *error;          /* why tar_next returned -1 */
	/* carried from a long-name or pax header to the entry that follows */
	char name[TAR_PATH_MAX], link[TAR_PATH_MAX];
	int has_name, has_link, has_size, has_mtime;
	uint64_t size;
	int64_t mtime;
};

void tar_reader_init(struct tar_reader *r, const void *buf, size_t len);
/* The next entry: 1 and *e filled, 0 at the end of the archive, -1 on a
 * malformed or truncated archive (r->error says why). */
int tar_next(struct tar_reader *r, struct tar_entry *e);

/* Writing: every byte goes through emit, which returns 0 or -1 (stop). */
typedef int (*tar_emit)(void *ctx, const void *p, size_t n);
/* The header(s) of one entry; the caller then emits size bytes of data and
 * tar_pad(size). A directory's name should end in '/'. */
int tar_write_header(tar_emit emit, void *ctx, const char *name, char type, uint32_t mode,
		     uint64_t size, int64_t mtime);
int tar_write_pad(tar_emit emit, void *ctx, uint64_t size);
/* The end-of-archive marker; the archive is padded to a 10240-byte record
 * (total: the bytes written so far). */
int tar_write_end(tar_emit emit, void *ctx, uint64_t total);

#endif
