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
 * The fork is off the request's path: the daemon keeps SPARES sessions,
 * forked and prepared (signals, handlers, pages) in advance, waiting in
 * accept(). A spare that takes a connection sends its pid on a pipe. Its
 * replacement is forked when no request is running (after the report, so
 * the fork and the copying of pages never compete with a request for the
 * CPU), or at once when no spare is left waiting (concurrent clients).
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
#include <sys/wait.h>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include "daemon.h"
#include "loader.h"
#include "mem.h"
#include "request.h"
#include "session.h"
#include "trap.h"
#include "x86_64/arch.h"

#define REQUEST_TIMEOUT_S 10 /* for the request bytes to arrive */
#define SPARES 2             /* sessions waiting in accept() */

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

#define PREFAULT_WHOLE (256ul << 10) /* writable mappings up to this size: every page */
#define PREFAULT_STACK (64ul << 10) /* and the guest's stack below its rsp */

/* Calls fn for each run of resident pages (mincore) in [lo, hi). */
static void each_resident(unsigned long lo, unsigned long hi, void (*fn)(char *, unsigned long))
{
	static unsigned char vec[1 << 16];
	for (unsigned long at = lo; at < hi;) {
		unsigned long n = (hi - at) / 4096 < sizeof vec ? (hi - at) / 4096 : sizeof vec;
		if (mincore((void *)at, n * 4096, vec) != 0)
			return;
		for (unsigned long i = 0; i < n;) {
			unsigned long j = i;
			while (j < n && (vec[j] & 1))
				j++;
			if (j > i)
				fn((char *)(at + i * 4096), (j - i) * 4096);
			i = j + 1;
		}
		at += n * 4096;
	}
}

static void populate_write(char *p, unsigned long n)
{
	madvise(p, n, MADV_POPULATE_WRITE);
}

/* One read a page, from user mode: a virtual machine that shadows page
 * tables fills its entry for the page now (seen: 4.5 us a page on the first
 * touch in a new process, even with the page present). */
static void touch(char *p, unsigned long n)
{
	for (unsigned long i = 0; i < n; i += 4096)
		(void)*(volatile char *)(p + i);
}

/* Takes, now, the page faults a request would otherwise take on its path
 * (on some virtual machines a fault costs tens of microseconds):
 * - writable memory is copied: after the fork it is shared with the daemon,
 *   write-protected, and each first write would fault. Small mappings (the
 *   guest's data and bss, the runtime's) are written whole, so that pages
 *   first touched by the request are there too; large ones (the guest's
 *   heap and stack area) only where resident, plus the guest's stack just
 *   below its rsp;
 * - the runtime's file-backed text and read-only data are mapped: a fork
 *   does not copy their page tables, so each page the request runs would
 *   fault;
 * - then every readable resident page is read once (touch).
 * Pages never touched stay untouched. Best effort: a failure only leaves
 * the faults where they were. */
static void prefault(void)
{
	char line[512];
	FILE *f = fopen("/proc/self/maps", "re");
	if (!f)
		return;
	uint64_t sp = zvm_ctx.guest_rsp & ~(uint64_t)4095, below = sp - PREFAULT_STACK;
	if (sp > PREFAULT_STACK && mem_check(below, PREFAULT_STACK, PROT_READ | PROT_WRITE))
		madvise(mem_ptr(below), PREFAULT_STACK, MADV_POPULATE_WRITE);
	int at_start = 1; /* a line longer than the buffer comes in pieces */
	while (fgets(line, sizeof line, f)) {
		unsigned long lo, hi, off, inode;
		char perm[5], dev[16];
		int first = at_start, name = 0;
		at_start = strchr(line, '\n') != 0;
		if (!first || sscanf(line, "%lx-%lx %4s %lx %15s %lu %n", &lo, &hi, perm, &off, dev,
				     &inode, &name) != 6 || perm[0] != 'r')
			continue;
		const char *what = line + name;
		if (what[0] == '[' && strncmp(what, "[heap]", 6) != 0 && strncmp(what, "[stack]", 7) != 0)
			continue; /* the kernel's ([vvar] is not all readable) */
		if (inode != 0 && perm[1] == '-' && perm[3] == 'p')
			madvise((void *)lo, hi - lo, MADV_POPULATE_READ);
		else if (strcmp(perm, "rw-p") == 0 && hi - lo <= PREFAULT_WHOLE)
			madvise((void *)lo, hi - lo, MADV_POPULATE_WRITE);
		else if (hi - lo > MEM_GUEST_SIZE)
			continue; /* not ours: a sanitizer's shadow, terabytes */
		else if (strcmp(perm, "rw-p") == 0)
			each_resident(lo, hi, populate_write);
		each_resident(lo, hi, touch);
	}
	fclose(f);
}

