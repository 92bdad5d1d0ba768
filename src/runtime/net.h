/*
 * net.h - TCP channels (channel.c hands CH_NET channels over to net.c).
 *
 * A read-only channel listens (tcp:IP:PORT binds there; tcp:NODE: binds an
 * ephemeral port on the job's address, the local address of the route to
 * the NameServer, which the name service tells node NODE), a write-only one
 * connects. Order at start: the name-service socket connect()ed to the
 * NameServer (the kernel drops any other sender's datagrams), every bind,
 * the exchange (NameServer = udp:IP:PORT, Node = N; an answer must have our
 * request's exact shape), every connect.
 *
 * With a JobSecret (manifest.h), every connection then opens with the
 * handshake of handshake.h, all channels at once before the guest runs: a
 * writer whose peer fails it fails its channel (EACCES) having sent no
 * byte; a listening channel names a connection that fails it on stderr
 * ("zerovm: intrusion: ALIAS: URI: a connection from IP:PORT failed the
 * handshake: WHY"), closes it and waits for the real peer until the
 * session's Timeout less 0.5 s, then fails naming the intrusions.
 * Without a JobSecret (the original's manifests) the channels run
 * unauthenticated as the original did, with one warning on stderr, and a
 * listening channel accepts its writer at its first read. zvm-job always
 * writes a JobSecret.
 *
 * The stream is framed so that the reader knows how it ended: a data frame
 * is a 4-byte big-endian length (1..2^31-1) and the bytes; the end is
 * 0x80000000 | D, then D digest bytes (D = 32, the SHA-256 of every byte
 * written, when the writer's channel has its etag flag; else 0). A writer
 * sends the end only when its session ends well: a stream that stops
 * without it, or whose digest differs from what the reader received (when
 * the reader's etag flag is set too), fails the reader's session.
 */
#ifndef ZVM_NET_H
#define ZVM_NET_H

#include <stddef.h>
#include <stdint.h>

#include "channel.h"
#include "manifest.h"

/* Binds, asks the name service, connects. 0 or errno with err filled. */
int net_open(struct channel *ch, int n, const struct manifest *m, char *err, size_t errlen);
/* At most want bytes (what one frame has); 0 at the end; CH_FATAL. */
int32_t net_read(struct channel *c, void *buf, int32_t want, char *err, size_t errlen);
/* One frame; CH_FATAL when the reader is gone. */
int32_t net_write(struct channel *c, const void *buf, int32_t size, char *err, size_t errlen);
/* Sends the end (when ok) and closes. 0 or errno with err filled. */
int net_close(struct channel *c, int ok, char *err, size_t errlen);

#endif
