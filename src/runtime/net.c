/*
 * net.c - TCP channels and the name-service exchange (see net.h; the
 * name-service protocol is the original ZeroVM's, src/job/ns.h).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "handshake.h"
#include "net.h"

#define END_MARK 0x80000000u
#define NS_WAIT_MS 20000   /* longest wait for the name service's answer */
#define NS_RETRY_MS 500    /* resend the request this often */
#define CONNECT_WAIT_MS 20000
#define HS_CONN_MS 3000    /* an accepted connection's time for each handshake message */
#define LISTEN_BACKLOG 16

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int failf(char *err, size_t errlen, int code, const struct channel *c, const char *what)
{
	snprintf(err, errlen, "%s: %s: %s", c->m->alias, c->m->uri, what);
	return code;
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24), p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8), p[3] = (unsigned char)v;
}

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Bound ports listen on addr (network order): the job's own address for
 * tcp:NODE: channels, the manifest's IP for tcp:IP:PORT. */
static int listen_one(struct channel *c, uint32_t addr, char *err, size_t errlen)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)c->m->port) };
	socklen_t len = sizeof sa;
	int one = 1;

	sa.sin_addr.s_addr = c->m->node >= 0 ? addr : htonl(c->m->ip);
	c->lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (c->lfd < 0)
		return failf(err, errlen, EIO, c, strerror(errno));
	setsockopt(c->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	/* a backlog: an intruder's connection must not keep the real peer out */
	if (bind(c->lfd, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(c->lfd, LISTEN_BACKLOG) != 0 ||
	    getsockname(c->lfd, (struct sockaddr *)&sa, &len) != 0)
		return failf(err, errlen, EIO, c, strerror(errno));
	c->port = ntohs(sa.sin_port);
	return 0;
}

/* The name-service socket, connected to the NameServer: the kernel then
 * delivers only its datagrams (a local process that finds our port cannot
 * answer for it). *local gets the address this host uses to reach it, the
 * one the name service tells our peers, so our ports listen there. */
static int ns_socket(const struct manifest *m, uint32_t *local, char *err, size_t errlen)
{
	struct sockaddr_in ns = { .sin_family = AF_INET, .sin_port = htons((uint16_t)m->ns_port) };
	socklen_t len = sizeof ns;
	ns.sin_addr.s_addr = htonl(m->ns_ip);
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&ns, sizeof ns) != 0 ||
	    getsockname(fd, (struct sockaddr *)&ns, &len) != 0) {
		snprintf(err, errlen, "name service %s: %s", m->nameserver, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	*local = ns.sin_addr.s_addr;
	return fd;
}

/* The name-service exchange on fd: our bound ports out, the peers' in. */
static int resolve(struct channel *ch, int n, const struct manifest *m, int fd, char *err, size_t errlen)
{
	unsigned char req[12 + 6 * 4096], rep[sizeof req + 1];
	uint32_t binds = 0, connects = 0;
	size_t len = 12;

	for (int pass = 0; pass < 2; pass++) { /* bind records first, then connect records */
		for (int i = 0; i < n; i++) {
			struct channel *c = &ch[i];
			if (c->kind != CH_NET || c->m->node < 0 || (c->rw == 1) != (pass == 0))
				continue;
			if (len + 6 > sizeof req) {
				snprintf(err, errlen, "too many network channels for the name service");
				return EFAULT;
			}
			put32(req + len, (uint32_t)c->m->node);
			req[len + 4] = (unsigned char)(c->port >> 8), req[len + 5] = (unsigned char)c->port;
			len += 6;
			*(pass == 0 ? &binds : &connects) += 1;
		}
	}
	put32(req, (uint32_t)m->node);
	put32(req + 4, binds);
	put32(req + 8, connects);

	long long wait = (long long)m->timeout * 1000 - 500;
	if (wait > NS_WAIT_MS)
		wait = NS_WAIT_MS;
	if (wait < 1000)
		wait = 1000;
	long long end = now_ms() + wait, next = 0;
	ssize_t got = -1;
	while (got < 0) {
		long long t = now_ms();
		if (t >= end)
			break;
		if (t >= next) {
			send(fd, req, len, 0);
			next = t + NS_RETRY_MS;
		}
		struct pollfd p = { fd, POLLIN, 0 };
		long long left = (next < end ? next : end) - t;
		if (poll(&p, 1, (int)(left > 0 ? left : 1)) <= 0)
			continue;
		/* (an ICMP error from a server not up yet is an error here: retry) */
		got = recv(fd, rep, sizeof rep, MSG_DONTWAIT);
		/* our answer: the same size, our header and bind records, every
		 * connect record with an address */
		if (got >= 0 && ((size_t)got != len || memcmp(rep, req, 12 + 6 * (size_t)binds)))
			got = -1;
		for (uint32_t k = 0; got >= 0 && k < connects; k++)
			if (!memcmp(rep + 12 + 6 * (binds + k), "\0\0\0\0", 4))
				got = -1;
	}
	if (got < 0) {
		snprintf(err, errlen, "name service %s: no answer for node %d in %.1f s (did every node start?)",
			 m->nameserver, m->node, (double)wait / 1000);
		return ETIMEDOUT;
	}
	/* connect records now hold the peer's address and port */
	const unsigned char *r = rep + 12 + 6 * binds;
	for (int i = 0; i < n; i++) {
		struct channel *c = &ch[i];
		if (c->kind != CH_NET || c->m->node < 0 || c->rw != 2)
			continue;
		memcpy(&c->peer_ip, r, 4); /* network order */
		c->port = r[4] << 8 | r[5];
		r += 6;
		if (c->port == 0)
			return failf(err, errlen, EFAULT, c, "the peer node has no channel from this node");
	}
	return 0;
}

static int connect_one(struct channel *c, long long end, char *err, size_t errlen)
{
	int port = c->m->node >= 0 ? c->port : c->m->port;
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	int one = 1, delay = 5;
	sa.sin_addr.s_addr = c->m->node >= 0 ? c->peer_ip : htonl(c->m->ip);
	for (;;) {
		c->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (c->fd < 0)
			return failf(err, errlen, EIO, c, strerror(errno));
		if (connect(c->fd, (struct sockaddr *)&sa, sizeof sa) == 0)
			break;
		int e = errno;
		close(c->fd);
		c->fd = -1;
		/* a direct peer may not listen yet */
		if ((e != ECONNREFUSED && e != EINTR) || now_ms() >= end)
			return failf(err, errlen, EIO, c, strerror(e));
		usleep((useconds_t)delay * 1000);
		if (delay < 100)
			delay *= 2;
	}
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	c->owns_fd = 1;
	return 0;
}

/* ---- the handshake (handshake.h) on every connection, all at once ------- */

enum { ST_FREE, ST_W_REPLY, ST_R_HELLO, ST_R_PROOF };

struct hconn {
	int fd, ch, stage;
	size_t have, need;
	long long until;         /* readers: this message's deadline */
	char who[24];            /* the peer's IP:PORT */
	struct hs hs;
	uint8_t buf[HS_REPLY];
};

static void addr_text(const struct sockaddr_in *sa, char out[24])
{
	char ip[INET_ADDRSTRLEN] = "?";
	inet_ntop(AF_INET, &sa->sin_addr, ip, sizeof ip);
	snprintf(out, 24, "%s:%u", ip, ntohs(sa->sin_port));
}

/* The ids of a channel's transcript: Node numbers, 0 for direct channels. */
static void hs_ids(struct hs *h, const struct channel *c, const struct manifest *m)
{
	uint32_t me = c->m->node >= 0 ? (uint32_t)m->node : 0, peer = c->m->node >= 0 ? (uint32_t)c->m->node : 0;
	memcpy(h->key, m->secret, HS_KEY);
	h->writer = c->rw == 2 ? me : peer;
	h->reader = c->rw == 2 ? peer : me;
}

/* A small message on a fresh connection: fits its send buffer at once. */
static int send_small(int fd, const void *p, size_t n)
{
	ssize_t w;
	do
		w = send(fd, p, n, MSG_NOSIGNAL | MSG_DONTWAIT);
	while (w < 0 && errno == EINTR);
	return w == (ssize_t)n ? 0 : -1;
}

/* A reader's connection that did not prove itself: named on stderr (and in
 * the channel's error if no real peer comes), closed; the channel waits on. */
static void intrusion(struct channel *ch, struct hconn *k, const char *why)
{
	struct channel *c = &ch[k->ch];
	if (!c->intrusions++)
		snprintf(c->intruder, sizeof c->intruder, "%s", k->who);
	fprintf(stderr, "zerovm: intrusion: %s: %s: a connection from %s failed the handshake: %s; "
		"still waiting for the real peer\n", c->m->alias, c->m->uri, k->who, why);
	close(k->fd);
	hs_clear(&k->hs);
	k->stage = ST_FREE;
}

#define MAX_PENDING 32   /* accepted connections in their handshake at once */

/* One step of connection k whose message is complete. 0, or errno with err
 * filled (a writer's peer failed: the channel fails, no byte was sent). */
static int hs_step(struct channel *ch, struct hconn *k, int *left, char *err, size_t errlen)
{
	struct channel *c = &ch[k->ch];
	uint8_t out[HS_REPLY];
	char why[160];
	uint32_t w = 0, r = 0;
	int e;

	switch (k->stage) {
	case ST_W_REPLY:
		if ((e = hs_take_reply(&k->hs, k->buf, k->have)) != HS_OK) {
			snprintf(why, sizeof why, "the peer at %s failed the handshake: %s; nothing was sent",
				 k->who, hs_why(e));
			return failf(err, errlen, EACCES, c, why);
		}
		hs_proof(&k->hs, out);
		if (send_small(k->fd, out, HS_PROOF) != 0)
			return failf(err, errlen, EIO, c, "the peer closed the connection in the handshake");
		hs_clear(&k->hs);
		k->stage = ST_FREE; /* k->fd is the channel's c->fd */
		--*left;
		return 0;
	case ST_R_HELLO:
		e = hs_take_hello(&k->hs, k->buf, k->have, &w, &r);
		if (e == HS_IDS) {
			snprintf(why, sizeof why, "it says it is node %u writing to node %u, not node %u to %u",
				 w, r, k->hs.writer, k->hs.reader);
			intrusion(ch, k, why);
			return 0;
		}
		if (e == HS_OK)
			e = hs_reply(&k->hs, out);
		if (e != HS_OK) {
			intrusion(ch, k, hs_why(e));
			return 0;
		}
		if (send_small(k->fd, out, HS_REPLY) != 0) {
			intrusion(ch, k, "it closed the connection");
			return 0;
		}
		k->stage = ST_R_PROOF;
		k->have = 0, k->need = HS_PROOF;
		k->until = now_ms() + HS_CONN_MS;
		return 0;
	case ST_R_PROOF:
		if ((e = hs_take_proof(&k->hs, k->buf, k->have)) != HS_OK) {
			intrusion(ch, k, hs_why(e));
			return 0;
		}
		c->fd = k->fd; /* the real peer: its data follows in the stream */
		c->owns_fd = 1;
		close(c->lfd);
		c->lfd = -1;
		hs_clear(&k->hs);
		k->stage = ST_FREE;
		--*left;
		return 0;
	}
	return 0;
}

static int handshake_all(struct channel *ch, int n, const struct manifest *m, long long end,
			 char *err, size_t errlen)
{
	int nw = 0, left = 0, rc = 0;
	for (int i = 0; i < n; i++)
		if (ch[i].kind == CH_NET) {
			nw += ch[i].rw == 2;
			left++;
		}
	int cap = nw + MAX_PENDING;
	struct hconn *k = calloc((size_t)cap, sizeof *k);
	struct pollfd *p = calloc((size_t)(cap + n), sizeof *p);
	int *who = calloc((size_t)(cap + n), sizeof *who); /* pollfd -> conn, or -1 - channel */
	if (!k || !p || !who) {
		snprintf(err, errlen, "network channels: out of memory");
		rc = ENOMEM;
		goto out;
	}
	/* every writer says HELLO first */
	for (int i = 0, x = 0; i < n; i++) {
		struct channel *c = &ch[i];
		if (c->kind != CH_NET || c->rw != 2)
			continue;
		struct hconn *h = &k[x++];
		struct sockaddr_in sa = { .sin_family = AF_INET };
		sa.sin_addr.s_addr = c->m->node >= 0 ? c->peer_ip : htonl(c->m->ip);
		sa.sin_port = htons((uint16_t)(c->m->node >= 0 ? c->port : c->m->port));
		addr_text(&sa, h->who);
		h->fd = c->fd, h->ch = i, h->stage = ST_W_REPLY, h->need = HS_REPLY;
		hs_ids(&h->hs, c, m);
		uint8_t hello[HS_HELLO];
		if (hs_hello(&h->hs, hello) != HS_OK) {
			rc = failf(err, errlen, EIO, c, hs_why(HS_NORANDOM));
			goto out;
		}
		if (send_small(c->fd, hello, sizeof hello) != 0) {
			rc = failf(err, errlen, EIO, c, "the peer closed the connection in the handshake");
			goto out;
		}
	}
	while (left > 0) {
		long long t = now_ms(), wake = end;
		int np = 0, busy = 0;
		for (int x = 0; x < cap; x++) {
			if (k[x].stage == ST_FREE)
				continue;
			busy += x >= nw;
			if (k[x].stage != ST_W_REPLY && k[x].until <= t) {
				intrusion(ch, &k[x], "it did not finish in time");
				continue;
			}
			if (k[x].stage != ST_W_REPLY && k[x].until < wake)
				wake = k[x].until;
			p[np] = (struct pollfd){ k[x].fd, POLLIN, 0 };
			who[np++] = x;
		}
		for (int i = 0; i < n && busy < MAX_PENDING; i++)
			if (ch[i].kind == CH_NET && ch[i].rw == 1 && ch[i].lfd >= 0) {
				p[np] = (struct pollfd){ ch[i].lfd, POLLIN, 0 };
				who[np++] = -1 - i;
			}
		if (t >= end)
			break;
		if (poll(p, (nfds_t)np, (int)(wake - t > 0 ? wake - t : 1)) < 0 && errno != EINTR) {
			snprintf(err, errlen, "network channels: poll: %s", strerror(errno));
			rc = EIO;
			goto out;
		}
		for (int q = 0; q < np && !rc; q++) {
			if (!p[q].revents)
				continue;
			if (who[q] < 0) { /* a listening channel: take the connection */
				struct channel *c = &ch[-1 - who[q]];
				struct sockaddr_in sa;
				socklen_t sl = sizeof sa;
				int x = nw;
				while (x < cap && k[x].stage != ST_FREE)
					x++;
				if (x == cap || c->lfd < 0)
					continue;
				int fd = accept4(c->lfd, (struct sockaddr *)&sa, &sl, SOCK_CLOEXEC);
				if (fd < 0)
					continue;
				k[x] = (struct hconn){ .fd = fd, .ch = -1 - who[q], .stage = ST_R_HELLO,
						       .need = HS_HELLO, .until = now_ms() + HS_CONN_MS };
				addr_text(&sa, k[x].who);
				hs_ids(&k[x].hs, c, m);
				continue;
			}
			struct hconn *h = &k[who[q]];
			if (h->stage == ST_FREE)
				continue;
			if (h->stage != ST_W_REPLY && ch[h->ch].lfd < 0) {
				intrusion(ch, h, "the channel already has its peer");
				continue;
			}
			ssize_t r = recv(h->fd, h->buf + h->have, h->need - h->have, MSG_DONTWAIT);
			if (r < 0 && (errno == EAGAIN || errno == EINTR))
				continue;
			if (r <= 0) {
				const char *why = r < 0 ? strerror(errno) : "it closed the connection";
				if (h->stage != ST_W_REPLY) {
					intrusion(ch, h, why);
					continue;
				}
				char w[160];
				snprintf(w, sizeof w, "the peer at %s left in the handshake (%s; does it have "
					 "this job's JobSecret?); nothing was sent", h->who, why);
				rc = failf(err, errlen, EACCES, &ch[h->ch], w);
				break;
			}
			h->have += (size_t)r;
			if (h->stage == ST_R_HELLO && h->have >= 4 && memcmp(h->buf, "ZVH1", 4)) {
				intrusion(ch, h, hs_why(HS_MAGIC)); /* no need to wait for the rest */
				continue;
			}
			if (h->have == h->need)
				rc = hs_step(ch, h, &left, err, errlen);
		}
		if (rc)
			goto out;
	}
	if (left > 0) { /* the deadline: name who never proved itself */
		for (int x = 0; x < nw && !rc; x++)
			if (k[x].stage == ST_W_REPLY) {
				char w[160];
				snprintf(w, sizeof w, "the peer at %s did not answer the handshake (does it "
					 "have this job's JobSecret?); nothing was sent", k[x].who);
				rc = failf(err, errlen, ETIMEDOUT, &ch[k[x].ch], w);
			}
		for (int i = 0; i < n && !rc; i++) {
			struct channel *c = &ch[i];
			char w[200];
			if (c->kind != CH_NET || c->rw != 1 || c->fd >= 0)
				continue;
			int at = c->m->node >= 0 ? snprintf(w, sizeof w, "no connection from node %d", c->m->node)
						 : snprintf(w, sizeof w, "no connection");
			at += snprintf(w + at, sizeof w - (size_t)at, " proved itself in time");
			if (c->intrusions)
				snprintf(w + at, sizeof w - (size_t)at, " (%d intrusion%s, the first from %s)",
					 c->intrusions, c->intrusions > 1 ? "s" : "", c->intruder);
			rc = failf(err, errlen, ETIMEDOUT, c, w);
		}
	}
out:
	if (k) /* still in their handshake when every channel had its peer */
		for (int x = nw; x < cap; x++)
			if (k[x].stage != ST_FREE)
				intrusion(ch, &k[x], "it had not proved itself when the real peer had");
	if (k)
		explicit_bzero(k, (size_t)cap * sizeof *k);
	free(k);
	free(p);
	free(who);
	return rc;
}

int net_open(struct channel *ch, int n, const struct manifest *m, char *err, size_t errlen)
{
	long long t0 = now_ms();
	int rc, net = 0, nodes = 0, nsfd = -1;
	uint32_t local = htonl(INADDR_LOOPBACK);
	for (int i = 0; i < n; i++) {
		struct channel *c = &ch[i];
		if (c->kind != CH_NET)
			continue;
		if (c->m->type != 0 || (c->rw != 1 && c->rw != 2))
			return failf(err, errlen, EINVAL, c,
				     "network channels are sequential (type 0) and read-only or write-only");
		net = 1;
		nodes |= c->m->node >= 0;
	}
	if (!net)
		return 0;
	if (nodes) {
		if (!m->nameserver || m->node < 1) {
			snprintf(err, errlen, "tcp:NODE: channels need NameServer and Node in the manifest");
			return EFAULT;
		}
		if ((nsfd = ns_socket(m, &local, err, errlen)) < 0)
			return EIO;
	}
	for (int i = 0; i < n; i++)
		if (ch[i].kind == CH_NET && ch[i].rw == 1 && (rc = listen_one(&ch[i], local, err, errlen)))
			goto out;
	if (nodes && (rc = resolve(ch, n, m, nsfd, err, errlen)))
		goto out;
	long long end = now_ms() + CONNECT_WAIT_MS;
	for (int i = 0; i < n; i++)
		if (ch[i].kind == CH_NET && ch[i].rw == 2 && (rc = connect_one(&ch[i], end, err, errlen)))
			goto out;
	if (!m->has_secret) {
		/* The original's manifests: it trusted the network; so do we, loudly. */
		fprintf(stderr, "zerovm: warning: no JobSecret in the manifest: TCP channels are not "
			"authenticated (any local process may connect to them)\n");
		rc = 0;
		goto out;
	}
	long long wait = (long long)m->timeout * 1000 - 500;
	rc = handshake_all(ch, n, m, t0 + (wait > 1000 ? wait : 1000), err, errlen);
out:
	if (nsfd >= 0)
		close(nsfd);
	return rc;
}

/* Exactly n bytes, or -1 at an early end (errno 0) or error. */
static int read_exact(int fd, void *buf, size_t n)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = read(fd, (char *)buf + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = 0;
			return -1;
		}
		got += (size_t)r;
	}
	return 0;
}

