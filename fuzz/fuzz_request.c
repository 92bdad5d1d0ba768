/*
 * fuzz_request.c - libFuzzer target for daemon requests (request.c over
 * manifest.c), parsed as the daemon does: the 8-byte length header, then
 * the text, checked against a fixed daemon manifest. A request that passes
 * has exactly the daemon's channel shapes; everything is freed (LeakSanitizer).
 * The input's first bytes also stand for the descriptors and the peer: each
 * channel gets a file type and open flags from them (request_fd_check must
 * accept only what fits), and a uid and owner (request_peer_allowed must be
 * exactly "the owner or in JobAllow").
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "runtime/request.h"

#define CHECK(c) do { if (!(c)) abort(); } while (0)

static const char daemon_text[] =
	"Version = 20130611\nProgram = /p.nexe\nMemory = 33554432, 0\nTimeout = 10\n"
	"Job = /tmp/sock\nJobAllow = 65534, 1000\n"
	"Channel = /dev/stdin, /dev/stdin, 0, 0, 100, 100, 0, 0\n"
	"Channel = /tmp/o, /dev/stdout, 0, 0, 0, 0, 100, 100\n"
	"Channel = /tmp/e, /dev/stderr, 0, 0, 0, 0, 100, 100\n"
	"Channel = /tmp/n, /dev/nvram, 3, 0, 100, 100, 0, 0\n";

static const unsigned types[] = { S_IFREG, S_IFCHR, S_IFIFO, S_IFDIR, S_IFSOCK, S_IFBLK, S_IFLNK, 0 };
static const int accs[] = { O_RDONLY, O_WRONLY, O_RDWR, O_ACCMODE };

/* The descriptor and peer checks, on values taken from the input. */
static void fds_and_peer(const unsigned char *data, size_t len, const struct manifest *m)
{
	char err[512];
	int nfile = 0;
	for (int i = 0; i < m->nchannels; i++) {
		const struct mft_channel *c = &m->channels[i];
		unsigned b = data[(size_t)i % len];
		unsigned mode = types[b & 7] | 0644;
		int flags = accs[b >> 3 & 3] | (b & 0x20 ? O_APPEND : 0) | (b & 0x40 ? O_PATH : 0) |
			    (b & 0x80 ? O_NONBLOCK : 0);
		int rw = mft_rw(c), acc = flags & O_ACCMODE;
		nfile += c->proto == MFT_FILE;
		if (request_fd_check(c, mode, flags, err, sizeof err) == 0) {
			CHECK(S_ISREG(mode) || S_ISCHR(mode) || S_ISFIFO(mode));
			CHECK(!(flags & O_PATH));
			CHECK(!(rw & 1) || acc == O_RDONLY || acc == O_RDWR);
			CHECK(!(rw & 2) || acc == O_WRONLY || acc == O_RDWR);
			CHECK(!((rw & 2) && S_ISREG(mode) && (flags & O_APPEND) && c->type >= 2));
		} else {
			CHECK(!strncmp(err, "daemon: ", 8) && strstr(err, c->alias));
		}
	}
	CHECK(request_nfds(m) == nfile);
	if (len >= 8) {
		uint32_t uid, owner;
		memcpy(&uid, data, 4);
		memcpy(&owner, data + 4, 4);
		if (data[0] & 1)
			owner = uid; /* the owner asks, often enough to be seen */
		int listed = 0;
		for (int i = 0; i < m->nallow; i++)
			listed |= m->allow[i] == uid;
		CHECK(request_peer_allowed(uid, owner, m) == (uid == owner || listed));
	}
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
	static struct manifest d;
	static int ready;
	char err[512];
	struct manifest m;

	if (!ready) {
		CHECK(manifest_parse(daemon_text, sizeof daemon_text - 1, &d, err, sizeof err) == 0);
		ready = 1;
	}
	if (len < REQUEST_HEADER)
		return 0;
	long n = request_length((const char *)data);
	CHECK(n == -1 || (n >= 1 && n <= MFT_MAX_SIZE));
	size_t body = len - REQUEST_HEADER;
	if (n < 0 || (size_t)n > body)
		n = (long)body; /* the daemon would wait; parse what there is */
	if (n == 0)
		return 0;
	char *text = malloc((size_t)n);
	memcpy(text, data + REQUEST_HEADER, (size_t)n);
	fds_and_peer(data, len, &d);
	if (request_parse(text, (size_t)n, &d, &m, err, sizeof err) == 0) {
		fds_and_peer(data, len, &m);
		CHECK(request_nfds(&m) == request_nfds(&d));
		CHECK(m.nchannels == d.nchannels);
		for (int i = 0; i < d.nchannels; i++) {
			CHECK(!strcmp(m.channels[i].alias, d.channels[i].alias));
			CHECK(m.channels[i].type == d.channels[i].type);
			CHECK(!memcmp(m.channels[i].limits, d.channels[i].limits, sizeof d.channels[i].limits));
		}
		manifest_free(&m);
	} else {
		CHECK(!strncmp(err, "daemon: ", 8));
	}
	free(text);
	return 0;
}
