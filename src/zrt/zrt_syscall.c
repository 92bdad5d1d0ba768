/*
 * zrt_syscall.c - the system-call dispatcher, and the process-level calls.
 *
 * musl calls __zrt_syscall(n, a..f) where Linux would run `syscall`
 * (ports/musl/patches/0001). n is an x32 system call number
 * (0x40000000 + nr). Each call goes to the part of ZRT that emulates it;
 * everything else returns -ENOSYS (logged to /dev/debug with [debug]).
 *
 * Process identity is fixed: pid 1, parent 0, uid and gid 1. Signals are
 * synchronous: kill/tkill/tgkill to this process runs the handler installed
 * with rt_sigaction at once; a default fatal action flushes stdio and exits
 * with 128 + the signal number. exit and exit_group end in zvm_exit.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <zvm.h>

#include "zrt.h"

#define PID 1
#define UID 1

long long __zrt_syscall(long long n, long long a, long long b, long long c, long long d,
			long long e, long long f);

#define P(x) ((void *)(uintptr_t)(x))

static struct { uintptr_t handler; unsigned long flags; } actions[65];

_Noreturn static void do_exit(int code)
{
	zrt_tar_export_all();
	for (;;)
		zvm_exit(code & 0xff);
}

static long sigaction_(int sig, const void *act, void *oact)
{
	/* x32 struct k_sigaction: handler, flags, restorer (4 bytes each), mask */
	if (sig < 1 || sig > 64)
		return -EINVAL;
	if (oact) {
		uint32_t *o = oact;
		o[0] = (uint32_t)actions[sig].handler;
		o[1] = (uint32_t)actions[sig].flags;
		o[2] = 0;
		o[3] = o[4] = 0;
	}
	if (act) {
		if (sig == SIGKILL || sig == SIGSTOP)
			return -EINVAL;
		const uint32_t *a = act;
		actions[sig].handler = a[0];
		actions[sig].flags = a[1];
	}
	return 0;
}

static long deliver(int sig)
{
	if (sig == 0)
		return 0;
	if (sig < 1 || sig > 64)
		return -EINVAL;
	uintptr_t h = actions[sig].handler;
	if (h == (uintptr_t)SIG_IGN)
		return 0;
	if (h == (uintptr_t)SIG_DFL) {
		if (sig == SIGCHLD || sig == SIGCONT || sig == SIGURG || sig == SIGWINCH)
			return 0;
		fflush(0);
		do_exit(128 + sig);
	}
	if (actions[sig].flags & SA_RESETHAND)
		actions[sig].handler = (uintptr_t)SIG_DFL;
	if (actions[sig].flags & SA_SIGINFO) {
		siginfo_t si;
		memset(&si, 0, sizeof si);
		si.si_signo = sig;
		si.si_pid = PID;
		si.si_uid = UID;
		((void (*)(int, siginfo_t *, void *))h)(sig, &si, 0);
	} else {
		((void (*)(int))h)(sig);
	}
	return 0;
}

static long uname_(struct utsname *u)
{
	if (!u)
		return -EFAULT;
	memset(u, 0, sizeof *u);
	strcpy(u->sysname, "ZeroVM");
	strcpy(u->nodename, "zerovm");
	strcpy(u->release, "1.0.0");
	strcpy(u->version, "ZeroVM-in-C");
	strcpy(u->machine, "x86_64");
	strcpy(u->domainname, "(none)");
	return 0;
}

static long prlimit_(int pid, int res, const void *new, void *old)
{
	if (pid && pid != PID)
		return -ESRCH;
	if (res < 0 || res >= RLIM_NLIMITS)
		return -EINVAL;
	if (old) {
		uint64_t *o = old, v = ~0ull;
		if (res == RLIMIT_STACK)
			v = MANIFEST->stack_size;
		else if (res == RLIMIT_NOFILE)
			v = 1024;
		else if (res == RLIMIT_AS || res == RLIMIT_DATA)
			v = MANIFEST->heap_size;
		o[0] = o[1] = v;
	}
	return new ? -EPERM : 0;
}

