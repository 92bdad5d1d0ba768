/*
 * ns.h - the name service: how instances find each other's TCP ports.
 *
 * The original ZeroVM's UDP protocol (big-endian, packed):
 *   parcel  = node u32, binds u32, connects u32, then binds + connects
 *             records of {host u32, port u16}
 *   request: node = the sender's Node; bind records = {peer node, port the
 *            sender listens on for that peer}; connect records = {peer node, 0}
 *   reply:   the same size; each connect record becomes {peer IPv4, port the
 *            peer listens on for the sender}; bind records unchanged
 * The server answers nobody until `nodes` distinct nodes have sent their
 * request, then answers everyone, and keeps answering repeats (a lost reply
 * is retried by the client) until it stops.
 */
#ifndef ZVM_NS_H
#define ZVM_NS_H

#include <stddef.h>
#include <stdint.h>

#define NS_HEAD 12
#define NS_RECORD 6
#define NS_MAX_RECORDS 4096
#define NS_MAX_PARCEL (NS_HEAD + NS_RECORD * NS_MAX_RECORDS)

/* A UDP socket bound to ip:*port (ip NULL: 127.0.0.1; *port 0: ephemeral,
 * then set). Returns the descriptor or -errno. */
int ns_open(const char *ip, int *port);

/* Serves one job of `nodes` nodes on fd. Returns 0 once every node has been
 * answered and linger_ms passed without a new packet; -1 after timeout_ms
 * without all nodes (err names the missing ones, given nodes are 1..nodes)
 * or on a socket error. Malformed packets are dropped. */
int ns_serve(int fd, int nodes, int timeout_ms, int linger_ms, char *err, size_t errlen);

#endif
