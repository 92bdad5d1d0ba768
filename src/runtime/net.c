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
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "net.h"

#define END_MARK 0x80000000u
#define NS_WAIT_MS 20000   /* longest wait for the name service's answer */
#define NS_RETRY_MS 500    /* resend the request this often */
#define CONNECT_WAIT_MS 20000

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

static int listen_one(struct channel *c, char *err, size_t errlen)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)c->m->port) };
	socklen_t len = sizeof sa;
	int one = 1;

	sa.sin_addr.s_addr = htonl(c->m->node >= 0 ? INADDR_ANY : c->m->ip);
	c->lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (c->lfd < 0)
		return failf(err, errlen, EIO, c, strerror(errno));
	setsockopt(c->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(c->lfd, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(c->lfd, 1) != 0 ||
	    getsockname(c->lfd, (struct sockaddr *)&sa, &len) != 0)
		return failf(err, errlen, EIO, c, strerror(errno));
	c->port = ntohs(sa.sin_port);
	return 0;
}

/* The name-service exchange: our bound ports out, the peers' in. */
static int resolve(struct channel *ch, int n, const struct manifest *m, char *err, size_t errlen)
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
	if (binds + connects == 0)
		return 0;
	if (!m->nameserver || m->node < 1) {
		snprintf(err, errlen, "tcp:NODE: channels need NameServer and Node in the manifest");
		return EFAULT;
	}
	put32(req, (uint32_t)m->node);
	put32(req + 4, binds);
	put32(req + 8, connects);

	struct sockaddr_in ns = { .sin_family = AF_INET, .sin_port = htons((uint16_t)m->ns_port) };
	ns.sin_addr.s_addr = htonl(m->ns_ip);
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(err, errlen, "name service: %s", strerror(errno));
		return EIO;
	}
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
			sendto(fd, req, len, 0, (struct sockaddr *)&ns, sizeof ns);
			next = t + NS_RETRY_MS;
		}
		struct pollfd p = { fd, POLLIN, 0 };
		long long left = (next < end ? next : end) - t;
		if (poll(&p, 1, (int)(left > 0 ? left : 1)) <= 0)
			continue;
		got = recv(fd, rep, sizeof rep, 0);
		if (got >= 0 && ((size_t)got != len || memcmp(rep, req, 12)))
			got = -1; /* not our answer */
	}
	close(fd);
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

int net_open(struct channel *ch, int n, const struct manifest *m, char *err, size_t errlen)
{
	int rc;
	for (int i = 0; i < n; i++) {
		struct channel *c = &ch[i];
		if (c->kind != CH_NET)
			continue;
		if (c->m->type != 0 || (c->rw != 1 && c->rw != 2))
			return failf(err, errlen, EINVAL, c,
				     "network channels are sequential (type 0) and read-only or write-only");
		if (c->rw == 1 && (rc = listen_one(c, err, errlen)))
			return rc;
	}
	if ((rc = resolve(ch, n, m, err, errlen)))
		return rc;
	long long end = now_ms() + CONNECT_WAIT_MS;
	for (int i = 0; i < n; i++)
		if (ch[i].kind == CH_NET && ch[i].rw == 2 && (rc = connect_one(&ch[i], end, err, errlen)))
			return rc;
	return 0;
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
