/*
 * channel_test.c - unit tests of src/runtime/channel.c, outside a session,
 * so that the channel code runs under ASan as well as UBSan (a whole zerovm
 * session cannot run under ASan: its shadow lies inside the sandbox range).
 *
 * Every check prints "PASS channel/NAME" or "FAIL channel/NAME: why".
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime/channel.h"

static const char *prefix = "channel";
static char dir[256];
static int failures;

static void check(const char *name, int ok, const char *fmt, long long got)
{
	if (ok) {
		printf("PASS %s/%s\n", prefix, name);
	} else {
		printf("FAIL %s/%s: ", prefix, name);
		printf(fmt, got);
		printf("\n");
		failures++;
	}
}
/* Evaluates got once: the calls under test have side effects. */
#define EQ(name, got, want) do { \
		long long got_ = (long long)(got); \
		check(name, got_ == (long long)(want), "got %lld, want " #want, got_); \
	} while (0)

static char *path(const char *name)
{
	static char buf[8][512];
	static int k;
	char *p = buf[k++ & 7];
	snprintf(p, 512, "%s/%s", dir, name);
	return p;
}

static void put_file(const char *name, const char *text)
{
	FILE *f = fopen(path(name), "w");
	fputs(text, f);
	fclose(f);
}

static long long file_size(const char *name)
{
	struct stat st;
	return stat(path(name), &st) == 0 ? st.st_size : -1;
}

static struct mft_channel chan(char *uri, const char *alias, int type, int64_t gets,
			       int64_t get_size, int64_t puts, int64_t put_size)
{
	struct mft_channel m;
	memset(&m, 0, sizeof m);
	m.uri = uri;
	m.alias = (char *)alias;
	m.type = type;
	m.limits[0] = gets;
	m.limits[1] = get_size;
	m.limits[2] = puts;
	m.limits[3] = put_size;
	m.proto = MFT_FILE;
	m.node = -1;
	return m;
}

/* Opens one channel; returns the errno of channels_open. */
static int open1(struct mft_channel *m, int prealloc, struct channel **ch, char *err)
{
	struct manifest mf;
	memset(&mf, 0, sizeof mf);
	mf.channels = m;
	mf.nchannels = 1;
	return channels_open(&mf, prealloc, 0, ch, err, 256);
}