/* A spare session, before its connection: what does not depend on the
 * request is done here, off the request's path. */
static void prepare(void)
{
	int rc;
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
	program_manifest_alias(); /* without it, the request mprotects */
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
	pid_t self = getpid();
	int fd;
	prctl(PR_SET_NAME, "zvm-spare");
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != daemon)
		_exit(0);
	prepare();
	do
		fd = accept4(lfd, 0, 0, SOCK_CLOEXEC);
	while (fd < 0 && (errno == EINTR || errno == ECONNABORTED));
	if (fd < 0)
		_exit(errno);
	if (write(ready, &self, sizeof self) != sizeof self)
		_exit(EIO);
	prctl(PR_SET_PDEATHSIG, 0);
	prctl(PR_SET_NAME, "zvm-request");
	close(lfd);
	close(ready);
	serve(fd);
}

static void on_child(int sig)
{
	(void)sig; /* only to end the daemon's ppoll() */
}

/* The daemon's loop: keep the spares, count the requests. SIGCHLD is blocked
 * except inside ppoll(), so no child's end goes unseen. Returns only in a
 * newly forked spare, which then serves its request. */
static void keep_spares(int lfd)
{
	pid_t waiting[SPARES], self = getpid();
	int nwaiting = 0, nrunning = 0, ready[2];
	sigset_t chld, open_mask;
	struct sigaction sa;

	if (pipe2(ready, O_CLOEXEC) != 0 || fcntl(ready[0], F_SETFL, O_NONBLOCK) != 0)
		_exit(errno);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_child;
	sigaction(SIGCHLD, &sa, 0);
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &open_mask);
	sigdelset(&open_mask, SIGCHLD);
	for (;;) {
		pid_t pid;
		/* Spares that took a connection: the pipe first, so that a
		 * session reaped below has been counted as running. A pid no
		 * longer waiting was reaped already. */
		while (read(ready[0], &pid, sizeof pid) == sizeof pid)
			for (int i = 0; i < nwaiting; i++)
				if (waiting[i] == pid) {
					waiting[i] = waiting[--nwaiting];
					nrunning++;
					break;
				}
		while ((pid = waitpid(-1, 0, WNOHANG)) > 0) {
			int i = 0;
			while (i < nwaiting && waiting[i] != pid)
				i++;
			if (i < nwaiting) { /* a spare died: not in a loop */
				waiting[i] = waiting[--nwaiting];
				sleep(1);
			} else if (nrunning > 0)
				nrunning--;
		}
		if (nwaiting == 0 || (nwaiting < SPARES && nrunning == 0)) {
			if ((pid = fork()) == 0) {
				sigprocmask(SIG_SETMASK, &open_mask, 0);
				signal(SIGCHLD, SIG_DFL);
				close(ready[0]);
				spare(lfd, ready[1], self);
				return;
			}
			if (pid > 0)
				waiting[nwaiting++] = pid;
			else
				sleep(1); /* out of processes: try again */
			continue;
		}
		struct pollfd p = { ready[0], POLLIN, 0 };
		ppoll(&p, 1, 0, &open_mask);
	}
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
	keep_spares(lfd);
	return 0; /* in a request session, after its request */
}
