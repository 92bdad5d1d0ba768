/*
 * warm.h - a daemon's spare sessions, made warm: the page faults a request
 * would take are taken before it arrives, including those of the guest
 * pages that the first requests used (the learned set).
 */
#ifndef ZVM_WARM_H
#define ZVM_WARM_H

#include <stddef.h>

#define WARM_LEARN     4    /* requests whose guest pages are learned */
#define WARM_MAX_PAGES 1024 /* learned pages a spare writes, at most */
#define WARM_BUFFER    (16u << 10) /* head of a request's runtime buffer */

/* In the daemon, before its first spare: the learned set, shared with
 * every session forked after. Without it (no memory) nothing is learned. */
void warm_init(void);

/* In a spare, before accept(): every fault it can take in advance. */
void warm_prepare(void);

/* In a spare: the first n bytes of a runtime buffer that a request writes
 * (the request and report buffers). */
void warm_buffer(void *p, size_t n);

/* In a request session, after its report: adds the guest pages resident
 * now to the learned set, if fewer than WARM_LEARN sessions did. */
void warm_learn(void);

#endif
