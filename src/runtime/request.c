/*
 * request.c - a daemon request, parsed (see request.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "request.h"

long request_length(const char hdr[REQUEST_HEADER])
{
	char s[REQUEST_HEADER + 1], *end;
	memcpy(s, hdr, REQUEST_HEADER);
	s[REQUEST_HEADER] = 0;
	errno = 0;
	long long len = strtoll(s, &end, 0);
	if (end == s || errno)
		return -1;
	while (*end == ' ' || *end == '\n' || *end == '\r' || *end == '\t')
		end++;
	if (*end || len <= 0 || len > MFT_MAX_SIZE)
		return -1;
	return (long)len;
}

/* The first channel whose shape differs, or 0. */
static const char *mismatch(const struct manifest *d, const struct manifest *r)
{
	if (d->nchannels != r->nchannels)
		return "a different number of channels";
	for (int i = 0; i < d->nchannels; i++) {
		const struct mft_channel *a = &d->channels[i], *b = &r->channels[i];
		if (strcmp(a->alias, b->alias) || a->type != b->type || a->proto != b->proto ||
		    memcmp(a->limits, b->limits, sizeof a->limits))
			return a->alias;
	}
	return 0;
}

int request_parse(const char *text, size_t len, const struct manifest *daemon,
		  struct manifest *out, char *err, size_t errlen)
{
	char e[512];
	int rc = manifest_parse(text, len, out, e, sizeof e);
	if (rc) {
		snprintf(err, errlen, "daemon: %s", e);
		return rc;
	}
	const char *bad = mismatch(daemon, out);
	if (bad) {
		snprintf(err, errlen, "daemon: request channels differ from the daemon's: %s", bad);
		manifest_free(out);
		return EFAULT;
	}
	return 0;
}
