/*
 * request.c - a daemon request, parsed (see request.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

int request_nfds(const struct manifest *m)
{
	int n = 0;
	for (int i = 0; i < m->nchannels; i++)
		n += m->channels[i].proto == MFT_FILE;
	return n;
}

static const char *type_name(unsigned mode)
{
	switch (mode & S_IFMT) {
	case S_IFDIR: return "a directory";
	case S_IFSOCK: return "a socket";
	case S_IFBLK: return "a block device";
	case S_IFLNK: return "a symbolic link";
	default: return "of an unknown type";
	}
}

int request_fd_check(const struct mft_channel *c, unsigned mode, int flags,
		     char *err, size_t errlen)
{
	int rw = mft_rw(c), acc = flags & O_ACCMODE;

	/* O_PATH needs no right to the file itself: it stands for nothing. */
	if (flags & O_PATH) {
		snprintf(err, errlen, "daemon: %s: its descriptor is O_PATH", c->alias);
		return EBADF;
	}
	if (!S_ISREG(mode) && !S_ISCHR(mode) && !S_ISFIFO(mode)) {
		snprintf(err, errlen, "daemon: %s: its descriptor is %s", c->alias, type_name(mode));
		return EPROTONOSUPPORT;
	}
	if ((rw & 1) && acc != O_RDONLY && acc != O_RDWR) {
		snprintf(err, errlen, "daemon: %s: its descriptor is not open for reading", c->alias);
		return EBADF;
	}
	if ((rw & 2) && acc != O_WRONLY && acc != O_RDWR) {
		snprintf(err, errlen, "daemon: %s: its descriptor is not open for writing", c->alias);
		return EBADF;
	}
	/* pwrite with O_APPEND ignores the offset: fine where puts are
	 * sequential (types 0 and 1: they start at the file's end then, so the
	 * end's truncation cuts nothing), wrong where they are random. */
	if ((rw & 2) && S_ISREG(mode) && (flags & O_APPEND) && c->type >= 2) {
		snprintf(err, errlen, "daemon: %s: its descriptor is O_APPEND, for random writes", c->alias);
		return EBADF;
	}
	return 0;
}

int request_peer_allowed(uint32_t uid, uint32_t owner, const struct manifest *d)
{
	if (uid == owner)
		return 1;
	for (int i = 0; i < d->nallow; i++)
		if (d->allow[i] == uid)
			return 1;
	return 0;
}
