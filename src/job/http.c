/*
 * http.c - the little HTTP/1.1 zvm-job --swift needs: a URL split, one
 * request on a fresh connection ("Connection: close"), and the parse of the
 * response head. The parse is pure (fuzz/fuzz_http.c): the status line, then
 * header lines until an empty one; a name is case-insensitive, a value is
 * trimmed; obs-folded lines, a bad status or a head over HTTP_MAX_HEAD bytes
 * are errors.
 */
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "http.h"

int http_split_url(const char *url, char *host, size_t hn, char *port, size_t pn, const char **path)
{
	const char *h, *e, *c;

	if (strncmp(url, "http://", 7))
		return -1;
	h = url + 7;
	e = h + strcspn(h, "/");
	c = memchr(h, ':', (size_t)(e - h));
	if (e == h || c == h || (size_t)((c ? c : e) - h) >= hn)
		return -1;
	snprintf(host, hn, "%.*s", (int)((c ? c : e) - h), h);
	if (c) {
		if (c + 1 == e || (size_t)(e - c - 1) >= pn || strspn(c + 1, "0123456789") != (size_t)(e - c - 1))
			return -1;
		snprintf(port, pn, "%.*s", (int)(e - c - 1), c + 1);
	} else {
		snprintf(port, pn, "80");
	}
	*path = *e ? e : "/";
	return 0;
}

int http_parse_head(const char *buf, size_t len, struct http_resp *r)
{
	size_t at = 0;

	r->status = 0;
	r->nheaders = 0;
	const char *end = NULL;
	for (size_t i = 0; i + 3 < len && i < HTTP_MAX_HEAD; i++)
		if (!memcmp(buf + i, "\r\n\r\n", 4)) {
			end = buf + i + 2;
			break;
		}
	if (!end)
		return len >= HTTP_MAX_HEAD ? -1 : 0;  /* 0: not all here yet */
	size_t head = (size_t)(end - buf);
	/* "HTTP/1.x NNN reason" */
	if (head < 14 || strncmp(buf, "HTTP/1.", 7) || (buf[7] != '0' && buf[7] != '1') || buf[8] != ' ')
		return -1;
	for (int k = 9; k < 12; k++)
		if (buf[k] < '0' || buf[k] > '9')
			return -1;
	if (buf[12] != ' ' && buf[12] != '\r')
		return -1;
	r->status = (buf[9] - '0') * 100 + (buf[10] - '0') * 10 + (buf[11] - '0');
	if (r->status < 100)
		return -1;
	at = (size_t)((const char *)memchr(buf, '\n', head) - buf) + 1;
	while (at < head) {
		const char *l = buf + at, *nl = memchr(l, '\n', head - at);
		if (!nl || nl == l || nl[-1] != '\r')
			return -1;
		size_t n = (size_t)(nl - 1 - l);
		const char *colon = memchr(l, ':', n);
		if (!colon || colon == l || *l == ' ' || *l == '\t')
			return -1;  /* no name, or an obs-fold */
		if (r->nheaders == HTTP_MAX_HEADERS)
			return -1;
		struct http_header *h = &r->headers[r->nheaders++];
		size_t kn = (size_t)(colon - l);
		const char *v = colon + 1, *ve = l + n;
		while (v < ve && (*v == ' ' || *v == '\t'))
			v++;
		while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t'))
			ve--;
		if (kn >= sizeof h->name || (size_t)(ve - v) >= sizeof h->value)
			return -1;
		for (size_t k = 0; k < kn; k++)
			if ((unsigned char)l[k] <= ' ' || l[k] == 0x7f)
				return -1;
		for (const char *p = v; p < ve; p++)
			if (!*p || (unsigned char)*p == 0x7f || ((unsigned char)*p < ' ' && *p != '\t'))
				return -1;
		memcpy(h->name, l, kn);
		h->name[kn] = 0;
		memcpy(h->value, v, (size_t)(ve - v));
		h->value[ve - v] = 0;
		at = (size_t)(nl - buf) + 1;
	}
	r->body_at = head + 2;
	return 1;
}

const char *http_header(const struct http_resp *r, const char *name)
{
	for (int k = 0; k < r->nheaders; k++)
		if (!strcasecmp(r->headers[k].name, name))
			return r->headers[k].value;
	return NULL;
}

int http_request(const char *host, const char *port, const char *head, const char *body,
		 size_t blen, struct http_resp *r, char **rbody, size_t *rlen, char *err, size_t errlen)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM }, *ai = NULL;
	int fd = -1, rc = getaddrinfo(host, port, &hints, &ai);
	size_t cap = 1 << 16, n = 0;
	char *buf = NULL;

	if (rc) {
		snprintf(err, errlen, "%s: %s", host, gai_strerror(rc));
		return -1;
	}
	for (struct addrinfo *a = ai; a && fd < 0; a = a->ai_next) {
		fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
		if (fd >= 0 && connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
			close(fd);
			fd = -1;
		}
	}
	freeaddrinfo(ai);
	if (fd < 0) {
		snprintf(err, errlen, "%s:%s: %s", host, port, strerror(errno));
		return -1;
	}
	for (size_t k = 0, total = strlen(head) + blen; k < total;) {
		const char *p = k < strlen(head) ? head + k : body + (k - strlen(head));
		size_t m = k < strlen(head) ? strlen(head) - k : total - k;
		ssize_t w = send(fd, p, m, MSG_NOSIGNAL);
		if (w <= 0) {
			snprintf(err, errlen, "sending to %s:%s: %s", host, port, strerror(errno));
			close(fd);
			return -1;
		}
		k += (size_t)w;
	}
	/* Connection: close, so the answer ends at EOF (Content-Length, when
	 * present, is checked) */
	buf = malloc(cap);
	for (ssize_t got; buf && (got = read(fd, buf + n, cap - n)) != 0;) {
		if (got < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		n += (size_t)got;
		if (n == cap) {
			if (cap >= (1u << 30))
				break;
			char *b = realloc(buf, cap *= 2);
			if (!b)
				break;
			buf = b;
		}
	}
	close(fd);
	if (!buf || http_parse_head(buf, n, r) != 1) {
		snprintf(err, errlen, "%s:%s: not an HTTP answer", host, port);
		free(buf);
		return -1;
	}
	const char *cl = http_header(r, "Content-Length");
	*rlen = n - r->body_at;
	if (cl && strtoull(cl, NULL, 10) != *rlen) {
		snprintf(err, errlen, "%s:%s: the answer was cut (%zu of %s bytes)", host, port, *rlen, cl);
		free(buf);
		return -1;
	}
	memmove(buf, buf + r->body_at, *rlen);
	*rbody = buf;
	return 0;
}
