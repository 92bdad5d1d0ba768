/*
 * channel.c - channel set-up and the pread/pwrite semantics.
 *
 * Check order of a data trap (original ZeroVM, trap.c), done before any host
 * I/O: bad size (-EFAULT), bad offset (-EINVAL), empty request (0), call
 * quota (-EDQUOT), random-access bounds (-EINVAL), then the byte budget,
 * which clips the request and gives -EDQUOT when exhausted.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "channel.h"
#include "net.h"

static int fail(char *err, size_t errlen, int code, const char *fmt, const char *a, const char *b)
{
	snprintf(err, errlen, fmt, a, b);
	return code;
}

/* Descriptors 0-2 as fstat and isatty found them in advance (a daemon's
 * spare, whose stdio nothing changes before its request), so that a request
 * does not ask again. */
static struct { int known, exists, tty; struct stat st; } stdio[3];

void channels_know_stdio(void)
{
	for (int fd = 0; fd < 3; fd++) {
		stdio[fd].exists = fstat(fd, &stdio[fd].st) == 0;
		stdio[fd].tty = stdio[fd].exists && isatty(fd);
		stdio[fd].known = 1;
	}
}

static int inherited_stat(int fd, struct stat *st)
{
	if (fd < 3 && stdio[fd].known) {
		*st = stdio[fd].st;
		return stdio[fd].exists;
	}
	return fstat(fd, st) == 0;
}

static int inherited_tty(int fd)
{
	return fd < 3 && stdio[fd].known ? stdio[fd].tty : isatty(fd);
}

/* A character device or FIFO: one direction, sequential. */
static int stream_ok(const struct mft_channel *m, char *err, size_t errlen)
{
	int rw = mft_rw(m);
	if (rw != 1 && rw != 2)
		return fail(err, errlen, EINVAL, "%s: %s has invalid i/o type", m->alias, m->uri);
	if (m->type != 0 && !(rw == 1 && !(m->type & 1)) && !(rw == 2 && !(m->type & 2)))
		return fail(err, errlen, EINVAL, "%s: %s is a stream and cannot be random access",
			    m->alias, m->uri);
	return 0;
}

/* A regular file: the limits and types that fit one. */
static int file_ok(const struct mft_channel *m, char *err, size_t errlen)
{
	int rw = mft_rw(m);
	if (rw == 0)
		return fail(err, errlen, EFAULT, "%s: %s has no i/o limits", m->alias, m->uri);
	if (rw == 3 && m->type == 0)
		return fail(err, errlen, EFAULT, "%s: sequential channels cannot have r/w access%s",
			    m->alias, "");
	if (rw == 3 && m->type == 2)
		return fail(err, errlen, EFAULT, "%s: %s: r/w access is not supported for type 2",
			    m->alias, m->uri);
	return 0;
}

/* A regular file's channel once c->fd is open. */
static int file_ready(struct channel *c, const struct mft_channel *m, const struct stat *st,
		      int append, int prealloc, char *err, size_t errlen)
{
	int rw = mft_rw(m);
	c->kind = CH_FILE;
	c->size = st->st_size;
	if ((m->type == 1 || append) && (rw & 2))
		c->putpos = c->size; /* appendable: sequential writes go to the end */
	/* Reserve the space a writer may use, so a full disk shows up now. */
	if (prealloc && !append && (rw & 2) && c->owns_fd && c->size == 0 &&
	    strcmp(m->uri, "/dev/null") != 0 && m->limits[CNT_PUT_SIZE] > 0 &&
	    ftruncate(c->fd, m->limits[CNT_PUT_SIZE]) != 0) {
		return fail(err, errlen, EIO, "%s: cannot preallocate %s", m->alias, m->uri);
	}
	return 0;
}

/* A request's descriptor (request_fd_check passed on it). */
static int use_given(struct channel *c, const struct mft_channel *m, const struct stat *st,
		     int append, int prealloc, char *err, size_t errlen)
{
	int rc;
	if (S_ISREG(st->st_mode))
		return (rc = file_ok(m, err, errlen)) ? rc : file_ready(c, m, st, append, prealloc, err, errlen);
	if ((rc = stream_ok(m, err, errlen)) != 0)
		return rc;
	c->kind = CH_STREAM;
	c->tty = c->rw == 1 && isatty(c->fd);
	return 0;
}

