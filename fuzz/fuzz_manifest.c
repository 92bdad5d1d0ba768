/*
 * fuzz_manifest.c - libFuzzer target for the manifest parser.
 *
 * The input is handed over in a heap buffer of exactly its size (ASan catches
 * any read past len). On success the parsed manifest must keep the parser's
 * promises: the standard channels at handles 0..2, the rest strictly sorted
 * (so aliases are unique), limits >= 0, valid types, tags and addresses; on
 * error the errno is a known one, the message starts with "MANIFEST" and the
 * struct is zeroed. Both paths end in manifest_free (LeakSanitizer checks).
 */
#include "runtime/manifest.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(c) do { if (!(c)) abort(); } while (0)

static void check_ok(const struct manifest *m)
{
	static const char *const std[3] = { "/dev/stdin", "/dev/stdout", "/dev/stderr" };
	int i, k;

	CHECK(m->program && *m->program);
	CHECK(m->memory > 0 && m->memory <= MFT_MAX_MEMORY);
	CHECK(m->memory_etag == 0 || m->memory_etag == 1);
	CHECK(m->timeout >= 1);
	CHECK(m->node == -1 || m->node >= 1);
	CHECK(!m->job || strlen(m->job) < MFT_MAX_JOB);
	CHECK(!m->nameserver || (m->ns_port > 0 && m->ns_port <= 65535));
	CHECK(m->nchannels >= 3 && m->nchannels <= MFT_MAX_CHANNELS);
	for (i = 0; i < 3; i++)
		CHECK(strcmp(m->channels[i].alias, std[i]) == 0);
	for (i = 0; i < m->nchannels; i++) {
		const struct mft_channel *c = &m->channels[i];

		if (i >= 3) {
			for (k = 0; k < 3; k++)
				CHECK(strcmp(c->alias, std[k]) != 0);
			if (i >= 4)
				CHECK(strcmp(m->channels[i - 1].alias, c->alias) < 0);
		}
		CHECK(strncmp(c->alias, "/dev/", 5) == 0 && c->alias[5]);
		CHECK(c->type >= 0 && c->type <= 3 && (c->etag == 0 || c->etag == 1));
		for (k = 0; k < 4; k++)
			CHECK(c->limits[k] >= 0);
		CHECK(c->line >= 1 && c->line <= MFT_MAX_LINES);
		CHECK(c->uri && !strchr(c->uri, ';'));
		if (c->proto == MFT_FILE) {
			CHECK(c->uri[0] == '/' && !strchr(c->uri, ':'));
			CHECK(c->ip == 0 && c->node == -1 && c->port == 0);
		} else {
			CHECK(c->proto == MFT_TCP);
			CHECK(mft_rw(c) == 1 || mft_rw(c) == 2);
			CHECK(c->type == 0);
			CHECK(c->port >= 0 && c->port <= 65535);
			CHECK(c->node == -1 || (c->node >= 1 && c->ip == 0));
			CHECK(c->node == -1 || (m->nameserver && m->node >= 1));
		}
	}
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct manifest m, zero;
	char err[256];
	char *buf = malloc(size ? size : 1);
	int rc;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	rc = manifest_parse(buf, size, &m, err, sizeof err);
	if (rc == 0) {
		check_ok(&m);
	} else {
		CHECK(rc == EFAULT || rc == ENOMEM || rc == ENFILE || rc == EPROTONOSUPPORT ||
		      rc == EFBIG);
		CHECK(strncmp(err, "MANIFEST", 8) == 0 && memchr(err, 0, sizeof err));
		memset(&zero, 0, sizeof zero);
		CHECK(memcmp(&m, &zero, sizeof m) == 0);
	}
	manifest_free(&m);
	free(buf);
	return 0;
}
