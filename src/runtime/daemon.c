/*
 * daemon.c - daemon mode: "Job = SOCKET" in the manifest, zvm_fork() in the
 * guest (original ZeroVM, src/syscalls/daemon.c, as documented).
 *
 * The first zvm_fork() of a session with a Job binds and listens on the Unix
 * socket, then forks: the original process ends its session as if the guest
 * had called zvm_exit(0) (report line 2, the daemon state, is 1), and the
 * child becomes the daemon: no channels, no timeout, stdio on /dev/null, its
 * own session. For each connection the daemon forks a request session, which
 * reads a request (8 bytes: the manifest's length as "0x%06x", then the
 * manifest text), checks that its channels have the daemon's shape (same
 * aliases, types and limits; the URIs and etag flags may differ), opens them,
 * and returns 0 from zvm_fork into the same, already validated and loaded
 * guest. Its report goes back on the connection with the same length
 * prefix. A bad request gets an error report, never a crash of the daemon;
 * the daemon reaps its children and removes the socket on SIGTERM or SIGINT.
 *
 * The fork is off the request's path: the daemon keeps one spare session,
 * forked and prepared (signals, handlers) in advance, waiting in accept();
 * when it takes a connection it says so on a pipe and the daemon forks the
 * next spare.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include "daemon.h"
#include "loader.h"
#include "request.h"
#include "session.h"
#include "trap.h"

#define REQUEST_TIMEOUT_S 10 /* for the request bytes to arrive */

static const char *sock_path;
static int prealloc_files = 1;

void daemon_set_prealloc(int on)
{
	prealloc_files = on;
}

static void on_stop(int sig)
{
	(void)sig;
	if (sock_path)
		unlink(sock_path);
	_exit(0);
}

