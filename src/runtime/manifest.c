/*
 * manifest.c - the manifest parser (see manifest.h for the format).
 *
 * One pass over the lines, in file order; the first error wins. Then checks
 * over the whole text, in this order: obligatory keys, duplicate aliases,
 * standard channels, name service, JobAllow's Job. Last, the channels are put in handle
 * order: /dev/stdin, /dev/stdout, /dev/stderr, then the rest by alias.
 *
 * Every value is copied out of the text (which need not be NUL-terminated)
 * into a NUL-terminated buffer before it is looked at, so nothing reads past
 * len; a NUL byte inside the text is rejected.
 */
#include "manifest.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { K_VERSION, K_PROGRAM, K_MEMORY, K_TIMEOUT, K_CHANNEL,
       K_NAMESERVER, K_NODE, K_JOB, K_ETAG, K_JOBSECRET, K_JOBALLOW, K_COUNT };

static const struct {
	const char *name;
	int obligatory, singleton;
} keys[K_COUNT] = {
	[K_VERSION]    = { "Version",    1, 1 },
	[K_PROGRAM]    = { "Program",    1, 1 },
	[K_MEMORY]     = { "Memory",     1, 1 },
	[K_TIMEOUT]    = { "Timeout",    1, 1 },
	[K_CHANNEL]    = { "Channel",    1, 0 },
	[K_NAMESERVER] = { "NameServer", 0, 1 },
	[K_NODE]       = { "Node",       0, 1 },
	[K_JOB]        = { "Job",        0, 1 },
	[K_ETAG]       = { "Etag",       0, 1 },
	[K_JOBSECRET]  = { "JobSecret",  0, 1 },
	[K_JOBALLOW]   = { "JobAllow",   0, 1 },
};

/* Protocol names of the original that are known but not implemented. */
static const char *const unsupported[] = { "udp", "ipc", "inproc", "pgm", "epgm" };

struct parser {
	struct manifest *m;
	char *err;
	size_t errlen;
	int line;                 /* current line, 1-based */
	int seen[K_COUNT];        /* line of the first occurrence, 0 = absent */
	size_t cap;               /* allocated channels */
	int ns_needed;            /* line of the first channel that uses a node */
	const char *ns_alias;     /* ... and its alias */
	int net;                  /* any network channel */
};

/* Fills err with "MANIFEST <line>: ..." (line > 0) or "MANIFEST: ...". */
__attribute__((format(printf, 4, 5)))
static int fail(struct parser *p, int line, int code, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!p->err || !p->errlen)
		return code;
	n = line > 0 ? snprintf(p->err, p->errlen, "MANIFEST %d: ", line)
		     : snprintf(p->err, p->errlen, "MANIFEST: ");
	if (n < 0 || (size_t)n >= p->errlen)
		return code;
	va_start(ap, fmt);
	vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return code;
}

