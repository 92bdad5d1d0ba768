/*
 * manifest.h - the zerovm manifest: parsing the text into a struct manifest.
 *
 * The format is the original ZeroVM one (Version = 20130611): one "Key = value"
 * per line, keys Version, Program, Memory, Timeout, Channel (obligatory),
 * NameServer, Node, Job, Etag, JobSecret, JobAllow (optional); every key but
 * Channel at most once. JobSecret = 64 hex digits (32 bytes) is this implementation's
 * own key: the job's shared key for the TCP channel handshake (handshake.h),
 * written by zvm-job; it is never shown to the guest nor quoted in a message.
 * JobAllow = UID[, UID...] (decimal, at most MFT_MAX_ALLOW, needs Job) is also
 * this implementation's: the users besides the daemon's owner whose requests
 * a daemon serves (daemon.c checks each connection's SO_PEERCRED).
 * Unlike the original, a malformed line is an error naming the line, and '#'
 * starts a comment that runs to the end of the line.
 *
 * Errors are errno values (EFAULT for syntax and semantic errors, ENOMEM for a
 * bad Memory size, ENFILE for too many channels, EPROTONOSUPPORT for a channel
 * protocol other than tcp, EFBIG for an oversized text) with a message:
 *   "MANIFEST <line>: <what>"   for an error tied to a line,
 *   "MANIFEST: <what>"          for one about the whole text (missing keys...),
 *   "manifest open error" / "manifest read error"   from manifest_load.
 * The parser keeps no global state and frees everything it made on error.
 */
#ifndef ZVM_MANIFEST_H
#define ZVM_MANIFEST_H

#include <stddef.h>
#include <stdint.h>

#define MFT_VERSION      "20130611"
#define MFT_MAX_SIZE     0x80000        /* bytes of text (512 KiB) */
#define MFT_MAX_LINES    0x2000         /* 8192 */
#define MFT_MAX_CHANNELS 10914          /* ENFILE beyond */
#define MFT_MAX_MEMORY   (UINT64_C(1) << 32)
#define MFT_MAX_JOB      108            /* Job path bytes, terminating NUL included */
#define MFT_SECRET_SIZE  32             /* JobSecret bytes (64 hex digits) */
#define MFT_MAX_ALLOW    32             /* JobAllow uids */

enum { MFT_FILE, MFT_TCP };

struct mft_channel {
	char *uri;           /* as written (file path, or "tcp:HOST:PORT") */
	char *alias;         /* e.g. /dev/stdin */
	int type;            /* 0..3: bit0 = random read, bit1 = random write */
	int etag;            /* 0 or 1 */
	int64_t limits[4];   /* gets, get_size, puts, put_size (>= 0) */
	int line;            /* manifest line number */
	int proto;           /* MFT_FILE or MFT_TCP */
	uint32_t ip;         /* tcp: IPv4 in host order, or 0 when node is used */
	int node;            /* tcp: node number (name service), -1 if an IP was given */
	int port;            /* tcp: 0..65535; 0 = ephemeral / from name service */
};

struct manifest {
	char *program;
	uint64_t memory; int memory_etag;
	int timeout;                 /* seconds, >= 1 */
	struct mft_channel *channels; int nchannels;   /* stdin, stdout, stderr first (handles 0,1,2), then the rest sorted by alias (strcmp) */
	char *job;                   /* NULL when absent */
	char *nameserver; uint32_t ns_ip; int ns_port;   /* udp:IP:PORT; NULL when absent */
	int node;                    /* -1 when absent */
	char *etag;                  /* reserved key, stored, unused */
	int has_secret;              /* JobSecret given */
	uint8_t secret[MFT_SECRET_SIZE];
	uint32_t allow[MFT_MAX_ALLOW]; int nallow;   /* JobAllow, in the order given */
};

/* Parses manifest text (len bytes, need not be NUL-terminated; a NUL byte in
 * it is an error). Returns 0 and fills *m, or an errno value with a message in
 * err (when err != NULL) and *m zeroed; *m need not be initialised before. */
int manifest_parse(const char *text, size_t len, struct manifest *m, char *err, size_t errlen);

/* Reads and parses a file: ENOENT "manifest open error", EIO "manifest read
 * error" (unreadable or empty), EFBIG if larger than MFT_MAX_SIZE, or any
 * error of manifest_parse. */
int manifest_load(const char *path, struct manifest *m, char *err, size_t errlen);

/* Frees what manifest_parse allocated and zeroes *m; safe on a zeroed struct. */
void manifest_free(struct manifest *m);

/* The inherited descriptor a URI names (/dev/stdin, /dev/stdout,
 * /dev/stderr, /dev/fd/N), or -1. Such channels use the descriptor as it is
 * (a stream at its own offset, never reopened, so a shell's >> or a shared
 * output file is not clobbered); a daemon client sends its own. */
int mft_std_fd(const char *uri);

/* Direction of a channel, derived from its limits as in the original:
 * 0 nil, 1 read-only, 2 write-only, 3 read-write. */
static inline int mft_rw(const struct mft_channel *c)
{
	return (c->limits[0] && c->limits[1]) | ((c->limits[2] && c->limits[3]) << 1);
}

#endif
