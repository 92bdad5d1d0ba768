/*
 * fuzz_request.c - libFuzzer target for daemon requests (request.c over
 * manifest.c), parsed as the daemon does: the 8-byte length header, then
 * the text, checked against a fixed daemon manifest. A request that passes
 * has exactly the daemon's channel shapes; everything is freed (LeakSanitizer).
 */
#include <stdlib.h>
#include <string.h>

#include "runtime/request.h"

#define CHECK(c) do { if (!(c)) abort(); } while (0)

static const char daemon_text[] =
	"Version = 20130611\nProgram = /p.nexe\nMemory = 33554432, 0\nTimeout = 10\n"
	"Job = /tmp/sock\n"
	"Channel = /dev/stdin, /dev/stdin, 0, 0, 100, 100, 0, 0\n"
	"Channel = /tmp/o, /dev/stdout, 0, 0, 0, 0, 100, 100\n"
	"Channel = /tmp/e, /dev/stderr, 0, 0, 0, 0, 100, 100\n"
	"Channel = /tmp/n, /dev/nvram, 3, 0, 100, 100, 0, 0\n";

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
	if (request_parse(text, (size_t)n, &d, &m, err, sizeof err) == 0) {
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
