/*
 * session.c - ending a session, the report, signals and limits.
 *
 * The report is the original's: validator state, daemon state, user return
 * code, etags, accounting, exit state, then an empty line. It is written with
 * one write(2) from a stack buffer, so it also works from a signal handler.
 * Everything on the way to it (channels_close, getrusage, write, a daemon
 * client's shutdown and drain, warm_learn, _exit) is on the base list of
 * the system call filter (seccomp.c): a SIGSYS from the filter also ends
 * here, with the call named in the exit state.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <ucontext.h>
#include <asm/unistd.h>
#include <unistd.h>

#include <linux/audit.h>

#ifndef SYS_SECCOMP
#define SYS_SECCOMP 1 /* si_code of a seccomp SIGSYS (asm-generic/siginfo.h) */
#endif

#include "mem.h"
#include "session.h"
#include "warm.h"

struct session zs = { .validator_state = 2, .report_fd = 1 };
static char report[1 << 16];

void say(int level, const char *fmt, ...)
{
	va_list ap;
	if (zs.verbose < level)
		return;
	va_start(ap, fmt);
	fputs("zerovm: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static size_t put(char *buf, size_t at, size_t cap, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (at >= cap)
		return at;
	va_start(ap, fmt);
	n = vsnprintf(buf + at, cap - at, fmt, ap);
	va_end(ap);
	return n < 0 ? at : (at + (size_t)n < cap ? at + (size_t)n : cap - 1);
}

static void write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t r = write(fd, p, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return;
		p += r;
		n -= (size_t)r;
	}
}

/* Seconds with two decimals, from a timeval, without floating point. */
static size_t put_secs(char *buf, size_t at, size_t cap, struct timeval tv)
{
	long cs = tv.tv_usec / 10000;
	return put(buf, at, cap, "%ld.%02ld", (long)tv.tv_sec, cs);
}

static void hash_region(void *ctx, uint64_t start, uint64_t end)
{
	sha256_update(ctx, end - start, mem_ptr(start));
}

void session_warm(void)
{
	warm_buffer(report, WARM_BUFFER);
}

void session_end(void)
{
	char *buf = report, err[256];
	size_t at = 8, cap = sizeof report; /* room for a daemon client's length prefix */
	int64_t acc[8] = { 0 };
	int tagged = 0;
	struct rusage ru;

	if (zs.ch) {
		if (channels_close(zs.ch, zs.nch, zs.code == 0, err, sizeof err) != 0 && zs.code == 0) {
			zs.code = EIO;
			snprintf(zs.state, sizeof zs.state, "%s", err);
		}
	}
	if (zs.shell && !zs.report_framed && zs.code == 0)
		_exit(zs.user_code & 0xFF); /* nobody reads the report */
	at = put(buf, at, cap, "%d\n%d\n%d\n", zs.validator_state, zs.daemon_state, zs.user_code);
	for (int i = 0; zs.ch && i < zs.nch; i++) {
		struct channel *c = &zs.ch[i];
		int net = c->m->proto != MFT_FILE;
		for (int k = 0; k < 4; k++)
			acc[(net ? 4 : 0) + k] += c->count[k];
		if (c->m->etag) {
			char hex[2 * SHA256_DIGEST_SIZE + 1];
			ch_etag(c, hex);
			at = put(buf, at, cap, "%s%s %s", tagged++ ? " " : "", c->m->alias, hex);
		}
	}
	if (zs.have_mft && zs.mft.memory_etag && zs.ch) {
		/* Every readable guest byte, in address order (as the original). */
		struct sha256_ctx sha;
		uint8_t d[SHA256_DIGEST_SIZE];
		sha256_init(&sha);
		mem_foreach(PROT_READ, hash_region, &sha);
		sha256_digest(&sha, sizeof d, d);
		at = put(buf, at, cap, "%s/dev/memory ", tagged++ ? " " : "");
		for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
			at = put(buf, at, cap, "%02x", d[i]);
	}
	at = put(buf, at, cap, "%s\n", tagged ? "" : "disabled");
	if (getrusage(RUSAGE_SELF, &ru) != 0)
		memset(&ru, 0, sizeof ru);
	at = put_secs(buf, at, cap, ru.ru_stime);
	at = put(buf, at, cap, " ");
	at = put_secs(buf, at, cap, ru.ru_utime);
	for (int k = 0; k < 8; k++)
		at = put(buf, at, cap, " %lld", (long long)acc[k]);
	at = put(buf, at, cap, "\n%s\n\n", zs.code == 0 && !zs.state[0] ? "ok" : zs.state);
	if (zs.report_framed) {
		char len[9];
		snprintf(len, sizeof len, "0x%06x", (unsigned)(at - 8));
		memcpy(buf, len, 8);
		write_all(zs.report_fd, buf, at);
		/* The client sees the end now, not after this process's teardown;
		 * bytes it sent past its manifest are read away, since closing a
		 * Unix socket with unread data resets the peer, report and all. */
		shutdown(zs.report_fd, SHUT_WR);
		while (recv(zs.report_fd, buf, sizeof report, MSG_DONTWAIT) > 0)
			;
		if (zs.in_request)
			warm_learn(); /* the client has its report */
	} else if (zs.shell) {
		char head[128];
		int n = snprintf(head, sizeof head, "%s with code %d; its report:\n", zs.shell, zs.code);
		write_all(2, head, n > 0 && (size_t)n < sizeof head ? (size_t)n : 0);
		write_all(2, buf + 8, at - 8);
		_exit(SESSION_SHELL_FAILED);
	} else {
		write_all(zs.report_fd, buf + 8, at - 8);
	}
	_exit(zs.code);
}

