/*
 * fuzz_tar.c - libFuzzer target for the tar reader (src/lib/tar.c), which
 * reads images given to zvsh on the host and to ZRT in the sandbox.
 *
 * The input sits in a heap buffer of exactly its size (ASan catches a read
 * past it). Every entry must keep the reader's promises: NUL-terminated
 * names, data inside the input, a position that only moves forward; an
 * error names its reason and is final. Each entry is also written back with
 * the writer, whose output must read back as the same entry.
 */
#include "lib/tar.h"

#include <stdlib.h>
#include <string.h>

#define CHECK(c) do { if (!(c)) abort(); } while (0)

struct sink {
	unsigned char buf[3 * TAR_PATH_MAX + 4 * TAR_BLOCK];
	size_t len;
};

static int put(void *ctx, const void *p, size_t n)
{
	struct sink *s = ctx;
	if (n > sizeof s->buf - s->len)
		return -1;
	memcpy(s->buf + s->len, p, n);
	s->len += n;
	return 0;
}

/* A header written for e reads back with the same name, type and mode. */
static void round_trip(const struct tar_entry *e)
{
	static struct sink s;
	static struct tar_reader r;
	static struct tar_entry back;
	if (!e->name[0] || (e->type != TAR_FILE && e->type != TAR_DIR))
		return;
	s.len = 0;
	CHECK(tar_write_header(put, &s, e->name, e->type, e->mode, 0, e->mtime) == 0);
	CHECK(tar_write_end(put, &s, s.len) == 0 || s.len > 0);
	tar_reader_init(&r, s.buf, s.len);
	CHECK(tar_next(&r, &back) == 1);
	CHECK(!strcmp(back.name, e->name));
	CHECK(back.type == e->type && back.mode == e->mode && back.size == 0);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
	static struct tar_reader r;
	static struct tar_entry e;
	unsigned char *copy = malloc(len ? len : 1);
	int k, n = 0;
	memcpy(copy, data, len);
	tar_reader_init(&r, copy, len);
	size_t last = 0;
	while ((k = tar_next(&r, &e)) > 0) {
		CHECK(r.pos > last && r.pos <= len);
		last = r.pos;
		CHECK(strlen(e.name) < TAR_PATH_MAX && strlen(e.link) < TAR_PATH_MAX);
		CHECK(e.mode <= 07777);
		CHECK(e.data >= copy && e.size <= len && (size_t)(e.data - copy) <= len - e.size);
		round_trip(&e);
		n++;
	}
	if (k < 0) {
		CHECK(r.error && *r.error);
		CHECK(tar_next(&r, &e) == -1);
	} else {
		CHECK(tar_next(&r, &e) == 0);
	}
	free(copy);
	return 0;
}
