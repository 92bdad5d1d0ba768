/*
 * request.h - a daemon request (daemon.c), parsed: pure functions, so that
 * the fuzz target (fuzz/fuzz_request.c) runs them as the daemon does.
 *
 *   request = 8 bytes: the manifest's length, as strtoll(..., 0) reads it
 *             (clients send "0x%06x"; trailing blanks allowed), then the
 *             manifest text (Version, Program, Memory, Timeout required as
 *             in any manifest; Program and Memory are the daemon's anyway)
 * The request's channels must have the daemon's shape: the same aliases,
 * types, protocols and limits, in the same (sorted) order.
 *
 * Its channels come as open descriptors, never as host paths: the client
 * opens each file with its own rights and sends them with SCM_RIGHTS, one
 * descriptor for every channel whose protocol is file (tcp channels get
 * none), in the manifest's handle order (/dev/stdin, /dev/stdout,
 * /dev/stderr, then by alias: manifest.h), attached to the request's bytes
 * (at most SCM_MAX_FD, 253, to a sendmsg: a client with more sends each
 * batch but the last on one byte of the request; src/lib/daemon_client.c).
 * Descriptors on bytes past the manifest are not seen. A channel's URI is
 * only its name then. Each descriptor must fit its channel
 * (request_fd_check): a regular file, character device or FIFO, readable
 * for reads and writable for writes, no O_PATH, and no O_APPEND for a
 * written file (its offsets are the channel's). The client creates written
 * files itself (O_CREAT, O_TRUNC for write-only ones).
 *
 * Who may ask: the daemon's owner (its euid) and the uids of its manifest's
 * JobAllow (request_peer_allowed, on SO_PEERCRED before any byte is read).
 */
#ifndef ZVM_REQUEST_H
#define ZVM_REQUEST_H

#include <stddef.h>
#include <stdint.h>

#include "manifest.h"

#define REQUEST_HEADER 8

/* The length a header announces, or -1 if it is malformed or out of range
 * (1..MFT_MAX_SIZE). hdr need not be NUL-terminated. */
long request_length(const char hdr[REQUEST_HEADER]);

/* Parses the manifest text and checks it against the daemon's. 0 and *out
 * filled, or an errno value with err filled (and *out zeroed). */
int request_parse(const char *text, size_t len, const struct manifest *daemon,
		  struct manifest *out, char *err, size_t errlen);

/* How many descriptors a request with these channels brings. */
int request_nfds(const struct manifest *m);

/* Whether a received descriptor fits channel c, from fstat's st_mode and
 * fcntl(F_GETFL)'s flags. 0, or an errno value with err filled. */
int request_fd_check(const struct mft_channel *c, unsigned mode, int flags,
		     char *err, size_t errlen);

/* Whether uid may ask the daemon of manifest d, run by owner. */
int request_peer_allowed(uint32_t uid, uint32_t owner, const struct manifest *d);

#endif
