/*
 * manifest_test.c - tests of the manifest parser (src/runtime/manifest.c).
 *
 *   manifest-test [-p PREFIX] CASE.manifest...
 *
 * Runs every case file given, then the built-in cases (generated texts that
 * would be unwieldy as files: limits, NUL bytes, manifest_load errors...).
 * Prints "PASS PREFIXname" or "FAIL PREFIXname: why" per case; exits 1 if
 * any failed.
 *
 * A case file is named NAME.ERRNO.manifest. With ERRNO != 0 its first line is
 * "# expect: MESSAGE", the exact error text. With ERRNO 0 its lines starting
 * with "#> " are the expected dump of the parsed manifest (see dump()). Each
 * file is parsed twice, with manifest_load and with manifest_parse on a copy
 * in a buffer of exactly its size (no NUL after it), and both must agree.
 */
#include "runtime/manifest.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *prefix = "";
static int failures;

__attribute__((format(printf, 2, 3)))
static void fail(const char *name, const char *fmt, ...)
{
	va_list ap;

	printf("FAIL %s%s: ", prefix, name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	failures++;
}

static void pass(const char *name)
{
	printf("PASS %s%s\n", prefix, name);
}

static const char *ipstr(uint32_t ip, char *buf)
{
	sprintf(buf, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 255, (ip >> 8) & 255, ip & 255);
	return buf;
}

/* The canonical text form of a parsed manifest, one item a line. */
static char *dump(const struct manifest *m)
{
	char *out = NULL, ip[16];
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	int i;

	if (!f)
		abort();
	fprintf(f, "program %s\n", m->program);
	fprintf(f, "memory %llu %d\n", (unsigned long long)m->memory, m->memory_etag);
	fprintf(f, "timeout %d\n", m->timeout);
	if (m->nameserver)
		fprintf(f, "nameserver %s %s %d\n", m->nameserver, ipstr(m->ns_ip, ip), m->ns_port);
	fprintf(f, "node %d\n", m->node);
	if (m->job)
		fprintf(f, "job %s\n", m->job);
	if (m->etag)
		fprintf(f, "etag %s\n", m->etag);
	if (m->has_secret) {
		fprintf(f, "jobsecret ");
		for (i = 0; i < MFT_SECRET_SIZE; i++)
			fprintf(f, "%02x", m->secret[i]);
		fprintf(f, "\n");
	}
	if (m->nallow) {
		fprintf(f, "joballow");
		for (i = 0; i < m->nallow; i++)
			fprintf(f, " %u", m->allow[i]);
		fprintf(f, "\n");
	}
	for (i = 0; i < m->nchannels; i++) {
		const struct mft_channel *c = &m->channels[i];

		fprintf(f, "channel %d %s %s type=%d etag=%d limits=%lld,%lld,%lld,%lld rw=%d line=%d",
			i, c->alias, c->uri, c->type, c->etag, (long long)c->limits[0],
			(long long)c->limits[1], (long long)c->limits[2], (long long)c->limits[3],
			mft_rw(c), c->line);
		if (c->proto == MFT_TCP)
			fprintf(f, " tcp ip=%s node=%d port=%d", ipstr(c->ip, ip), c->node, c->port);
		fprintf(f, "\n");
	}
	fclose(f);
	return out;
}

/* Invariants of every successful parse; returns a reason or NULL. */
static const char *invariants(const struct manifest *m)
{
	static const char *const std[3] = { "/dev/stdin", "/dev/stdout", "/dev/stderr" };
	int i;

	if (!m->program || !*m->program)
		return "no program";
	if (m->memory == 0 || m->memory > MFT_MAX_MEMORY || m->memory_etag < 0 || m->memory_etag > 1)
		return "bad memory";
	if (m->timeout < 1)
		return "bad timeout";
	if (m->nchannels < 3 || m->nchannels > MFT_MAX_CHANNELS)
		return "bad channel count";
	for (i = 0; i < 3; i++)
		if (strcmp(m->channels[i].alias, std[i]) != 0)
			return "standard channels are not first";
	for (i = 4; i < m->nchannels; i++)
		if (strcmp(m->channels[i - 1].alias, m->channels[i].alias) >= 0)
			return "channels 3.. not strictly sorted by alias";
	for (i = 0; i < m->nchannels; i++) {
		const struct mft_channel *c = &m->channels[i];

		if (i >= 3 && (strcmp(c->alias, std[0]) == 0 || strcmp(c->alias, std[1]) == 0 ||
			       strcmp(c->alias, std[2]) == 0))
			return "standard alias after handle 2";
		if (c->limits[0] < 0 || c->limits[1] < 0 || c->limits[2] < 0 || c->limits[3] < 0)
			return "negative limit";
		if (c->type < 0 || c->type > 3 || c->etag < 0 || c->etag > 1)
			return "bad type or etag";
		if (strncmp(c->alias, "/dev/", 5) != 0)
			return "bad alias";
		if (c->proto == MFT_FILE && (c->uri[0] != '/' || c->ip || c->node != -1 || c->port))
			return "bad file channel";
		if (c->proto == MFT_TCP && ((mft_rw(c) != 1 && mft_rw(c) != 2) || c->type ||
					    (c->node != -1 && (c->node < 1 || c->ip != 0)) ||
					    c->port < 0 || c->port > 65535))
			return "bad network channel";
	}
	if (m->node == 0 || m->node < -1)
		return "bad node";
	if (m->job && strlen(m->job) >= MFT_MAX_JOB)
		return "long job";
	return NULL;
}

/* Result of one parse, as a string to compare: "errno message" or dump. */
static char *result(int rc, const struct manifest *m, const char *err)
{
	char *s;

	if (rc) {
		if (asprintf(&s, "%d %s", rc, err) < 0)
			abort();
		return s;
	}
	return dump(m);
}

/* Parses text (len bytes) from an exact-size heap copy; returns result(). */
static char *parse_exact(const char *text, size_t len, int *rc, const char **why)
{
	char *buf = malloc(len ? len : 1), err[256], *r;
	struct manifest m;

	memcpy(buf, text, len);
	memset(err, 'x', sizeof err);
	*rc = manifest_parse(buf, len, &m, err, sizeof err);
	*why = *rc ? NULL : invariants(&m);
	r = result(*rc, &m, err);
	if (*rc) {
		struct manifest zero;

		memset(&zero, 0, sizeof zero);
		if (memcmp(&m, &zero, sizeof m) != 0)
			*why = "manifest not zeroed after an error";
	}
	manifest_free(&m);
	manifest_free(&m); /* idempotent */
	free(buf);
	return r;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	*len = fread(buf, 1, (size_t)n, f);
	buf[*len] = 0;
	fclose(f);
	return buf;
}

/* Expected result from the comments of a case file. */
static char *expectation(const char *text, int code)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	const char *l = text;

	if (code) {
		const char *e;

		if (strncmp(l, "# expect: ", 10) != 0) {
			fclose(f);
			free(out);
			return NULL;
		}
		l += 10;
		e = l + strcspn(l, "\r\n");
		fprintf(f, "%d %.*s", code, (int)(e - l), l);
	} else {
		for (; *l; l += strcspn(l, "\n"), l += *l == '\n') {
			size_t n = strcspn(l, "\n");

			if (n && l[n - 1] == '\r')
				n--;
			if (strncmp(l, "#> ", 3) == 0)
				fprintf(f, "%.*s\n", (int)n - 3, l + 3);
		}
	}
	fclose(f);
	return out;
}