static int open_one(struct channel *c, const struct mft_channel *m, int prealloc,
		    const struct ch_given *g, char *err, size_t errlen)
{
	struct stat st;
	int rw = mft_rw(m), fd = g ? -1 : mft_std_fd(m->uri), exists;

	memset(c, 0, sizeof *c);
	c->m = m;
	c->rw = rw;
	c->fd = -1;
	sha256_init(&c->sha);
	c->lfd = -1;
	if (m->proto != MFT_FILE) {
		c->kind = CH_NET; /* net_open binds, resolves and connects them all */
		return 0;
	}
	if (g) { /* a request's: its owner opened it (the type was checked) */
		c->fd = g->fd;
		c->owns_fd = 1;
		return use_given(c, m, &g->st, g->append, prealloc, err, errlen);
	}
	exists = fd >= 0 ? inherited_stat(fd, &st) : stat(m->uri, &st) == 0;
	if (fd >= 0 && !exists)
		return fail(err, errlen, EBADF, "%s: %s is not open", m->alias, m->uri);
	if (exists && !S_ISREG(st.st_mode) && !S_ISCHR(st.st_mode) && !S_ISFIFO(st.st_mode) &&
	    !S_ISSOCK(st.st_mode))
		return fail(err, errlen, EPROTONOSUPPORT, "%s: %s: unsupported host file type",
			    m->alias, m->uri);
	if (fd >= 0)
		st.st_mode = S_IFIFO; /* inherited stdio: a stream at its own offset */
	else if (exists && S_ISSOCK(st.st_mode))
		return fail(err, errlen, EPROTONOSUPPORT, "%s: %s: unsupported host file type",
			    m->alias, m->uri);

	if (exists && !S_ISREG(st.st_mode)) { /* character device or FIFO */
		int rc = stream_ok(m, err, errlen);
		if (rc)
			return rc;
		c->kind = CH_STREAM;
		if (fd < 0) {
			fd = open(m->uri, (rw == 1 ? O_RDONLY : O_WRONLY) | O_CLOEXEC | O_NOCTTY);
			if (fd < 0)
				return fail(err, errlen, EFAULT, "%s: cannot open %s", m->alias, m->uri);
			c->owns_fd = 1;
		}
		c->tty = rw == 1 && (c->owns_fd ? isatty(fd) : inherited_tty(fd)); /* only reads care */
		c->fd = fd;
		return 0;
	}

	/* Regular file (or one to create). */
	int rc = file_ok(m, err, errlen);
	if (rc)
		return rc;
	if (fd < 0) {
		int flags = O_CLOEXEC | O_NOCTTY;
		if (rw == 1)
			flags |= O_RDONLY;
		else if (rw == 2)
			flags |= O_WRONLY | O_CREAT | O_TRUNC;
		else
			flags |= O_RDWR | O_CREAT;
		fd = open(m->uri, flags, 0600);
		if (fd < 0)
			return fail(err, errlen, EFAULT, "%s: cannot open %s", m->alias, m->uri);
		c->owns_fd = 1;
		if (fstat(fd, &st) != 0) {
			close(fd);
			return fail(err, errlen, EIO, "%s: cannot stat %s", m->alias, m->uri);
		}
	}
	c->fd = fd;
	return file_ready(c, m, &st, 0, prealloc, err, errlen);
}

int channels_open(const struct manifest *m, int prealloc, const struct ch_given *given,
		  struct channel **out, char *err, size_t errlen)
{
	struct channel *ch = calloc((size_t)m->nchannels, sizeof *ch);
	int i, rc = 0;

	if (!ch)
		return fail(err, errlen, ENOMEM, "%s%s: out of memory", "channels", "");
	for (i = 0; i < m->nchannels; i++) {
		const struct ch_given *g = given && m->channels[i].proto == MFT_FILE ? &given[i] : 0;
		rc = open_one(&ch[i], &m->channels[i], prealloc, g, err, errlen);
		if (rc)
			break;
	}
	if (!rc)
		rc = net_open(ch, m->nchannels, m, err, errlen);
	if (rc) {
		for (int k = 0; k <= i && k < m->nchannels; k++) {
			if (ch[k].owns_fd && ch[k].fd >= 0)
				close(ch[k].fd);
			if (ch[k].kind == CH_NET && ch[k].lfd >= 0)
				close(ch[k].lfd);
		}
		free(ch);
		return rc;
	}
	*out = ch;
	return 0;
}

static int random_get(const struct channel *c) { return c->kind == CH_FILE && (c->m->type & 1); }
static int random_put(const struct channel *c) { return c->kind == CH_FILE && (c->m->type & 2); }