int main(void)
{
	char err[256], buf[64];
	struct channel *ch;

	signal(SIGPIPE, SIG_IGN);
	snprintf(dir, sizeof dir, "%s/chan-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(dir))
		return 2;

	/* A random-read file: clipping, EOF, past the end, bad offsets, quotas. */
	put_file("in", "0123456789");
	struct mft_channel m = chan(path("in"), "/dev/in", 1, 4, 7, 0, 0);
	EQ("random-read-open", open1(&m, 1, &ch, err), 0);
	EQ("random-read", ch_pread(ch, buf, 4, 2, err, sizeof err), 4);
	check("random-read-bytes", memcmp(buf, "2345", 4) == 0, "bytes %lld", 0);
	EQ("random-read-size0-badoff", ch_pread(ch, buf, 0, -1, err, sizeof err), 0);
	EQ("random-read-negative-offset", ch_pread(ch, buf, 1, -1, err, sizeof err), -EINVAL);
	EQ("random-read-at-end", ch_pread(ch, buf, 4, 10, err, sizeof err), 0);
	EQ("random-read-past-end", ch_pread(ch, buf, 4, 11, err, sizeof err), -EFAULT);
	EQ("random-read-negative-size", ch_pread(ch, buf, -1, 0, err, sizeof err), -EFAULT);
	EQ("random-read-budget-clip", ch_pread(ch, buf, 8, 0, err, sizeof err), 3);
	EQ("random-read-budget-gone", ch_pread(ch, buf, 1, 0, err, sizeof err), -EDQUOT);
	EQ("random-read-counters", ch->count[CNT_GETS] * 100 + ch->count[CNT_GET_SIZE], 207);
	EQ("random-read-write-quota", ch_pwrite(ch, "x", 1, 0, err, sizeof err), -EDQUOT);
	EQ("random-read-close", channels_close(ch, 1, 1, err, sizeof err), 0);
	free(ch);

	/* A sequential writer: appends, call and byte quotas, preallocation,
	 * truncation to what was written, the etag of the bytes. */
	m = chan(path("out"), "/dev/out", 0, 0, 0, 3, 5);
	EQ("seq-write-open", open1(&m, 1, &ch, err), 0);
	EQ("seq-write-preallocated", file_size("out"), 5);
	EQ("seq-write-1", ch_pwrite(ch, "ab", 2, 99, err, sizeof err), 2);
	EQ("seq-write-2", ch_pwrite(ch, "cdef", 4, 0, err, sizeof err), 3);
	EQ("seq-write-budget-gone", ch_pwrite(ch, "g", 1, 0, err, sizeof err), -EDQUOT);
	EQ("seq-write-read-quota", ch_pread(ch, buf, 1, 0, err, sizeof err), -EDQUOT);
	m.etag = 1;
	char hex[65];
	ch_etag(ch, hex); /* etag off: digest of nothing hashed */
	check("seq-write-etag-off", !strcmp(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"), "%lld", 0);
	EQ("seq-write-close", channels_close(ch, 1, 1, err, sizeof err), 0);
	EQ("seq-write-truncated", file_size("out"), 5);
	free(ch);
	m = chan(path("out2"), "/dev/out2", 0, 0, 0, 10, 100);
	m.etag = 1;
	open1(&m, 1, &ch, err);
	EQ("etag-write", ch_pwrite(ch, "abc", 3, 0, err, sizeof err), 3);
	ch_etag(ch, hex);
	check("etag-sha256", !strcmp(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
	      "%lld", 0);
	channels_close(ch, 1, 1, err, sizeof err);
	EQ("truncate-to-written", file_size("out2"), 3);
	free(ch);
	m = chan(path("out3"), "/dev/out3", 0, 0, 0, 10, 100);
	open1(&m, 0, &ch, err);
	EQ("no-prealloc", file_size("out3"), 0);
	channels_close(ch, 1, 1, err, sizeof err);
	free(ch);

	/* Random read-write: bounds of the original (size + budget), growth. */
	put_file("rw", "abc");
	m = chan(path("rw"), "/dev/rw", 3, 100, 1000, 100, 10);
	EQ("rw-open", open1(&m, 1, &ch, err), 0);
	EQ("rw-write-inside", ch_pwrite(ch, "Z", 1, 1, err, sizeof err), 1);
	EQ("rw-write-extends", ch_pwrite(ch, "xy", 2, 3, err, sizeof err), 2);
	EQ("rw-write-beyond-budget", ch_pwrite(ch, "Y", 1, 1LL << 40, err, sizeof err), -EINVAL);
	EQ("rw-write-int64-max", ch_pwrite(ch, "Y", 1, INT64_MAX, err, sizeof err), -EINVAL);
	EQ("rw-read-back", ch_pread(ch, buf, 10, 0, err, sizeof err), 5);
	check("rw-bytes", memcmp(buf, "aZcxy", 5) == 0, "%lld", 0);
	EQ("rw-close", channels_close(ch, 1, 1, err, sizeof err), 0);
	EQ("rw-size", file_size("rw"), 5);
	free(ch);

	/* Appendable (type 1, read-write): sequential writes go to the end. */
	put_file("app", "head");
	m = chan(path("app"), "/dev/app", 1, 10, 100, 10, 100);
	open1(&m, 1, &ch, err);
	ch_pwrite(ch, "+tail", 5, 0, err, sizeof err);
	channels_close(ch, 1, 1, err, sizeof err);
	free(ch);
	FILE *f = fopen(path("app"), "r");
	size_t n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	check("append-keeps-content", n == 9 && !memcmp(buf, "head+tail", 9), "read %lld bytes", (long long)n);

	/* Streams: a pipe read to EOF (repeatedly 0), a write to a closed pipe. */
	int p[2];
	if (pipe(p) == 0) {
		char fdpath[64];
		(void)!write(p[1], "hey", 3);
		close(p[1]);
		snprintf(fdpath, sizeof fdpath, "/proc/self/fd/%d", p[0]);
		m = chan(fdpath, "/dev/pipe", 0, 10, 100, 0, 0);
		EQ("pipe-open", open1(&m, 1, &ch, err), 0);
		EQ("pipe-read", ch_pread(ch, buf, 10, 0, err, sizeof err), 3);
		EQ("pipe-eof", ch_pread(ch, buf, 10, 0, err, sizeof err), 0);
		EQ("pipe-eof-again", ch_pread(ch, buf, 10, 0, err, sizeof err), 0);
		channels_close(ch, 1, 1, err, sizeof err);
		free(ch);
		close(p[0]);
	}
	if (pipe(p) == 0) {
		char fdpath[64];
		snprintf(fdpath, sizeof fdpath, "/proc/self/fd/%d", p[1]);
		m = chan(fdpath, "/dev/pipe", 0, 0, 0, 10, 100);
		EQ("pipe-writer-open", open1(&m, 1, &ch, err), 0);
		close(p[0]);
		EQ("pipe-closed-reader-fatal", ch_pwrite(ch, "x", 1, 0, err, sizeof err), CH_FATAL);
		check("pipe-fatal-message", strstr(err, "/dev/pipe: write failed") != 0, "%lld", 0);
		channels_close(ch, 1, 1, err, sizeof err);
		free(ch);
		close(p[1]);
	}

	/* Opening: what the host object and the limits allow. */
	m = chan(path("missing"), "/dev/m", 1, 10, 10, 0, 0);
	EQ("open-missing-readonly", open1(&m, 1, &ch, err), EFAULT);
	m = chan(dir, "/dev/d", 1, 10, 10, 0, 0);
	EQ("open-directory", open1(&m, 1, &ch, err), EPROTONOSUPPORT);
	m = chan((char *)"/dev/null", "/dev/n", 0, 0, 0, 0, 0);
	EQ("open-nil-chardev", open1(&m, 1, &ch, err), EINVAL);
	m = chan((char *)"/dev/null", "/dev/n", 3, 10, 10, 0, 0);
	EQ("open-random-chardev", open1(&m, 1, &ch, err), EINVAL);
	m = chan(path("x"), "/dev/x", 0, 10, 10, 10, 10);
	EQ("open-seq-readwrite", open1(&m, 1, &ch, err), EFAULT);
	m = chan(path("x"), "/dev/x", 2, 10, 10, 10, 10);
	EQ("open-type2-readwrite", open1(&m, 1, &ch, err), EFAULT);
	m = chan(path("x"), "/dev/x", 0, 0, 0, 0, 0);
	EQ("open-nil-file", open1(&m, 1, &ch, err), EFAULT);

	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	(void)!system(cmd);
	return failures ? 1 : 0;
}