static int32_t broken(struct channel *c, const char *what, char *err, size_t errlen)
{
	failf(err, errlen, 0, c, what);
	return CH_FATAL;
}

int32_t net_read(struct channel *c, void *buf, int32_t want, char *err, size_t errlen)
{
	unsigned char h[4];
	if (c->fd < 0) { /* the first read: take the writer's connection */
		do
			c->fd = accept4(c->lfd, 0, 0, SOCK_CLOEXEC);
		while (c->fd < 0 && errno == EINTR);
		if (c->fd < 0)
			return broken(c, strerror(errno), err, errlen);
		c->owns_fd = 1;
		close(c->lfd);
		c->lfd = -1;
	}
	while (c->frame_left == 0) {
		if (read_exact(c->fd, h, 4) != 0)
			return broken(c, errno ? strerror(errno) :
				      "the stream ended without its end mark (the writer failed?)", err, errlen);
		uint32_t v = get32(h);
		if (!(v & END_MARK)) {
			c->frame_left = v;
			continue;
		}
		uint8_t d[SHA256_DIGEST_SIZE], mine[SHA256_DIGEST_SIZE];
		uint32_t dl = v & ~END_MARK;
		if ((dl != 0 && dl != sizeof d) || read_exact(c->fd, d, dl) != 0)
			return broken(c, "malformed end of stream", err, errlen);
		if (dl && c->m->etag) {
			struct sha256_ctx copy = c->sha;
			sha256_digest(&copy, sizeof mine, mine);
			if (memcmp(d, mine, sizeof d))
				return broken(c, "digest mismatch: the stream was corrupted", err, errlen);
		}
		c->eof = 1;
		return 0;
	}
	uint32_t k = (uint32_t)want < c->frame_left ? (uint32_t)want : c->frame_left;
	if (read_exact(c->fd, buf, k) != 0)
		return broken(c, errno ? strerror(errno) : "the stream ended inside a frame", err, errlen);
	c->frame_left -= k;
	return (int32_t)k;
}

