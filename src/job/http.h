/*
 * http.h - the HTTP client zvm-job --swift needs (http:// only).
 */
#ifndef ZVM_HTTP_H
#define ZVM_HTTP_H

#include <stddef.h>

#define HTTP_MAX_HEAD 65536
#define HTTP_MAX_HEADERS 64

struct http_header {
	char name[64];
	char value[8192];
};

struct http_resp {
	int status;
	int nheaders;
	struct http_header headers[HTTP_MAX_HEADERS];
	size_t body_at;        /* where the body starts in the buffer parsed */
};

/* http://HOST[:PORT][/PATH]: -1 when it is not such a URL. */
int http_split_url(const char *url, char *host, size_t hn, char *port, size_t pn, const char **path);
/* The response head in buf[0..len): 1 parsed, 0 incomplete, -1 malformed. */
int http_parse_head(const char *buf, size_t len, struct http_resp *r);
/* A header's value (case-insensitive name), or NULL. */
const char *http_header(const struct http_resp *r, const char *name);
/* Sends head (the request line and headers, ending "\r\n\r\n") and body,
 * reads the answer to EOF: 0 with *rbody (malloc'd, *rlen bytes) and r
 * filled, or -1 with err. */
int http_request(const char *host, const char *port, const char *head, const char *body,
		 size_t blen, struct http_resp *r, char **rbody, size_t *rlen, char *err, size_t errlen);

#endif
