/*
 * fuzz_http.c - libFuzzer target for zvm-job --swift's HTTP response parser
 * (http_parse_head) and URL split (http_split_url). The input is a heap
 * buffer of exactly its size (ASan catches reads past it). A parsed head
 * keeps the parser's promises: a status 100..999, at most HTTP_MAX_HEADERS
 * headers with non-empty names of visible bytes and values without control
 * bytes, terminated; the body starts inside the input, after "\r\n\r\n".
 */
#include <stdlib.h>
#include <string.h>

#include "job/http.h"

#define CHECK(c) do { if (!(c)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static struct http_resp r;
	char *buf = malloc(size ? size : 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	int rc = http_parse_head(buf, size, &r);
	CHECK(rc >= -1 && rc <= 1);
	if (rc == 1) {
		CHECK(r.status >= 100 && r.status <= 999);
		CHECK(r.nheaders >= 0 && r.nheaders <= HTTP_MAX_HEADERS);
		CHECK(r.body_at >= 4 && r.body_at <= size && !memcmp(buf + r.body_at - 4, "\r\n\r\n", 4));
		for (int k = 0; k < r.nheaders; k++) {
			const struct http_header *h = &r.headers[k];
			CHECK(memchr(h->name, 0, sizeof h->name) && memchr(h->value, 0, sizeof h->value));
			CHECK(h->name[0]);
			for (const char *p = h->name; *p; p++)
				CHECK((unsigned char)*p > ' ' && *p != 0x7f && *p != ':');
			for (const char *p = h->value; *p; p++)
				CHECK((unsigned char)*p >= ' ' || *p == '\t');
			CHECK(http_header(&r, h->name) != NULL);
		}
	}
	/* the same bytes as a URL */
	char *url = malloc(size + 1), host[256], port[16];
	const char *path;
	if (url) {
		memcpy(url, data, size);
		url[size] = 0;
		if (http_split_url(url, host, sizeof host, port, sizeof port, &path) == 0) {
			CHECK(host[0] && port[0] && strspn(port, "0123456789") == strlen(port));
			CHECK(path[0] == '/');
		}
		free(url);
	}
	free(buf);
	return 0;
}