void session_fail(int code, const char *fmt, ...)
{
	if (zs.code == 0) {
		va_list ap;
		zs.code = code ? code : EFAULT;
		va_start(ap, fmt);
		vsnprintf(zs.state, sizeof zs.state, fmt, ap);
		va_end(ap);
	}
	say(1, "%s", zs.state);
	session_end();
}

static void on_signal(int sig, siginfo_t *si, void *uctx)
{
	ucontext_t *uc = uctx;
	uint64_t rip = (uint64_t)uc->uc_mcontext.gregs[REG_RIP];

	if (zs.code != 0) /* already ending */
		_exit(zs.code);
	switch (sig) {
	case SIGALRM:
		session_fail(EINTR, "session timeout");
	case SIGXCPU:
		session_fail(EINTR, "session cpu time limit exceeded");
	case SIGXFSZ:
		session_fail(EDQUOT, "disk quota exceeded");
	case SIGSYS:
		if (si->si_code == SYS_SECCOMP) {
			/* The filter (seccomp.c) refused a call: name it and its
			 * call site (just past the syscall instruction). */
			uint64_t at = (uint64_t)(uintptr_t)si->si_call_addr;
			unsigned nr = (unsigned)si->si_syscall;
			const char *abi = si->si_arch != AUDIT_ARCH_X86_64 ? " (i386)"
					  : nr & __X32_SYSCALL_BIT ? " (x32)" : "";
			session_fail(EINTR, "Signal %d from %strusted code: system call %u%s at 0x%012llX",
				     sig, at < MEM_GUEST_SIZE ? "un" : "", nr & ~(unsigned)__X32_SYSCALL_BIT,
				     abi, (unsigned long long)at);
		}
		/* fall through: a SIGSYS from elsewhere is any other signal */
	default:
		session_fail(EINTR, "Signal %d from %strusted code: Halting at 0x%012llX", sig,
			     rip < MEM_GUEST_SIZE ? "un" : "", (unsigned long long)rip);
	}
}

int session_handlers(void)
{
	static const int sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP,
				    SIGALRM, SIGXCPU, SIGXFSZ, SIGSYS };
	size_t altsize = 1 << 16;
	stack_t ss;
	struct sigaction sa;

	/* Above the sandbox: the reservation keeps mmap away from low memory. */
	ss.ss_sp = mmap(0, altsize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (ss.ss_sp == MAP_FAILED)
		return errno;
	if ((uint64_t)(uintptr_t)ss.ss_sp < MEM_RESERVED)
		return EFAULT;
	ss.ss_size = altsize;
	ss.ss_flags = 0;
	if (sigaltstack(&ss, 0) != 0)
		return errno;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_signal;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigfillset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		if (sigaction(sigs[i], &sa, 0) != 0)
			return errno;
	signal(SIGPIPE, SIG_IGN); /* a closed pipe is a write error, not a death */
	return 0;
}

int session_cpu_limit(int timeout_s)
{
	static struct rlimit set; /* what this process last set: fork keeps both */
	struct rlimit rl = { RLIM_INFINITY, RLIM_INFINITY };
	/* The CPU cap backs the wall-clock timeout up; it counts from process
	 * start, so it gets a second more than the alarm, which then always
	 * wins for a busy guest. SIGKILL if SIGXCPU cannot end the session. */
	if (timeout_s >= 0) {
		rl.rlim_cur = (rlim_t)timeout_s + 1;
		rl.rlim_max = (rlim_t)timeout_s + 3;
		if (zs.mft.job) /* a daemon must be able to lift it; requests set their own */
			rl.rlim_max = RLIM_INFINITY;
	}
	if (rl.rlim_cur == set.rlim_cur && rl.rlim_max == set.rlim_max)
		return 0; /* a daemon's spare set it in advance */
	if (setrlimit(RLIMIT_CPU, &rl) != 0)
		return errno;
	set = rl;
	return 0;
}

int session_timers(int timeout_s)
{
	int rc = session_cpu_limit(timeout_s);
	if (rc)
		return rc;
	alarm((unsigned)timeout_s);
	return 0;
}

int session_limits(int timeout_s)
{
	int rc = session_handlers();
	return rc ? rc : session_timers(timeout_s);
}