static int is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/* Strips a NUL-terminated string in place; returns its new start. */
static char *strip(char *s)
{
	size_t n;

	while (is_space((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n && is_space((unsigned char)s[n - 1]))
		s[--n] = 0;
	return s;
}

/* Splits s in place on sep into stripped tokens; stores at most max of them
 * and returns how many there are. */
static int split(char *s, char sep, char **tok, int max)
{
	int n = 0;

	for (;;) {
		char *e = strchr(s, sep);

		if (e)
			*e = 0;
		if (n < max)
			tok[n] = strip(s);
		n++;
		if (!e)
			return n;
		s = e + 1;
	}
}

static int digit(int c, int base)
{
	int d = c >= '0' && c <= '9' ? c - '0'
	      : c >= 'a' && c <= 'f' ? c - 'a' + 10
	      : c >= 'A' && c <= 'F' ? c - 'A' + 10 : 99;

	return d < base ? d : -1;
}

/* An integer as strtoll(s, &end, 0) reads it (optional sign; 0x hex, leading
 * 0 octal, else decimal) that must fill the whole token and fit in int64. */
static int to_int(struct parser *p, const char *s, int64_t *out)
{
	const char *q = s;
	uint64_t v = 0, lim;
	int neg = 0, base = 10, d;

	if (*q == '+' || *q == '-')
		neg = *q++ == '-';
	if (q[0] == '0' && (q[1] == 'x' || q[1] == 'X')) {
		base = 16;
		q += 2;
	} else if (q[0] == '0') {
		base = 8;
	}
	lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	if (!*q)
		goto bad;
	for (; *q; q++) {
		if ((d = digit((unsigned char)*q, base)) < 0 ||
		    v > (lim - (uint64_t)d) / (uint64_t)base)
			goto bad;
		v = v * (uint64_t)base + (uint64_t)d;
	}
	*out = neg ? (v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v) : (int64_t)v;
	return 0;
bad:
	return fail(p, p->line, EFAULT, "invalid numeric value '%s'", s);
}

static int nomem(struct parser *p)
{
	return fail(p, p->line, ENOMEM, "out of memory");
}

static int dup_str(struct parser *p, char **dst, const char *s)
{
	return (*dst = strdup(s)) ? 0 : nomem(p);
}

/* Host part of a network address: an IPv4 (it has a '.') or a node number. */
static int parse_host(struct parser *p, const char *h, uint32_t *ip, int *node)
{
	struct in_addr a;
	int64_t v;

	*ip = 0;
	*node = -1;
	if (strchr(h, '.')) {
		if (inet_pton(AF_INET, h, &a) != 1)
			return fail(p, p->line, EFAULT, "malformed ip token");
		*ip = ntohl(a.s_addr);
		return 0;
	}
	if (!*h || digit((unsigned char)(*h == '+' || *h == '-' ? h[1] : *h), 10) < 0)
		return fail(p, p->line, EFAULT, "malformed ip token");
	if (to_int(p, h, &v))
		return EFAULT;
	if (v < 1 || v > INT_MAX)
		return fail(p, p->line, EFAULT, "invalid node: %lld", (long long)v);
	*node = (int)v;
	return 0;
}

static int parse_port(struct parser *p, const char *s, int *port)
{
	int64_t v;

	if (to_int(p, s, &v))
		return EFAULT;
	if (v < 0 || v > 65535)
		return fail(p, p->line, EFAULT, "invalid port: %lld", (long long)v);
	*port = (int)v;
	return 0;
}

/* Splits "PROTO:HOST:PORT" at its first two colons (PORT may be absent). */
static int split_uri(char *s, char **host, char **port)
{
	char *c = strchr(s, ':');

	*host = *port = NULL;
	if (!c)
		return 0;
	*c = 0;
	*host = c + 1;
	if ((c = strchr(*host, ':'))) {
		*c = 0;
		*port = c + 1;
	}
	return 1;
}

/* "tcp:HOST:PORT" (tcp case-insensitive), or an absolute host path. */
static int parse_uri(struct parser *p, const char *uri, struct mft_channel *c)
{
	char *s, *host, *port;
	size_t i;
	int rc = 0;

	c->proto = MFT_FILE;
	c->ip = 0;
	c->node = -1;
	c->port = 0;
	if (strchr(uri, ';'))
		return fail(p, p->line, EFAULT, "multi-source channels are not supported");
	if (!strchr(uri, ':')) {
		if (uri[0] != '/')
			return fail(p, p->line, EFAULT, "only absolute path channels are allowed");
		return 0;
	}
	if (!(s = strdup(uri)))
		return nomem(p);
	split_uri(s, &host, &port);
	if (strcasecmp(s, "tcp") != 0) {
		rc = fail(p, p->line, EFAULT, "only absolute path channels are allowed");
		for (i = 0; i < sizeof unsupported / sizeof *unsupported; i++)
			if (strcasecmp(s, unsupported[i]) == 0)
				rc = fail(p, p->line, EPROTONOSUPPORT,
					  "%s channels are not supported", unsupported[i]);
	} else if (!port) {
		rc = fail(p, p->line, EFAULT, "missing port in '%s'", uri);
	} else {
		c->proto = MFT_TCP;
		if (!(rc = parse_host(p, host, &c->ip, &c->node)) && *port)
			rc = parse_port(p, port, &c->port);
	}
	free(s);
	return rc;
}

static int valid_alias(const char *a)
{
	if (strncmp(a, "/dev/", 5) != 0 || !a[5])
		return 0;
	for (; *a; a++)
		if ((unsigned char)*a <= ' ' || *a == 0x7f)
			return 0;
	return 1;
}

static int add_channel(struct parser *p, char *val)
{
	struct manifest *m = p->m;
	struct mft_channel c = { 0 };
	char *tok[8];
	int64_t v;
	int i, rc;

	if (m->nchannels >= MFT_MAX_CHANNELS)
		return fail(p, p->line, ENFILE, "too many channels (limit %d)", MFT_MAX_CHANNELS);
	if (split(val, ',', tok, 8) != 8)
		return fail(p, p->line, EFAULT, "invalid channel tokens number");
	if ((rc = parse_uri(p, tok[0], &c)) != 0)
		return rc;
	if (!valid_alias(tok[1]))
		return fail(p, p->line, EFAULT, "invalid channel alias '%s'", tok[1]);
	if (to_int(p, tok[2], &v))
		return EFAULT;
	if (v < 0 || v > 3)
		return fail(p, p->line, EFAULT, "%s has invalid type %lld", tok[1], (long long)v);
	c.type = (int)v;
	if (to_int(p, tok[3], &v))
		return EFAULT;
	if (v != 0 && v != 1)
		return fail(p, p->line, EFAULT, "%s has invalid etag %lld", tok[1], (long long)v);
	c.etag = (int)v;
	for (i = 0; i < 4; i++)
		if (to_int(p, tok[4 + i], &c.limits[i]))
			return EFAULT;
	for (i = 0; i < 4; i++)
		if (c.limits[i] < 0)
			return fail(p, p->line, EFAULT, "negative limits for %s", tok[1]);
	if (c.proto == MFT_TCP) {
		int rw = mft_rw(&c);

		if (rw != 1 && rw != 2)
			return fail(p, p->line, EFAULT,
				    "network channel %s must be either read-only or write-only", tok[1]);
		if (c.type != 0)
			return fail(p, p->line, EFAULT,
				    "network channel %s must be sequential (type 0)", tok[1]);
		p->net = 1;
		if (c.node >= 0 && !p->ns_needed)
			p->ns_needed = p->line;
	}
	c.line = p->line;
	if ((size_t)m->nchannels == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 8;
		struct mft_channel *n = realloc(m->channels, cap * sizeof *n);

		if (!n)
			return nomem(p);
		m->channels = n;
		p->cap = cap;
	}
	if (!(c.uri = strdup(tok[0])) || !(c.alias = strdup(tok[1]))) {
		free(c.uri);
		return nomem(p);
	}
	if (p->ns_needed == p->line && !p->ns_alias)
		p->ns_alias = c.alias;
	m->channels[m->nchannels++] = c;
	return 0;
}

static int set_memory(struct parser *p, char *val)
{
	char *tok[2];
	int64_t size, tag;

	if (split(val, ',', tok, 2) != 2)
		return fail(p, p->line, EFAULT, "invalid memory token");
	if (to_int(p, tok[0], &size) || to_int(p, tok[1], &tag))
		return EFAULT;
	if (tag != 0 && tag != 1)
		return fail(p, p->line, EFAULT, "invalid memory etag token");
	if (size <= 0 || (uint64_t)size > MFT_MAX_MEMORY)
		return fail(p, p->line, ENOMEM, "invalid memory size");
	p->m->memory = (uint64_t)size;
	p->m->memory_etag = (int)tag;
	return 0;
}

static int set_nameserver(struct parser *p, char *val)
{
	struct manifest *m = p->m;
	char *host, *port;
	int node;

	if (dup_str(p, &m->nameserver, val))
		return ENOMEM;
	if (!split_uri(val, &host, &port) || strcasecmp(val, "udp") != 0)
		return fail(p, p->line, EFAULT, "name server only support udp protocol");
	if (!strchr(host, '.'))
		return fail(p, p->line, EFAULT, "malformed ip token");
	if (parse_host(p, host, &m->ns_ip, &node))
		return EFAULT;
	if (!port || !*port)
		return fail(p, p->line, EFAULT, "missing port in '%s'", m->nameserver);
	if (parse_port(p, port, &m->ns_port))
		return EFAULT;
	if (m->ns_port == 0)
		return fail(p, p->line, EFAULT, "invalid port: 0");
	return 0;
}

/* JobSecret = 64 hex digits: the job's key for the TCP channel handshake
 * (handshake.h). The message never quotes the value: the secret must not
 * reach a report or the guest. */
static int set_secret(struct parser *p, const char *val)
{
	size_t i;

	if (strlen(val) != 2 * MFT_SECRET_SIZE)
		return fail(p, p->line, EFAULT, "invalid JobSecret (%d hex digits expected)",
			    2 * MFT_SECRET_SIZE);
	for (i = 0; i < 2 * MFT_SECRET_SIZE; i++)
		if (digit((unsigned char)val[i], 16) < 0)
			return fail(p, p->line, EFAULT, "invalid JobSecret (%d hex digits expected)",
				    2 * MFT_SECRET_SIZE);
	for (i = 0; i < MFT_SECRET_SIZE; i++)
		p->m->secret[i] = (uint8_t)(digit((unsigned char)val[2 * i], 16) << 4 |
					    digit((unsigned char)val[2 * i + 1], 16));
	p->m->has_secret = 1;
	return 0;
}

/* JobAllow = UID[, UID...]: who besides the daemon's owner may ask
 * (daemon.c). Decimal only, no sign: a uid is not a number to guess at;
 * (uid_t)-1 is no one's, and a uid listed twice is a typo. */
static int set_allow(struct parser *p, char *val)
{
	char *tok[MFT_MAX_ALLOW];
	struct manifest *m = p->m;
	int n = split(val, ',', tok, MFT_MAX_ALLOW);

	if (n > MFT_MAX_ALLOW)
		return fail(p, p->line, EFAULT, "too many JobAllow uids (limit %d)", MFT_MAX_ALLOW);
	for (int i = 0; i < n; i++) {
		uint64_t v = 0;
		const char *q = tok[i];
		if (!*q)
			return fail(p, p->line, EFAULT, "empty JobAllow uid");
		for (; *q; q++) {
			if (*q < '0' || *q > '9' || v > UINT32_MAX / 10)
				return fail(p, p->line, EFAULT, "invalid JobAllow uid '%s'", tok[i]);
			v = v * 10 + (uint64_t)(*q - '0');
		}
		if (v >= UINT32_MAX)
			return fail(p, p->line, EFAULT, "invalid JobAllow uid '%s'", tok[i]);
		for (int k = 0; k < m->nallow; k++)
			if (m->allow[k] == v)
				return fail(p, p->line, EFAULT, "JobAllow uid %s listed twice", tok[i]);
		m->allow[m->nallow++] = (uint32_t)v;
	}
	return 0;
}

/* One "Key = value" of n bytes (no newline) at s. */
static int parse_line(struct parser *p, const char *s, size_t n)
{
	struct manifest *m = p->m;
	const char *hash, *eq;
	size_t kn, vn;
	const char *k, *v;
	char *val;
	int key, rc = 0;
	int64_t x;

	if (memchr(s, 0, n))
		return fail(p, p->line, EFAULT, "NUL byte in line");
	if ((hash = memchr(s, '#', n)))
		n = (size_t)(hash - s);
	while (n && is_space((unsigned char)*s))
		s++, n--;
	while (n && is_space((unsigned char)s[n - 1]))
		n--;
	if (!n)
		return 0;
	if (!(eq = memchr(s, '=', n)))
		return fail(p, p->line, EFAULT, "missing '='");
	k = s;
	kn = (size_t)(eq - s);
	while (kn && is_space((unsigned char)k[kn - 1]))
		kn--;
	v = eq + 1;
	vn = n - (size_t)(v - s);
	while (vn && is_space((unsigned char)*v))
		v++, vn--;
	if (!kn)
		return fail(p, p->line, EFAULT, "missing key");
	for (key = 0; key < K_COUNT; key++)
		if (strlen(keys[key].name) == kn && memcmp(keys[key].name, k, kn) == 0)
			break;
	if (key == K_COUNT)
		return fail(p, p->line, EFAULT, "unknown key '%.*s'", (int)kn, k);
	if (memchr(v, '=', vn))
		return fail(p, p->line, EFAULT, "unexpected '=' in value");
	if (!vn)
		return fail(p, p->line, EFAULT, "empty value for %s", keys[key].name);
	if (keys[key].singleton && p->seen[key])
		return fail(p, p->line, EFAULT, "duplicate %s keyword", keys[key].name);
	if (!p->seen[key])
		p->seen[key] = p->line;
	if (!(val = malloc(vn + 1)))
		return nomem(p);
	memcpy(val, v, vn);
	val[vn] = 0;

	switch (key) {
	case K_VERSION:
		if (strcmp(val, MFT_VERSION) != 0)
			rc = fail(p, p->line, EFAULT, "invalid manifest version");
		break;
	case K_PROGRAM:
		rc = dup_str(p, &m->program, val);
		break;
	case K_MEMORY:
		rc = set_memory(p, val);
		break;
	case K_TIMEOUT:
		if (!(rc = to_int(p, val, &x))) {
			if (x < 1 || x > INT_MAX)
				rc = fail(p, p->line, EFAULT, "invalid timeout %lld", (long long)x);
			else
				m->timeout = (int)x;
		}
		break;
	case K_CHANNEL:
		rc = add_channel(p, val);
		break;
	case K_NAMESERVER:
		rc = set_nameserver(p, val);
		break;
	case K_NODE:
		if (!(rc = to_int(p, val, &x))) {
			if (x < 1 || x > INT_MAX)
				rc = fail(p, p->line, EFAULT, "invalid node: %lld", (long long)x);
			else
				m->node = (int)x;
		}
		break;
	case K_JOB:
		if (vn >= MFT_MAX_JOB)
			rc = fail(p, p->line, EFAULT, "too long Job name");
		else
			rc = dup_str(p, &m->job, val);
		break;
	case K_ETAG:
		rc = dup_str(p, &m->etag, val);
		break;
	case K_JOBSECRET:
		rc = set_secret(p, val);
		break;
	case K_JOBALLOW:
		rc = set_allow(p, val);
		break;
	}
	explicit_bzero(val, vn); /* a JobSecret's copy does not outlive its parse */
	free(val);
	return rc;
}

static int by_alias_line(const void *a, const void *b)
{
	const struct mft_channel *x = a, *y = b;
	int c = strcmp(x->alias, y->alias);

	return c ? c : (x->line > y->line) - (x->line < y->line);
}

static const char *const std_alias[3] = { "/dev/stdin", "/dev/stdout", "/dev/stderr" };

/* Checks the channels as a whole and puts them in handle order. */
static int order_channels(struct parser *p)
{
	struct manifest *m = p->m;
	struct mft_channel *sorted;
	int i, k, n = m->nchannels, dup = 0, std[3] = { -1, -1, -1 };

	qsort(m->channels, (size_t)n, sizeof *m->channels, by_alias_line);
	for (i = 1; i < n; i++)
		if (strcmp(m->channels[i - 1].alias, m->channels[i].alias) == 0 &&
		    (!dup || m->channels[i].line < m->channels[dup].line))
			dup = i;
	if (dup)
		return fail(p, m->channels[dup].line, EFAULT, "%s is already allocated",
			    m->channels[dup].alias);
	for (i = 0; i < n; i++)
		for (k = 0; k < 3; k++)
			if (strcmp(m->channels[i].alias, std_alias[k]) == 0)
				std[k] = i;
	if (std[0] < 0 || std[1] < 0 || std[2] < 0)
		return fail(p, 0, EFAULT, "missing standard channels in manifest");
	if (!(sorted = malloc((size_t)n * sizeof *sorted)))
		return fail(p, 0, ENOMEM, "out of memory");
	for (k = 0; k < 3; k++)
		sorted[k] = m->channels[std[k]];
	for (i = 0, k = 3; i < n; i++)
		if (i != std[0] && i != std[1] && i != std[2])
			sorted[k++] = m->channels[i];
	free(m->channels);
	m->channels = sorted;
	return 0;
}

static int parse(struct parser *p, const char *text, size_t len)
{
	struct manifest *m = p->m;
	size_t pos = 0, end;
	int rc, k;

	if (len > MFT_MAX_SIZE)
		return fail(p, 0, EFBIG, "manifest is larger than %d bytes", MFT_MAX_SIZE);
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);

		end = nl ? (size_t)(nl - text) : len;
		if (++p->line > MFT_MAX_LINES)
			return fail(p, p->line, EFAULT, "too many lines (limit %d)", MFT_MAX_LINES);
		if ((rc = parse_line(p, text + pos, end - pos)) != 0)
			return rc;
		pos = end + 1;
	}
	for (k = 0; k < K_COUNT; k++)
		if (keys[k].obligatory && !p->seen[k])
			return fail(p, 0, EFAULT, "%s not specified", keys[k].name);
	if ((rc = order_channels(p)) != 0)
		return rc;
	if (p->ns_needed && !m->nameserver)
		return fail(p, p->ns_needed, EFAULT, "NameServer not specified (needed by %s)",
			    p->ns_alias);
	if (m->nameserver && p->net && m->node < 0)
		return fail(p, 0, EFAULT, "Node not specified");
	if (m->nallow && !m->job)
		return fail(p, p->seen[K_JOBALLOW], EFAULT, "JobAllow without Job");
	return 0;
}