static int listen_on(const char *path, char *err, size_t errlen)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof sa.sun_path) {
		snprintf(err, errlen, "Job %s: path too long", path);
		return -1;
	}
	strcpy(sa.sun_path, path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0) {
		snprintf(err, errlen, "Job %s: socket: %s", path, strerror(errno));
		return -1;
	}
	if (fd < 3) { /* keep it clear of the stdio the daemon reopens */
		int high = fcntl(fd, F_DUPFD_CLOEXEC, 3);
		close(fd);
		if ((fd = high) < 0) {
			snprintf(err, errlen, "Job %s: %s", path, strerror(errno));
			return -1;
		}
	}
	unlink(path); /* a stale socket of an earlier daemon */
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(fd, 64) != 0) {
		snprintf(err, errlen, "Job %s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* The daemon's own state: no channels, no limits, quiet stdio. */
static void become_daemon(int lfd)
{
	struct sigaction sa;
	char name[16];
	const char *base = strrchr(sock_path, '/');

	/* Every channel and inherited descriptor goes (a caller reading our
	 * stdout or a /dev/fd/N channel must see its end), except the socket. */
	close_range(3, (unsigned)lfd - 1, 0);
	close_range((unsigned)lfd + 1, ~0u, 0);
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (null >= 0) {
		dup2(null, 0), dup2(null, 1), dup2(null, 2);
		close(null);
	}
	alarm(0);
	session_cpu_limit(-1);
	setsid();
	if (chdir("/") != 0)
		_exit(1);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop;
	sigaction(SIGTERM, &sa, 0);
	sigaction(SIGINT, &sa, 0);
	signal(SIGHUP, SIG_IGN);
	signal(SIGCHLD, SIG_IGN); /* request sessions are reaped by the kernel */
	snprintf(name, sizeof name, "zvm.%s", base ? base + 1 : sock_path);
	prctl(PR_SET_NAME, name);
}

/* Reads at least min bytes into buf (at most max). Returns how many, or -1
 * when the stream ends or fails first. */
static long read_atleast(int fd, char *buf, size_t min, size_t max)
{
	size_t got = 0;
	while (got < min) {
		ssize_t r = read(fd, buf + got, max - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	return (long)got;
}

/* Copies, now, every resident page that this process may write: after the
 * fork they are shared with the daemon, write-protected, and a request's
 * first write to each would fault and copy it on the request's path (the
 * guest's data, heap and stack, the runtime's own). Pages never touched stay
 * untouched. Best effort: a failure only leaves the faults where they were. */
static void prefault(void)
{
	static unsigned char vec[1 << 16];
	char line[512];
	FILE *f = fopen("/proc/self/maps", "re");
	if (!f)
		return;
	int at_start = 1; /* a line longer than the buffer comes in pieces */
	while (fgets(line, sizeof line, f)) {
		unsigned long lo, hi;
		char perm[5];
		int first = at_start;
		at_start = strchr(line, '\n') != 0;
		if (!first || sscanf(line, "%lx-%lx %4s", &lo, &hi, perm) != 3 ||
		    strcmp(perm, "rw-p") != 0)
			continue;
		for (unsigned long at = lo; at < hi;) {
			unsigned long n = (hi - at) / 4096 < sizeof vec ? (hi - at) / 4096 : sizeof vec;
			if (mincore((void *)at, n * 4096, vec) != 0)
				break;
			for (unsigned long i = 0; i < n;) {
				unsigned long j = i;
				while (j < n && (vec[j] & 1))
					j++;
				if (j > i)
					madvise((void *)(at + i * 4096), (j - i) * 4096, MADV_POPULATE_WRITE);
				i = j + 1;
			}
			at += n * 4096;
		}
	}
	fclose(f);
}

/* A spare session, before its connection: what does not depend on the
 * request is done here, off the request's path. */
static void prepare(void)
{
	int rc;
	signal(SIGCHLD, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	zs.ch = 0;
	zs.nch = 0;
	zs.code = 0;
	zs.state[0] = 0;
	zs.user_code = 0;
	zs.daemon_state = 0;
	if ((rc = session_handlers()) != 0)
		_exit(rc); /* no client yet to tell */
	session_cpu_limit(zs.mft.timeout); /* a request with the same timeout keeps it */
	program_manifest_prefault();
	prefault();
}

/* In a request session: read, check and install the request, then return
 * to the guest. Every failure ends this session with a report. */
static void serve(int fd)
{
	static char buf[REQUEST_HEADER + MFT_MAX_SIZE + 1];
	char err[512];
	struct manifest m;
	struct timeval tv = { REQUEST_TIMEOUT_S, 0 };
	int rc;

	zs.report_fd = fd;
	zs.report_framed = 1;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);

	/* One read takes the header and usually the whole manifest. */
	long got = read_atleast(fd, buf, REQUEST_HEADER, sizeof buf);
	if (got < 0)
		session_fail(EFAULT, "daemon: request too short for its length header");
	long len = request_length(buf);
	if (len < 0)
		session_fail(EFAULT, "daemon: bad request length header");
	char *text = buf + REQUEST_HEADER;
	got -= REQUEST_HEADER;
	if (got > len)
		got = len; /* bytes after the manifest are ignored, as before */
	if (got < len && read_atleast(fd, text + got, (size_t)(len - got), (size_t)(len - got)) < 0)
		session_fail(EFAULT, "daemon: request shorter than its length header");
	if ((rc = request_parse(text, (size_t)len, &zs.mft, &m, err, sizeof err)) != 0)
		session_fail(rc, "%s", err);
	/* The daemon's program, memory and Job stay; channels, timeout, etags
	 * and the name service come from the request. */
	char *job = zs.mft.job;
	zs.mft.job = 0;
	m.memory = zs.mft.memory;
	manifest_free(&zs.mft);
	free(m.job);
	m.job = job;
	zs.mft = m;
	if ((rc = session_timers(zs.mft.timeout)) != 0)
		session_fail(rc, "cannot set limits: %s", strerror(rc));
	if ((rc = channels_open(&zs.mft, prealloc_files, &zs.ch, err, sizeof err)) != 0)
		session_fail(rc, "%s", err);
	zs.nch = zs.mft.nchannels;
	if ((rc = program_update_manifest()) != 0)
		session_fail(rc, "cannot update the user manifest: %s", strerror(rc));
	zs.in_request = 1;
}

/* The spare's side: wait for a connection, tell the daemon, serve it. A
 * spare dies with the daemon; a session with a client finishes its work. */
static void spare(int lfd, int ready, pid_t daemon)
{
	int fd;
	prctl(PR_SET_NAME, "zvm-spare");
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != daemon)
		_exit(0);
	prepare();
	do
		fd = accept4(lfd, 0, 0, SOCK_CLOEXEC);
	while (fd < 0 && (errno == EINTR || errno == ECONNABORTED));
	if (write(ready, "a", 1) != 1 || fd < 0)
		_exit(fd < 0 ? errno : EIO);
	prctl(PR_SET_PDEATHSIG, 0);
	prctl(PR_SET_NAME, "zvm-request");
	close(lfd);
	close(ready);
	serve(fd);
}

int32_t trap_fork(void)
{
	char err[512];
	int lfd;
	pid_t pid;

	if (!zs.mft.job || zs.in_request)
		return 0; /* no Job, or already a request session: nothing to do */
	sock_path = zs.mft.job;
	/* Listen before the fork: when zerovm exits, the socket is ready. */
	if ((lfd = listen_on(sock_path, err, sizeof err)) < 0)
		session_fail(EFAULT, "%s", err);
	if ((pid = fork()) < 0)
		session_fail(errno, "daemon: fork: %s", strerror(errno));
	if (pid > 0) {
		close(lfd);
		zs.daemon_state = 1;
		zs.user_code = 0;
		session_end();
	}
	become_daemon(lfd);
	int ready[2];
	if (pipe2(ready, O_CLOEXEC) != 0)
		_exit(errno);
	pid_t self = getpid();
	for (;;) {
		if ((pid = fork()) == 0) {
			close(ready[0]);
			spare(lfd, ready[1], self);
			return 0;
		}
		if (pid < 0) {
			sleep(1); /* out of processes: try again */
			continue;
		}
		/* Until the spare has its connection (or has died: checked now
		 * and then, since SIGCHLD is ignored), no other is needed. */
		for (;;) {
			struct pollfd p = { ready[0], POLLIN, 0 };
			char c;
			if (poll(&p, 1, 1000) > 0 && read(ready[0], &c, 1) == 1)
				break;
			if (kill(pid, 0) != 0)
				break;
		}
	}
}
