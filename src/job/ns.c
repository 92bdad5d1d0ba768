/*
 * ns.c - the name-service server (protocol in ns.h).
 *
 * Tables are indexed by node number; a request is kept per node (its
 * latest copy) with the address it came from, since the reply must go there
 * and the peer's IPv4 is the source address of the peer's own request.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "ns.h"

struct node {
	uint32_t id;
	struct sockaddr_in from;
	unsigned char *req;
	size_t len;
};

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int ns_open(const char *ip, int *port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)*port) };
	socklen_t len = sizeof sa;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (inet_pton(AF_INET, ip ? ip : "127.0.0.1", &sa.sin_addr) != 1) {
		close(fd);
		return -EINVAL;
	}
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &len) != 0) {
		int e = errno;
		close(fd);
		return -e;
	}
	*port = ntohs(sa.sin_port);
	return fd;
}

/* A well-formed parcel: sizes agree, node ids in 1..nodes. */
static int valid(const unsigned char *p, size_t n, int nodes)
{
	if (n < NS_HEAD)
		return 0;
	uint32_t id = get32(p), b = get32(p + 4), c = get32(p + 8);
	if (id < 1 || id > (uint32_t)nodes || b > NS_MAX_RECORDS || c > NS_MAX_RECORDS ||
	    n != NS_HEAD + (size_t)(b + c) * NS_RECORD)
		return 0;
	for (uint32_t i = 0; i < b + c; i++) {
		uint32_t peer = get32(p + NS_HEAD + i * NS_RECORD);
		if (peer < 1 || peer > (uint32_t)nodes)
			return 0;
	}
	return 1;
}

/* The port node `reader` listens on for `writer`, or 0. */
static uint16_t bound_port(const struct node *t, uint32_t reader, uint32_t writer)
{
	const struct node *r = &t[reader];
	uint32_t b = get32(r->req + 4);
	for (uint32_t i = 0; i < b; i++) {
		const unsigned char *rec = r->req + NS_HEAD + i * NS_RECORD;
		if (get32(rec) == writer)
			return (uint16_t)(rec[4] << 8 | rec[5]);
	}
	return 0;
}

static void answer(int fd, const struct node *t, uint32_t id)
{
	const struct node *n = &t[id];
	unsigned char out[NS_MAX_PARCEL];
	uint32_t b = get32(n->req + 4), c = get32(n->req + 8);
	memcpy(out, n->req, n->len);
	for (uint32_t i = b; i < b + c; i++) {
		unsigned char *rec = out + NS_HEAD + i * NS_RECORD;
		uint32_t peer = get32(rec);
		uint16_t port = bound_port(t, peer, id);
		memcpy(rec, &t[peer].from.sin_addr.s_addr, 4); /* network order already */
		rec[4] = (unsigned char)(port >> 8), rec[5] = (unsigned char)port;
	}
	sendto(fd, out, n->len, 0, (const struct sockaddr *)&n->from, sizeof n->from);
}

int ns_serve(int fd, int nodes, int timeout_ms, int linger_ms, char *err, size_t errlen)
{
	struct node *t = calloc((size_t)nodes + 1, sizeof *t);
	unsigned char buf[NS_MAX_PARCEL + 1];
	int have = 0, rc = -1;
	long long start = now_ms(), last = start;

	if (!t) {
		snprintf(err, errlen, "name service: out of memory");
		return -1;
	}
	for (;;) {
		long long left = have == nodes ? last + linger_ms - now_ms() : start + timeout_ms - now_ms();
		if (left <= 0) {
			if (have == nodes) {
				rc = 0;
			} else {
				size_t at = (size_t)snprintf(err, errlen, "name service: no word from node");
				for (int i = 1; i <= nodes && at < errlen; i++)
					if (!t[i].req)
						at += (size_t)snprintf(err + at, errlen - at, " %d", i);
				if (at < errlen)
					snprintf(err + at, errlen - at, " after %d ms", timeout_ms);
			}
			break;
		}
		struct pollfd p = { fd, POLLIN, 0 };
		int r = poll(&p, 1, left > 1000000 ? 1000000 : (int)left);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			snprintf(err, errlen, "name service: %s", strerror(errno));
			break;
		}
		if (r == 0)
			continue;
		struct sockaddr_in from;
		socklen_t fl = sizeof from;
		ssize_t n = recvfrom(fd, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
		if (n < 0 || !valid(buf, (size_t)n, nodes))
			continue;
		uint32_t id = get32(buf);
		struct node *e = &t[id];
		int fresh = !e->req;
		if (!fresh && (e->len != (size_t)n || memcmp(e->req, buf, (size_t)n)))
			continue; /* a node's request does not change; keep the first */
		if (fresh && !(e->req = malloc((size_t)n)))
			continue;
		memcpy(e->req, buf, (size_t)n);
		e->len = (size_t)n;
		e->id = id;
		e->from = from; /* a repeat may come from a new port */
		last = now_ms();
		if (fresh && ++have == nodes) {
			for (int i = 1; i <= nodes; i++) /* the last one: answer everyone */
				answer(fd, t, (uint32_t)i);
		} else if (have == nodes) {
			answer(fd, t, id); /* a repeat: its reply was lost */
		}
	}
	for (int i = 0; i <= nodes; i++)
		free(t[i].req);
	free(t);
	return rc;
}