/* First differing line of a and b, for messages. */
static void first_diff(const char *a, const char *b, char *out, size_t cap)
{
	size_t i = 0, start = 0;
	int line = 1;

	for (; a[i] && a[i] == b[i]; i++)
		if (a[i] == '\n') {
			line++;
			start = i + 1;
		}
	a += start;
	b += start;
	snprintf(out, cap, "line %d differs: got '%.*s', want '%.*s'", line,
		 (int)strcspn(a, "\n"), a, (int)strcspn(b, "\n"), b);
}

static void run_file(const char *path)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	char name[256], *text, *want, *got1, *got2, *dot, *end, err[256], diff[600];
	size_t len;
	int code, rc1, rc2;
	const char *why = NULL, *why2 = NULL;
	struct manifest m;

	snprintf(name, sizeof name, "%s", base);
	if ((end = strstr(name, ".manifest")))
		*end = 0;
	dot = strrchr(name, '.');
	if (!dot || !end) {
		fail(name, "case file name is not NAME.ERRNO.manifest");
		return;
	}
	code = (int)strtol(dot + 1, &end, 10);
	*dot = 0;
	if (!(text = read_file(path, &len))) {
		fail(name, "cannot read %s", path);
		return;
	}
	if (!(want = expectation(text, code))) {
		fail(name, "no '# expect: ' first line");
		free(text);
		return;
	}
	rc1 = manifest_load(path, &m, err, sizeof err);
	if (!rc1)
		why = invariants(&m);
	got1 = result(rc1, &m, err);
	manifest_free(&m);
	got2 = parse_exact(text, len, &rc2, &why2);
	if (why || why2)
		fail(name, "invariant broken: %s", why ? why : why2);
	else if (strcmp(got1, got2) != 0)
		fail(name, "manifest_load and manifest_parse disagree: '%s' vs '%s'", got1, got2);
	else if (rc1 != code)
		fail(name, "errno %d, want %d (%s)", rc1, code, got1);
	else if (strcmp(got1, want) != 0) {
		first_diff(got1, want, diff, sizeof diff);
		fail(name, "%s", diff);
	} else
		pass(name);
	free(got1);
	free(got2);
	free(want);
	free(text);
}