long long __zrt_syscall(long long n, long long a, long long b, long long c, long long d,
			long long e, long long f)
{
	(void)f;
	switch (n) {
	/* I/O */
	case SYS_read: return zrt_read((int)a, P(b), (size_t)c);
	case SYS_write: return zrt_write((int)a, P(b), (size_t)c);
	case SYS_pread64: return zrt_pread((int)a, P(b), (size_t)c, d);
	case SYS_pwrite64: return zrt_pwrite((int)a, P(b), (size_t)c, d);
	case SYS_readv: return zrt_readv((int)a, P(b), (int)c, 0, 0);
	case SYS_writev: return zrt_writev((int)a, P(b), (int)c, 0, 0);
	case SYS_preadv: return zrt_readv((int)a, P(b), (int)c, d, 1);
	case SYS_pwritev: return zrt_writev((int)a, P(b), (int)c, d, 1);
	case SYS_lseek: return zrt_lseek((int)a, b, (int)c);
	case SYS_open: return zrt_openat(AT_FDCWD, P(a), (int)b, (uint32_t)c);
	case SYS_openat: return zrt_openat((int)a, P(b), (int)c, (uint32_t)d);
	case SYS_creat: return zrt_openat(AT_FDCWD, P(a), O_CREAT | O_WRONLY | O_TRUNC, (uint32_t)b);
	case SYS_close: return zrt_close((int)a);
	case SYS_dup: return zrt_fcntl((int)a, F_DUPFD, 0);
	case SYS_dup2: return zrt_dup3((int)a, (int)b, 0, 1);
	case SYS_dup3: return zrt_dup3((int)a, (int)b, (int)c, 0);
	case SYS_fcntl: return zrt_fcntl((int)a, (int)b, (long)c);
	case SYS_ioctl: return zrt_ioctl((int)a, (unsigned long)b, P(c));
	case SYS_fsync:
	case SYS_fdatasync: return zrt_fsync((int)a);
	case SYS_ftruncate: return zrt_ftruncate((int)a, b);
	case SYS_truncate: return zrt_truncate(P(a), b);
	case SYS_getdents64: return zrt_getdents64((int)a, P(b), (size_t)c);
	case SYS_fadvise64: return 0;
	/* names */
	case SYS_stat: return zrt_fstatat(AT_FDCWD, P(a), P(b), 0);
	case SYS_lstat: return zrt_fstatat(AT_FDCWD, P(a), P(b), AT_SYMLINK_NOFOLLOW);
	case SYS_fstat: return zrt_fstatat((int)a, "", P(b), AT_EMPTY_PATH);
	case SYS_newfstatat: return zrt_fstatat((int)a, P(b), P(c), (int)d);
	case SYS_mkdir: return zrt_mkdirat(AT_FDCWD, P(a), (uint32_t)b);
	case SYS_mkdirat: return zrt_mkdirat((int)a, P(b), (uint32_t)c);
	case SYS_rmdir: return zrt_unlinkat(AT_FDCWD, P(a), AT_REMOVEDIR);
	case SYS_unlink: return zrt_unlinkat(AT_FDCWD, P(a), 0);
	case SYS_unlinkat: return zrt_unlinkat((int)a, P(b), (int)c);
	case SYS_rename: return zrt_renameat(AT_FDCWD, P(a), AT_FDCWD, P(b), 0);
	case SYS_renameat: return zrt_renameat((int)a, P(b), (int)c, P(d), 0);
	case SYS_renameat2: return zrt_renameat((int)a, P(b), (int)c, P(d), (unsigned)e);
	case SYS_access: return zrt_faccessat(AT_FDCWD, P(a), (int)b, 0);
	case SYS_faccessat: return zrt_faccessat((int)a, P(b), (int)c, 0);
	case SYS_faccessat2: return zrt_faccessat((int)a, P(b), (int)c, (int)d);
	case SYS_getcwd: return zrt_getcwd(P(a), (size_t)b);
	case SYS_chdir: return zrt_chdir(P(a));
	case SYS_fchdir: return zrt_fchdir((int)a);
	case SYS_chmod: return zrt_fchmodat(AT_FDCWD, P(a), (uint32_t)b, 0);
	case SYS_fchmod: return zrt_fchmod((int)a, (uint32_t)b);
	case SYS_fchmodat: return zrt_fchmodat((int)a, P(b), (uint32_t)c, 0);
	case SYS_chown:
	case SYS_lchown:
	case SYS_fchownat: return 0;
	case SYS_fchown: return zrt_fd_node((int)a) ? 0 : -EBADF;
	case SYS_utimensat: return zrt_utimensat((int)a, P(b), P(c), (int)d);
	case SYS_readlink: return -EINVAL;
	case SYS_readlinkat: return -EINVAL;
	case SYS_umask: return zrt_set_umask((uint32_t)a);
	/* memory */
	case SYS_brk: return zrt_brk((uintptr_t)a);
	case SYS_mmap: return zrt_mmap((uintptr_t)a, (size_t)b, (int)c, (int)d, (int)e, f);
	case SYS_munmap: return zrt_munmap((uintptr_t)a, (size_t)b);
	case SYS_mremap: return zrt_mremap((uintptr_t)a, (size_t)b, (size_t)c, (int)d, (uintptr_t)e);
	case SYS_mprotect: return zrt_mprotect((uintptr_t)a, (size_t)b, (int)c);
	case SYS_madvise: return 0;
	/* time and randomness */
	case SYS_clock_gettime: return zrt_clock_gettime((int)a, P(b));
	case SYS_gettimeofday: return zrt_gettimeofday(P(a));
	case SYS_time: {
		struct { int64_t s, ns; } ts;
		zrt_clock_gettime(0, &ts);
		if (a)
			*(int64_t *)P(a) = ts.s;
		return ts.s;
	}
	case SYS_clock_getres: {
		int64_t *r = P(b);
		if (r)
			r[0] = 0, r[1] = 1000;
		return 0;
	}
	case SYS_nanosleep: return zrt_nanosleep(P(a), P(b));
	case SYS_clock_nanosleep: return zrt_clock_nanosleep((int)a, (int)b, P(c), P(d));
	case SYS_times: return zrt_times(P(a));
	case SYS_getrandom: return zrt_getrandom(P(a), (size_t)b, (unsigned)c);
	/* process */
	case SYS_getpid:
	case SYS_gettid:
	case SYS_set_tid_address: return PID;
	case SYS_getppid: return 0;
	case SYS_getpgid:
	case SYS_getsid:
	case SYS_getpgrp: return PID;
	case SYS_getuid:
	case SYS_geteuid:
	case SYS_getgid:
	case SYS_getegid: return UID;
	case SYS_getgroups: return 0;
	case SYS_uname: return uname_(P(a));
	case SYS_prlimit64: return prlimit_((int)a, (int)b, P(c), P(d));
	case SYS_getrlimit: return prlimit_(0, (int)a, 0, P(b));
	case SYS_sched_yield: return 0;
	case SYS_rt_sigaction: return sigaction_((int)a, P(b), P(c));
	case SYS_rt_sigprocmask:
		if (c)
			memset(P(c), 0, 8);
		return 0;
	case SYS_sigaltstack: return 0;
	case SYS_kill: return (a == PID || a == 0 || a == -1) ? deliver((int)b) : -ESRCH;
	case SYS_tkill: return a == PID ? deliver((int)b) : -ESRCH;
	case SYS_tgkill: return (a == PID && b == PID) ? deliver((int)c) : -ESRCH;
	case SYS_exit:
	case SYS_exit_group: do_exit((int)a);
	default:
		zrt_debug("zrt: system call %lld is not implemented\n", n & 0x3fffffff);
		return -ENOSYS;
	}
}