static int send_all(int fd, struct iovec *iov, int cnt)
{
	while (cnt > 0) {
		ssize_t w = writev(fd, iov, cnt);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		while (cnt > 0 && (size_t)w >= iov->iov_len) {
			w -= (ssize_t)iov->iov_len;
			iov++, cnt--;
		}
		if (cnt > 0) {
			iov->iov_base = (char *)iov->iov_base + w;
			iov->iov_len -= (size_t)w;
		}
	}
	return 0;
}

int32_t net_write(struct channel *c, const void *buf, int32_t size, char *err, size_t errlen)
{
	unsigned char h[4];
	put32(h, (uint32_t)size);
	struct iovec iov[2] = { { h, 4 }, { (void *)buf, (size_t)size } };
	if (send_all(c->fd, iov, 2) != 0)
		return broken(c, strerror(errno), err, errlen);
	return size;
}

int net_close(struct channel *c, int ok, char *err, size_t errlen)
{
	int rc = 0;
	if (ok && c->rw == 2 && c->fd >= 0) {
		unsigned char end[4 + SHA256_DIGEST_SIZE];
		uint32_t dl = c->m->etag ? SHA256_DIGEST_SIZE : 0;
		put32(end, END_MARK | dl);
		if (dl) {
			struct sha256_ctx copy = c->sha;
			sha256_digest(&copy, SHA256_DIGEST_SIZE, end + 4);
		}
		struct iovec iov = { end, 4 + dl };
		if (send_all(c->fd, &iov, 1) != 0)
			rc = failf(err, errlen, EIO, c, strerror(errno));
	}
	if (c->lfd >= 0)
		close(c->lfd);
	c->lfd = -1;
	return rc;
}