/* ---- built-in cases ---------------------------------------------------- */

static const char head[] =
	"Version = 20130611\n"
	"Program = /p.nexe\n"
	"Memory = 33554432, 0\n"
	"Timeout = 10\n";
static const char stdch[] =
	"Channel = /dev/null, /dev/stdin, 0, 0, 1, 1, 0, 0\n"
	"Channel = /dev/null, /dev/stdout, 0, 0, 0, 0, 1, 1\n"
	"Channel = /dev/null, /dev/stderr, 0, 0, 0, 0, 1, 1\n";

struct buf {
	char *p;
	size_t n, cap;
};

__attribute__((format(printf, 2, 3)))
static void add(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!b->p && !(b->p = calloc(1, b->cap = 256)))
		abort();
	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->p + b->n, b->cap - b->n, fmt, ap);
		va_end(ap);
		if ((size_t)n < b->cap - b->n)
			break;
		b->cap = b->cap * 2 + (size_t)n + 64;
		if (!(b->p = realloc(b->p, b->cap)))
			abort();
	}
	b->n += (size_t)n;
}

/* Checks that text gives errno code and message msg (NULL: success). */
static void expect(const char *name, const char *text, size_t len, int code, const char *msg)
{
	int rc;
	const char *why = NULL;
	char *got = parse_exact(text, len, &rc, &why), *want = NULL;

	if (code && asprintf(&want, "%d %s", code, msg) < 0)
		abort();
	if (why)
		fail(name, "invariant broken: %s", why);
	else if (rc != code)
		fail(name, "errno %d, want %d (%.200s)", rc, code, got);
	else if (code && strcmp(got, want) != 0)
		fail(name, "got '%s', want '%s'", got, want);
	else
		pass(name);
	free(got);
	free(want);
}

static void many_channels(void)
{
	struct buf b = { 0 };
	struct manifest m;
	char err[256], want[64];
	int i, n = 8000, rc, bad = 0;

	add(&b, "%s", head);
	/* Channels in a scrambled order, the standard ones in the middle. */
	for (i = 0; i < n - 3; i++) {
		int k = (int)(((unsigned)i * 7919u) % (unsigned)(n - 3));

		add(&b, "Channel = /tmp/f%d, /dev/c%05d, 1, 0, %d, 10, 0, 0\n", k, k, k + 1);
		if (i == n / 2)
			add(&b, "%s", "Channel=/dev/null,/dev/stderr,0,0,0,0,1,1\n"
				      "Channel=/dev/null,/dev/stdout,0,0,0,0,1,1\n"
				      "Channel=/dev/null,/dev/stdin,0,0,1,1,0,0\n");
	}
	rc = manifest_parse(b.p, b.n, &m, err, sizeof err);
	if (rc) {
		fail("builtin_8000_channels", "errno %d: %s", rc, err);
	} else if (m.nchannels != n || invariants(&m)) {
		fail("builtin_8000_channels", "%d channels, %s", m.nchannels, invariants(&m));
	} else {
		for (i = 3; i < n && !bad; i++) {
			snprintf(want, sizeof want, "/dev/c%05d", i - 3);
			bad = strcmp(m.channels[i].alias, want) != 0 ||
			      m.channels[i].limits[0] != i - 2 || m.channels[i].type != 1;
		}
		if (bad)
			fail("builtin_8000_channels", "channel %d is %s", i - 1, m.channels[i - 1].alias);
		else
			pass("builtin_8000_channels");
	}
	manifest_free(&m);
	free(b.p);
}

static void line_limits(void)
{
	struct buf b = { 0 };
	int i;

	add(&b, "%s%s", head, stdch);
	for (i = 7; i < MFT_MAX_LINES; i++)
		add(&b, i % 2 ? "\n" : "# comment\n");
	expect("builtin_8192_lines", b.p, b.n, 0, NULL);
	add(&b, "\n");
	expect("builtin_8193_lines", b.p, b.n, EFAULT, "MANIFEST 8193: too many lines (limit 8192)");
	b.n--;
	add(&b, "Node = 5");  /* 8193rd line, no newline */
	expect("builtin_8193_lines_no_newline", b.p, b.n, EFAULT,
	       "MANIFEST 8193: too many lines (limit 8192)");
	free(b.p);
}

static void size_limits(void)
{
	struct buf b = { 0 };

	add(&b, "%s%s", head, stdch);
	while (b.n + 100 < MFT_MAX_SIZE)
		add(&b, "#%097d\n", 0);
	while (b.n < MFT_MAX_SIZE - 1)
		add(&b, " ");
	add(&b, "\n");
	expect("builtin_512k_exactly", b.p, b.n, 0, NULL);
	add(&b, "\n");
	expect("builtin_512k_plus_1", b.p, b.n, EFBIG, "MANIFEST: manifest is larger than 524288 bytes");
	free(b.p);
}