int32_t ch_pread(struct channel *c, void *buf, int32_t size, int64_t off, char *err, size_t errlen)
{
	const int64_t *lim = c->m->limits;
	int64_t want = size, got = 0;

	/* The original's order: a random read is first clipped to the channel's
	 * size (so a read past the end has a negative size: -EFAULT), then size
	 * 0, negative size, negative offset, EOF, then the quotas. A channel
	 * without read limits fails the quota checks. */
	if (random_get(c) && off >= 0 && c->size - off < want)
		want = c->size - off;
	if (want == 0)
		return 0;
	if (want < 0)
		return -EFAULT;
	if (random_get(c) && off < 0)
		return -EINVAL;
	if (!random_get(c) && c->eof)
		return 0;
	if (c->count[CNT_GETS] >= lim[CNT_GETS])
		return -EDQUOT;
	if (lim[CNT_GET_SIZE] - c->count[CNT_GET_SIZE] <= 0)
		return -EDQUOT;
	if (want > lim[CNT_GET_SIZE] - c->count[CNT_GET_SIZE])
		want = lim[CNT_GET_SIZE] - c->count[CNT_GET_SIZE];

	int64_t pos = random_get(c) ? off : c->getpos;
	if (c->kind == CH_NET) { /* what one frame holds: never wait for more */
		int32_t r = net_read(c, buf, (int32_t)want, err, errlen);
		if (r == CH_FATAL)
			return r;
		got = r;
		if (r == 0)
			c->eof = 1;
	}
	while (got < want && c->kind != CH_NET) {
		ssize_t r = c->kind == CH_FILE ? pread(c->fd, (char *)buf + got, (size_t)(want - got), pos + got)
					       : read(c->fd, (char *)buf + got, (size_t)(want - got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			snprintf(err, errlen, "%s: read failed: %s", c->m->alias, strerror(errno));
			return CH_FATAL;
		}
		if (r == 0) {
			if (!random_get(c))
				c->eof = 1;
			break;
		}
		got += r;
		if (c->tty)
			break; /* a terminal gives what was typed */
	}
	if (!random_get(c))
		c->getpos += got;
	c->count[CNT_GETS]++;
	c->count[CNT_GET_SIZE] += got;
	if (c->m->etag)
		sha256_update(&c->sha, (size_t)got, buf);
	return (int32_t)got;
}

int32_t ch_pwrite(struct channel *c, const void *buf, int32_t size, int64_t off, char *err, size_t errlen)
{
	const int64_t *lim = c->m->limits;
	int64_t want = size, done = 0, pos, budget;

	/* The original's order: size 0, negative size, negative offset, the
	 * call quota, then for random writes the offset bounds (below the
	 * write-only limit, and no further than the size plus what the budget
	 * can still add), then the byte budget clips or gives -EDQUOT. */
	if (size == 0)
		return 0;
	if (size < 0)
		return -EFAULT;
	if (random_put(c) && off < 0)
		return -EINVAL;
	if (c->count[CNT_PUTS] >= lim[CNT_PUTS])
		return -EDQUOT;
	budget = lim[CNT_PUT_SIZE] - c->count[CNT_PUT_SIZE];
	if (random_put(c)) {
		if (c->rw == 2 && off >= lim[CNT_PUT_SIZE])
			return -EINVAL;
		if (off >= c->size && off - c->size >= budget)
			return -EINVAL;
	}
	pos = random_put(c) ? off : c->putpos;
	if (budget <= 0)
		return -EDQUOT;
	if (want > budget)
		want = budget;

	if (c->kind == CH_NET) {
		int32_t r = net_write(c, buf, (int32_t)want, err, errlen);
		if (r == CH_FATAL)
			return r;
		done = r;
	}
	while (done < want && c->kind != CH_NET) {
		ssize_t r = c->kind == CH_FILE ? pwrite(c->fd, (const char *)buf + done, (size_t)(want - done), pos + done)
					       : write(c->fd, (const char *)buf + done, (size_t)(want - done));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			snprintf(err, errlen, "%s: write failed: %s", c->m->alias,
				 r < 0 ? strerror(errno) : "no progress");
			return CH_FATAL;
		}
		done += r;
	}
	if (random_put(c)) {
		if (pos + done > c->size)
			c->size = pos + done;
	} else {
		c->putpos += done;
		if (c->kind == CH_FILE && c->putpos > c->size)
			c->size = c->putpos;
	}
	c->count[CNT_PUTS]++;
	c->count[CNT_PUT_SIZE] += done;
	if (c->m->etag)
		sha256_update(&c->sha, (size_t)done, buf);
	return (int32_t)done;
}

int channels_close(struct channel *ch, int n, int ok, char *err, size_t errlen)
{
	int rc = 0;

	for (int i = 0; i < n; i++) {
		struct channel *c = &ch[i];
		if (c->kind == CH_NET) {
			char e[256];
			int r = net_close(c, ok, e, sizeof e);
			if (r && !rc) {
				snprintf(err, errlen, "%s", e);
				rc = r;
			}
		}
		if (c->kind == CH_FILE && (c->rw & 2) && c->owns_fd &&
		    strcmp(c->m->uri, "/dev/null") != 0 && ftruncate(c->fd, c->size) != 0 && !rc) {
			snprintf(err, errlen, "%s: cannot truncate %s: %s", c->m->alias, c->m->uri,
				 strerror(errno));
			rc = EIO;
		}
		if (c->owns_fd && c->fd >= 0)
			close(c->fd);
		c->fd = -1;
	}
	return rc;
}

void ch_etag(struct channel *c, char hex[2 * SHA256_DIGEST_SIZE + 1])
{
	struct sha256_ctx copy = c->sha;
	uint8_t d[SHA256_DIGEST_SIZE];

	sha256_digest(&copy, sizeof d, d);
	for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
}