int manifest_parse(const char *text, size_t len, struct manifest *m, char *err, size_t errlen)
{
	struct parser p = { .m = m, .err = err, .errlen = errlen };
	int rc;

	memset(m, 0, sizeof *m);
	m->node = -1;
	if (err && errlen)
		err[0] = 0;
	rc = parse(&p, text, len);
	if (rc)
		manifest_free(m);
	return rc;
}

int manifest_load(const char *path, struct manifest *m, char *err, size_t errlen)
{
	size_t cap = MFT_MAX_SIZE + 1, len = 0;
	char *buf;
	int fd, rc;

	memset(m, 0, sizeof *m);
	m->node = -1;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		if (err && errlen)
			snprintf(err, errlen, "manifest open error");
		return ENOENT;
	}
	/* A regular file needs only its size (+1 shows growth or oversize);
	 * a small buffer keeps start-up cheap. */
	struct stat st;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (uint64_t)st.st_size < cap)
		cap = (size_t)st.st_size + 1;
	if (!(buf = malloc(cap))) {
		close(fd);
		if (err && errlen)
			snprintf(err, errlen, "out of memory");
		return ENOMEM;
	}
	while (len < cap) {
		ssize_t r = read(fd, buf + len, cap - len);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			len = 0;
			break;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	if (!len) {
		free(buf);
		if (err && errlen)
			snprintf(err, errlen, "manifest read error");
		return EIO;
	}
	rc = manifest_parse(buf, len, m, err, errlen);
	explicit_bzero(buf, len); /* the text may hold the JobSecret */
	free(buf);
	return rc;
}

void manifest_free(struct manifest *m)
{
	int i;

	for (i = 0; i < m->nchannels; i++) {
		free(m->channels[i].uri);
		free(m->channels[i].alias);
	}
	free(m->channels);
	free(m->program);
	free(m->job);
	free(m->nameserver);
	free(m->etag);
	explicit_bzero(m, sizeof *m); /* the JobSecret with the rest */
}

int mft_std_fd(const char *uri)
{
	if (!strcmp(uri, "/dev/stdin"))
		return 0;
	if (!strcmp(uri, "/dev/stdout"))
		return 1;
	if (!strcmp(uri, "/dev/stderr"))
		return 2;
	if (!strncmp(uri, "/dev/fd/", 8) && uri[8] >= '0' && uri[8] <= '9') {
		char *end;
		long fd = strtol(uri + 8, &end, 10);
		if (!*end && fd >= 0 && fd < 1024)
			return (int)fd;
	}
	return -1;
}
