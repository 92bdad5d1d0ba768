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
 * aliases, types and limits; the URIs and etag flags may differ), installs
 * them, and returns 0 from zvm_fork into the same, already validated and
 * loaded guest.
 *
 * Who may ask (the confused deputy: a request session has its owner's
 * rights, so it must not open files in a requester's name). The socket is
 * bound 0600 (0666 with JobAllow, whose users must reach it), under a umask,
 * so it never exists with a wider mode. A session first checks the
 * connection's SO_PEERCRED: the daemon's euid, or a uid of JobAllow; anyone
 * else gets an error report before a byte is read. The request's channels
 * come as descriptors the client opened with its own rights (SCM_RIGHTS,
 * one per file channel in handle order: request.h); each is checked for its
 * type and access mode, and no host path is opened or looked at. Its report goes back on the connection with the same length
 * prefix. A bad request gets an error report, never a crash of the daemon;
 * the daemon reaps its children and removes the socket on SIGTERM or SIGINT.
 *
 * The fork is off the request's path: the daemon keeps SPARES sessions,
 * forked and prepared (signals, handlers, pages) in advance, waiting in
 * accept() (warm.c prepares them). A spare that takes a connection marks its
 * slot in memory shared with the daemon. Its replacement is forked when no
 * request is running (after the report, so the fork and the copying of
 * pages never compete with a request for the CPU), or at once when no spare
 * is left waiting (concurrent clients: the last spare wakes the daemon).
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include "channel.h"
#include "daemon.h"
#include "linux.h"
#include "loader.h"
#include "mem.h"
#include "request.h"
#include "seccomp.h"
#include "session.h"
#include "trap.h"
#include "warm.h"
#include "x86_64/arch.h"

#define REQUEST_TIMEOUT_S 10 /* for the request bytes to arrive */
#define SPARES 2             /* sessions waiting in accept() */

static const char *sock_path;
static int prealloc_files = 1;
static uid_t owner; /* the daemon's euid: who may ask without JobAllow */
static char request_buf[REQUEST_HEADER + MFT_MAX_SIZE + 1];

/* The descriptors a request brought, in arrival (= channel) order; got_fds
 * counts beyond the array too, and cut is set when the kernel cut a
 * message's descriptors short (MSG_CTRUNC). */
#define FD_BATCH 253 /* SCM_MAX_FD: at most this many in one message */
static int req_fds[MFT_MAX_CHANNELS];
static int got_fds, cut_fds;
static struct ch_given *given; /* per channel, once checked */

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
	/* The mode comes with bind (a chmod after it would leave a moment
	 * with the wider one; fchmod does not reach a socket's file). */
	mode_t old = umask(zs.mft.nallow ? 0111 : 0177);
	int rc = bind(fd, (struct sockaddr *)&sa, sizeof sa);
	umask(old);
	if (rc != 0 || listen(fd, 64) != 0) {
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
	linux_close_range(3, (unsigned)lfd - 1);
	linux_close_range((unsigned)lfd + 1, ~0u);
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

/* One recvmsg of at most n bytes: the descriptors that come with them are
 * kept in req_fds (close-on-exec: the guest never sees them). */
static ssize_t take(int fd, char *buf, size_t n, int flags)
{
	static union { struct cmsghdr h; char b[CMSG_SPACE(FD_BATCH * sizeof(int))]; } ctl;
	struct iovec iov = { buf, n };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = ctl.b, .msg_controllen = sizeof ctl.b };
	ssize_t r = recvmsg(fd, &msg, flags | MSG_CMSG_CLOEXEC);
	if (r < 0)
		return r;
	cut_fds |= (msg.msg_flags & MSG_CTRUNC) != 0;
	/* musl's CMSG_NXTHDR compares a size_t with a ptrdiff_t */
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wsign-compare"
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
#pragma clang diagnostic pop
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		int k = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
		const int *p = (const int *)CMSG_DATA(c);
		for (int i = 0; i < k; i++, got_fds++) {
			int d;
			memcpy(&d, p + i, sizeof d);
			if (got_fds < MFT_MAX_CHANNELS)
				req_fds[got_fds] = d;
			else
				close(d); /* counted: too many */
		}
	}
	return r;
}

static void close_fds(void)
{
	for (int i = 0; i < got_fds && i < MFT_MAX_CHANNELS; i++)
		close(req_fds[i]);
	got_fds = 0;
}

/* Ends the session for a request whose descriptors do not do: none of them
 * is used, and the client learns why. */
__attribute__((noreturn, format(printf, 2, 3)))
static void refuse(int code, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	close_fds();
	session_fail(code, "%s", msg);
}

/* The request's descriptors, counted and checked against its channels,
 * become given[] (one per channel; tcp channels have none). */