static void nul_and_edges(void)
{
	static const char nul[] = "Version = 20130611\nProgram = /a\0b\n";
	struct buf b = { 0 };
	struct manifest m;
	char err[16];
	int rc;

	expect("builtin_nul_byte", nul, sizeof nul - 1, EFAULT, "MANIFEST 2: NUL byte in line");
	expect("builtin_nul_in_comment", "# \0\n", 4, EFAULT, "MANIFEST 1: NUL byte in line");
	expect("builtin_empty_text", "", 0, EFAULT, "MANIFEST: Version not specified");
	/* Unterminated last line ending in a number: the parser must not look past it. */
	add(&b, "%s%sNode = 12", head, stdch);
	expect("builtin_unterminated_number", b.p, b.n, 0, NULL);
	b.n -= 2;  /* "Node = " at the very end of the buffer */
	expect("builtin_unterminated_empty_value", b.p, b.n, EFAULT, "MANIFEST 8: empty value for Node");
	free(b.p);

	/* A short error buffer gets a truncated, terminated message. */
	rc = manifest_parse("Foo = 1", 7, &m, err, sizeof err);
	if (rc != EFAULT || strcmp(err, "MANIFEST 1: unk") != 0)
		fail("builtin_short_err_buffer", "errno %d, '%s'", rc, err);
	else
		pass("builtin_short_err_buffer");
	rc = manifest_parse("Foo = 1", 7, &m, NULL, 0);
	if (rc != EFAULT)
		fail("builtin_null_err_buffer", "errno %d", rc);
	else
		pass("builtin_null_err_buffer");
	rc = manifest_parse("Foo = 1", 7, &m, err, 1);
	if (rc != EFAULT || err[0])
		fail("builtin_one_byte_err_buffer", "errno %d", rc);
	else
		pass("builtin_one_byte_err_buffer");
}

static void load_errors(void)
{
	char dir[] = "/tmp/manifest-test.XXXXXX", path[300], err[256];
	struct manifest m;
	struct buf b = { 0 };
	int rc, fd;

	if (!mkdtemp(dir)) {
		fail("builtin_load", "mkdtemp: %s", strerror(errno));
		return;
	}
	snprintf(path, sizeof path, "%s/none", dir);
	rc = manifest_load(path, &m, err, sizeof err);
	if (rc != ENOENT || strcmp(err, "manifest open error") != 0)
		fail("builtin_load_missing", "errno %d '%s'", rc, err);
	else
		pass("builtin_load_missing");

	rc = manifest_load(dir, &m, err, sizeof err);
	if (rc != EIO || strcmp(err, "manifest read error") != 0)
		fail("builtin_load_directory", "errno %d '%s'", rc, err);
	else
		pass("builtin_load_directory");

	snprintf(path, sizeof path, "%s/empty", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	close(fd);
	rc = manifest_load(path, &m, err, sizeof err);
	if (rc != EIO || strcmp(err, "manifest read error") != 0)
		fail("builtin_load_empty", "errno %d '%s'", rc, err);
	else
		pass("builtin_load_empty");
	unlink(path);

	snprintf(path, sizeof path, "%s/big", dir);
	add(&b, "%s%s", head, stdch);
	while (b.n <= MFT_MAX_SIZE + 5000)
		add(&b, "# padding padding padding padding padding padding padding\n");
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, b.p, b.n) != (ssize_t)b.n)
		fail("builtin_load_too_big", "cannot write %s", path);
	close(fd);
	rc = manifest_load(path, &m, err, sizeof err);
	if (rc != EFBIG || strcmp(err, "MANIFEST: manifest is larger than 524288 bytes") != 0)
		fail("builtin_load_too_big", "errno %d '%s'", rc, err);
	else
		pass("builtin_load_too_big");
	unlink(path);
	free(b.p);
	rmdir(dir);
}

int main(int argc, char **argv)
{
	int i = 1;

	if (argc > 2 && strcmp(argv[1], "-p") == 0) {
		prefix = argv[2];
		i = 3;
	}
	if (argc > i && strcmp(argv[i], "--dump") == 0) {
		/* Development aid: print what a file parses to. */
		for (i++; i < argc; i++) {
			struct manifest m;
			char err[256], *r;
			int rc = manifest_load(argv[i], &m, err, sizeof err);

			r = result(rc, &m, err);
			printf("== %s\n%s\n", argv[i], r);
			free(r);
			manifest_free(&m);
		}
		return 0;
	}
	for (; i < argc; i++)
		run_file(argv[i]);
	many_channels();
	line_limits();
	size_limits();
	nul_and_edges();
	load_errors();
	return failures != 0;
}
