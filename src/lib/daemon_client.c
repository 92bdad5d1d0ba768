/*
 * daemon_client.c - a daemon request's descriptors, opened and sent (see
 * daemon_client.h; the rule is request.h's). The manifest is parsed with
 * the daemon's own parser, so that the client's channel order is its.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "daemon_client.h"
#include "runtime/manifest.h"

#define BATCH 253 /* SCM_MAX_FD */

static int open_channel(const struct mft_channel *c)
{
	int own = mft_std_fd(c->uri), rw = mft_rw(c);
	if (own >= 0)
		return fcntl(own, F_DUPFD_CLOEXEC, 3);
	int flags = O_CLOEXEC | O_NOCTTY;
	if (rw == 2)
		flags |= O_WRONLY | O_CREAT | O_TRUNC;
	else if (rw == 3)
		flags |= O_RDWR | O_CREAT;
	else
		flags |= O_RDONLY; /* rw 0 too: the daemon says what is wrong */
	return open(c->uri, flags, 0600);
}

int dc_open(const char *text, size_t len, int **fds, char *err, size_t errlen)
{
	struct manifest m;
	int n = 0;

	if (manifest_parse(text, len, &m, err, errlen) != 0)
		return -1;
	if (!(*fds = malloc(sizeof **fds * (size_t)(m.nchannels + 1)))) {
		snprintf(err, errlen, "out of memory");
		manifest_free(&m);
		return -1;
	}
	for (int i = 0; i < m.nchannels; i++) {
		if (m.channels[i].proto != MFT_FILE)
			continue;
		int fd = open_channel(&m.channels[i]);
		if (fd < 0) {
			snprintf(err, errlen, "%s: %s: %s", m.channels[i].alias, m.channels[i].uri,
				 strerror(errno));
			dc_close(*fds, n);
			*fds = 0;
			manifest_free(&m);
			return -1;
		}
		(*fds)[n++] = fd;
	}
	manifest_free(&m);
	return n;
}

/* One sendmsg of bytes with up to BATCH descriptors; returns bytes sent. */
static ssize_t send_part(int sock, const char *p, size_t n, const int *fds, int nfds)
{
	static union { struct cmsghdr h; char b[CMSG_SPACE(BATCH * sizeof(int))]; } ctl;
	struct iovec iov = { (void *)p, n };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	if (nfds > 0) {
		msg.msg_control = ctl.b;
		msg.msg_controllen = CMSG_SPACE((size_t)nfds * sizeof(int));
		struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN((size_t)nfds * sizeof(int));
		memcpy(CMSG_DATA(c), fds, (size_t)nfds * sizeof(int));
	}
	ssize_t r;
	do
		r = sendmsg(sock, &msg, MSG_NOSIGNAL);
	while (r < 0 && errno == EINTR);
	return r;
}

int dc_send(int sock, const char *text, size_t len, const int *fds, int nfds)
{
	char *buf = malloc(len + 9);
	size_t total = len + 8, off = 0;
	int sent = 0;

	if (!buf)
		return errno = ENOMEM, -1;
	snprintf(buf, 9, "0x%06zx", len);
	memcpy(buf + 8, text, len);
	while (off < total) {
		int k = nfds - sent < BATCH ? nfds - sent : BATCH;
		/* A batch but the last rides on one byte, so that each message
		 * of the stream keeps its own descriptors. */
		size_t n = nfds - sent - k > 0 ? 1 : total - off;
		ssize_t r = send_part(sock, buf + off, n, fds + sent, k);
		if (r <= 0) {
			free(buf);
			if (r == 0)
				errno = EPIPE;
			return -1;
		}
		off += (size_t)r;
		sent += k;
	}
	free(buf);
	if (sent < nfds) /* the text ran out first */
		return errno = E2BIG, -1;
	return 0;
}

void dc_close(int *fds, int n)
{
	for (int i = 0; fds && i < n; i++)
		close(fds[i]);
	free(fds);
}
