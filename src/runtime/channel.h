/*
 * channel.h - channels: the host files, devices and pipes a manifest declared.
 *
 * Invariant: a guest write reaches the host (write(2) returned) before the
 * trap returns; nothing is buffered on the trusted side, so a guest crash
 * loses no byte. Quotas are checked before any host I/O.
 */
#ifndef ZVM_CHANNEL_H
#define ZVM_CHANNEL_H

#include <nettle/sha2.h>
#include <stdint.h>
#include <sys/stat.h>

#include "manifest.h"

enum { CH_FILE, CH_STREAM, CH_NET };
enum { CNT_GETS, CNT_GET_SIZE, CNT_PUTS, CNT_PUT_SIZE };

struct channel {
	const struct mft_channel *m;
	int fd, owns_fd, kind, rw, tty;
	int64_t size;            /* regular files: current size */
	int64_t getpos, putpos;  /* sequential positions */
	int eof;
	int lfd, port;           /* CH_NET: listening socket (readers), the port */
	uint32_t peer_ip;        /* CH_NET: a writer's peer (network order) */
	uint32_t frame_left;     /* CH_NET: bytes left in the current frame */
	int intrusions;          /* CH_NET readers: connections that failed the handshake */
	char intruder[24];       /* ... the first one's IP:PORT */
	int64_t count[4];        /* CNT_* */
	struct sha256_ctx sha;
};

/* A descriptor a daemon request brought for a channel (request.h), with
 * its fstat; the channel owns it from channels_open on. */
struct ch_given {
	int fd;
	struct stat st;
	int append; /* O_APPEND (sequential puts only): they start at the end */
};

/* Opens every channel of the manifest (handles in manifest order). With
 * given (one per channel; file channels only are looked at), file channels
 * use those descriptors and no host path is opened or looked at. Returns 0
 * or an errno value with a message in err. */
int channels_open(const struct manifest *m, int prealloc, const struct ch_given *given,
		  struct channel **out, char *err, size_t errlen);

/* Looks at descriptors 0-2 now, for every later channels_open: only where
 * nothing changes them in between (a daemon's spare). */
void channels_know_stdio(void);

/* The two data traps. Return bytes moved or -errno; a host I/O failure
 * returns CH_FATAL and fills err (the session must end with EIO). */
#define CH_FATAL INT32_MIN
int32_t ch_pread(struct channel *c, void *buf, int32_t size, int64_t off, char *err, size_t errlen);
int32_t ch_pwrite(struct channel *c, const void *buf, int32_t size, int64_t off, char *err, size_t errlen);

/* Truncates written files to what was written, ends network streams (with
 * their end mark only when ok: a failed session leaves its readers a
 * truncated stream) and closes everything. 0 or errno with err filled. */
int channels_close(struct channel *ch, int n, int ok, char *err, size_t errlen);

/* Lowercase hex SHA-256 of every byte read and written so far. */
void ch_etag(struct channel *c, char hex[2 * SHA256_DIGEST_SIZE + 1]);

#endif