static void check_fds(const struct manifest *m)
{
	int need = request_nfds(m), k = 0;
	char err[512];

	if (cut_fds)
		refuse(EBADF, "daemon: the request's descriptors were cut short (MSG_CTRUNC)");
	if (got_fds == 0 && need > 0)
		refuse(EBADF, "daemon: the request brought no descriptors; its %d file channels "
			      "need one each (SCM_RIGHTS)", need);
	if (got_fds != need)
		refuse(EBADF, "daemon: the request brought %d descriptors for %d file channels",
		       got_fds, need);
	/* given[] was allocated by prepare(), off the request's path: a
	 * request has the daemon's channels (request_parse checks). */
	if (!given)
		refuse(ENOMEM, "daemon: out of memory");
	for (int i = 0; i < m->nchannels; i++) {
		const struct mft_channel *c = &m->channels[i];
		given[i].fd = -1;
		if (c->proto != MFT_FILE)
			continue;
		int fl, fd = req_fds[k++];
		if (fstat(fd, &given[i].st) != 0 || (fl = fcntl(fd, F_GETFL)) < 0)
			refuse(EBADF, "daemon: %s: its descriptor cannot be looked at", c->alias);
		int rc = request_fd_check(c, given[i].st.st_mode, fl, err, sizeof err);
		if (rc)
			refuse(rc, "%s", err);
		given[i].fd = fd;
		given[i].append = (fl & O_APPEND) != 0;
	}
}

/* Reads at least min bytes into buf (at most max). Returns how many, or -1
 * when the stream ends or fails first. */
static long read_atleast(int fd, char *buf, size_t min, size_t max)
{
	size_t got = 0;
	while (got < min) {
		ssize_t r = take(fd, buf + got, max - got, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	return (long)got;
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
	channels_know_stdio();    /* the daemon's /dev/null, asked once */
	warm_buffer(request_buf, WARM_BUFFER);
	/* Not static (a spare's writable pages are touched in advance, and most
	 * requests have a few channels), and not on the request's path: musl's
	 * malloc gives a block of this size a page of its own, mmapped, whose
	 * first touches in the request were two page faults. The memset is
	 * the touch: calloc leaves a fresh mapping's zero pages alone. */
	given = calloc((size_t)zs.mft.nchannels, sizeof *given);
	if (given)
		memset(given, 0, (size_t)zs.mft.nchannels * sizeof *given);
	session_warm();
	warm_prepare();
	/* No fork, no Unix socket, no unlink from here on. (A third, narrower
	 * filter once the request's channels are open was measured at 35 us
	 * on the request's path, and guest code can make no call anyway.) */
	if ((rc = sc_install(SC_REQUEST, 1)) != 0)
		_exit(rc);
}

/* In a request session: read, check and install the request, then return
 * to the guest. Every failure ends this session with a report. */
static void serve(int fd)
{
	char *buf = request_buf, err[512];
	struct manifest m;
	struct timeval tv = { REQUEST_TIMEOUT_S, 0 };
	int rc;

	zs.report_fd = fd;
	zs.report_framed = 1;

	/* Who asks, before anything of theirs is read. */
	struct ucred cred;
	socklen_t cl = sizeof cred;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &cl) != 0 || cl != sizeof cred)
		session_fail(EACCES, "daemon: cannot tell who asks (SO_PEERCRED)");
	if (!request_peer_allowed(cred.uid, owner, &zs.mft))
		session_fail(EACCES, "daemon: uid %u may not ask (not the daemon's owner, not in JobAllow)",
			     (unsigned)cred.uid);

	/* The whole request is usually there by the time a spare runs: one recv
	 * that does not wait takes it. Only a request still on its way sets the
	 * receive timeout and reads the rest. */
	long got = take(fd, buf, sizeof request_buf, MSG_DONTWAIT), more;
	if (got < 0)
		got = 0; /* not there yet (or a failure the next read sees) */
	if (got < REQUEST_HEADER) {
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
		more = read_atleast(fd, buf + got, (size_t)(REQUEST_HEADER - got), sizeof request_buf - (size_t)got);
		if (more < 0)
			session_fail(EFAULT, "daemon: request too short for its length header");
		got += more;
	}
	long len = request_length(buf);
	if (len < 0)
		session_fail(EFAULT, "daemon: bad request length header");
	char *text = buf + REQUEST_HEADER;
	got -= REQUEST_HEADER;
	if (got > len)
		got = len; /* bytes after the manifest are ignored, as before */
	if (got < len) {
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
		if (read_atleast(fd, text + got, (size_t)(len - got), (size_t)(len - got)) < 0)
			session_fail(EFAULT, "daemon: request shorter than its length header");
	}
	if ((rc = request_parse(text, (size_t)len, &zs.mft, &m, err, sizeof err)) != 0)
		refuse(rc, "%s", err);
	check_fds(&m);
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
	if ((rc = channels_open(&zs.mft, prealloc_files, given, &zs.ch, err, sizeof err)) != 0)
		session_fail(rc, "%s", err);
	zs.nch = zs.mft.nchannels;
	if ((rc = program_update_manifest()) != 0)
		session_fail(rc, "cannot update the user manifest: %s", strerror(rc));
	zs.in_request = 1;
}

