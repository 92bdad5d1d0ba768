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
 */
#ifndef ZVM_REQUEST_H
#define ZVM_REQUEST_H

#include <stddef.h>

#include "manifest.h"

#define REQUEST_HEADER 8

/* The length a header announces, or -1 if it is malformed or out of range
 * (1..MFT_MAX_SIZE). hdr need not be NUL-terminated. */
long request_length(const char hdr[REQUEST_HEADER]);

/* Parses the manifest text and checks it against the daemon's. 0 and *out
 * filled, or an errno value with err filled (and *out zeroed). */
int request_parse(const char *text, size_t len, const struct manifest *daemon,
		  struct manifest *out, char *err, size_t errlen);

#endif