/* A spare's slot, shared with the daemon: WAITING from its fork until it
 * takes a connection. */
enum { SLOT_FREE, SLOT_WAITING, SLOT_TAKEN };

/* The spare's side: wait for a connection, mark the slot, serve it. Only
 * the last waiting spare to take one wakes the daemon (the pipe), so that
 * the replacement is forked at once; otherwise the daemon learns when the
 * request ends, and no system call or wake-up is on the request's path. A
 * spare dies with the daemon; a session with a client finishes its work. */
static void spare(int lfd, int ready, int *slots, int me, pid_t daemon)
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
	if (fd < 0)
		_exit(errno);
	/* Sequentially consistent: of two spares taking connections at once,
	 * at least one sees the other's slot taken. */
	__atomic_store_n(&slots[me], SLOT_TAKEN, __ATOMIC_SEQ_CST);
	int others = 0;
	for (int i = 0; i < SPARES; i++)
		others += i != me && __atomic_load_n(&slots[i], __ATOMIC_SEQ_CST) == SLOT_WAITING;
	if (!others && write(ready, "", 1) != 1)
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
	struct { pid_t pid; int slot; } waiting[SPARES];
	pid_t self = getpid();
	int nwaiting = 0, nrunning = 0, ready[2];
	sigset_t chld, open_mask;
	struct sigaction sa;
	char drain[64];

	int *slots = mmap(0, sizeof *slots * SPARES, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (slots == MAP_FAILED || pipe2(ready, O_CLOEXEC) != 0 || fcntl(ready[0], F_SETFL, O_NONBLOCK) != 0)
		_exit(errno);
	warm_init();
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_child;
	sigaction(SIGCHLD, &sa, 0);
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &open_mask);
	sigdelset(&open_mask, SIGCHLD);
	for (;;) {
		pid_t pid;
		while (read(ready[0], drain, sizeof drain) > 0)
			;
		/* Spares that took a connection are requests now. */
		for (int i = 0; i < nwaiting;)
			if (__atomic_load_n(&slots[waiting[i].slot], __ATOMIC_SEQ_CST) == SLOT_TAKEN) {
				__atomic_store_n(&slots[waiting[i].slot], SLOT_FREE, __ATOMIC_SEQ_CST);
				waiting[i] = waiting[--nwaiting];
				nrunning++;
			} else {
				i++;
			}
		while ((pid = waitpid(-1, 0, WNOHANG)) > 0) {
			int i = 0;
			while (i < nwaiting && waiting[i].pid != pid)
				i++;
			if (i == nwaiting) { /* a request seen above */
				if (nrunning > 0)
					nrunning--;
				continue;
			}
			/* Still waiting when last looked at: a request that ended
			 * since, or a spare that died (then not in a loop). */
			int taken = __atomic_load_n(&slots[waiting[i].slot], __ATOMIC_SEQ_CST) == SLOT_TAKEN;
			__atomic_store_n(&slots[waiting[i].slot], SLOT_FREE, __ATOMIC_SEQ_CST);
			waiting[i] = waiting[--nwaiting];
			if (!taken)
				sleep(1);
		}
		if (nwaiting == 0 || (nwaiting < SPARES && nrunning == 0)) {
			int slot = 0;
			while (__atomic_load_n(&slots[slot], __ATOMIC_SEQ_CST) != SLOT_FREE)
				slot++; /* one is free: fewer than SPARES wait */
			__atomic_store_n(&slots[slot], SLOT_WAITING, __ATOMIC_SEQ_CST);
			if ((pid = fork()) == 0) {
				sigprocmask(SIG_SETMASK, &open_mask, 0);
				signal(SIGCHLD, SIG_DFL);
				close(ready[0]);
				spare(lfd, ready[1], slots, slot, self);
				return;
			}
			if (pid > 0) {
				waiting[nwaiting].pid = pid;
				waiting[nwaiting++].slot = slot;
			} else {
				__atomic_store_n(&slots[slot], SLOT_FREE, __ATOMIC_SEQ_CST);
				sleep(1); /* out of processes: try again */
			}
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
	owner = geteuid();
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
