/*
 * seccomp.c - the system call filter around the sandbox (DESIGN.md section 4).
 *
 * Invariant: from the moment the guest first runs until the process exits,
 * every system call of the process (guest or trusted code) passes a
 * seccomp-bpf filter that allows only the x86-64 calls of this file's lists,
 * with argument checks where BPF can make them: PROT_EXEC only by mprotect
 * on a range inside the low 4 GiB (zvm_jail) and never by mmap; sockets only
 * AF_INET/AF_INET6 stream/datagram, and only in a session that declares TCP
 * channels or a name server or is a daemon's (AF_UNIX only in the daemon);
 * clone only as fork, only in the daemon. Any other call, any call of another
 * architecture (int $0x80 is i386) and any call with the x32 bit set gets
 * SECCOMP_RET_TRAP: SIGSYS, which session.c's handler turns into the report
 * ("Signal 31 from untrusted code: system call N at ADDR"). The SFI rules
 * are the sandbox; this layer turns a hole in them into a failed session.
 *
 * Filters stack and a later one can only take calls away: a session with a
 * Job runs under the daemon's filter (the daemon and its spares are forks
 * of it), and each spare adds the request filter before accept(), off the
 * request's path. A request session keeps those two: a third, narrower one
 * after its channels are open would cost its install (35 us measured) on
 * the request's path, for trusted code only, since guest code can make no
 * call at all.
 *
 * A call made from guest code (its call site below 4 GiB) is refused
 * whatever its number: the guest has no business with any system call, and
 * the allow list is for the trusted runtime above 4 GiB. Then the number:
 * a linear list of "jeq nr -> allow" pairs, the calls of the trap path first;
 * the argument-checked calls (mmap, mprotect, socket, clone, prctl, ioctl,
 * seccomp) have a block each.
 */
#include <errno.h>
#include <sched.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "seccomp.h"

#ifndef __X32_SYSCALL_BIT
#define __X32_SYSCALL_BIT 0x40000000
#endif

int sc_wants_net(const struct manifest *m)
{
	if (m->nameserver)
		return 1;
	for (int i = 0; i < m->nchannels; i++)
		if (m->channels[i].proto != MFT_FILE)
			return 1;
	return 0;
}

const char *sc_kind_name(enum sc_kind kind)
{
	switch (kind) {
	case SC_SESSION:
		return "session";
	case SC_REQUEST:
		return "request";
	case SC_DAEMON:
		return "daemon";
	}
	return "?";
}

/* Every session, after loading: the guest's traps, the report, the end.
 * Short on purpose: the kernel converts and compiles the filter at each
 * cold start, at a cost that grows with its length. */
static const int base_calls[] = {
	__NR_pwrite64, __NR_pread64,    /* file channels (the traps' calls first) */
	__NR_write, __NR_read,          /* stream channels, the report */
	__NR_close,                     /* channels_close */
	__NR_ftruncate,                 /* written files cut to what was written */
	__NR_getrusage,                 /* report line 5 */
	__NR_rt_sigreturn,              /* the end of a signal handler */
	__NR_restart_syscall,           /* an allowed call restarted after a signal */
	__NR_brk, __NR_munmap,          /* malloc */
	__NR_exit, __NR_exit_group,     /* the end */
};

/* What the libc calls inside the functions the runtime uses. The shipped
 * binaries are on musl (src/hostlib); the UBSan build and the unit tests on
 * glibc. Each list holds one libc's way of making the calls above and below
 * (fstat, alarm, fork, open, isatty, free), nothing more. */
#ifdef __GLIBC__
static const int libc_calls[] = {
	__NR_rt_sigprocmask,            /* around signals */
	__NR_newfstatat,                /* fstat (stdio's first use) */
	__NR_getrandom,                 /* malloc, at its first use (tcache) */
	__NR_getpid,                    /* UBSan's report names the process */
};
static const int libc_request_calls[] = {
	__NR_alarm,                     /* alarm() */
	__NR_sysinfo,                   /* qsort() in the manifest parser asks for memory size */
};
static const int libc_daemon_calls[] = {
	__NR_set_robust_list,           /* fork, in the child */
	__NR_openat,                    /* open() */
};
#define ISATTY_IOCTL TCGETS             /* isatty() */
#else
static const int libc_calls[] = {
	__NR_rt_sigprocmask,            /* sigaction's first handler, abort */
	__NR_fstat,                     /* fstat() */
	__NR_madvise,                   /* mallocng's free: MADV_FREE of whole free pages */
	__NR_writev,                    /* stdio's writes */
};
static const int libc_request_calls[] = {
	__NR_setitimer,                 /* alarm() */
};
static const int libc_daemon_calls[] = {
	__NR_fork,                      /* fork() is the fork system call, not clone */
	__NR_gettid,                    /* fork(), in the child: the thread id */
	__NR_open,                      /* open() is the open system call, not openat */
};
#define ISATTY_IOCTL TIOCGWINSZ         /* isatty() */
#endif

/* Sessions with TCP channels or a name server (net.c; also the calls that
 * other work on the channel handshake adds: getrandom, poll/ppoll, bind and
 * connect on the name service's UDP socket). */
static const int net_calls[] = {
	__NR_writev,                    /* frames: header and bytes in one call */
	__NR_connect, __NR_bind, __NR_listen, /* channels: connect, or listen */
	__NR_accept, __NR_accept4,      /* a reading channel takes its writer on first read */
	__NR_sendto, __NR_sendmsg,      /* the name service's datagram; frames */
	__NR_recvfrom, __NR_recvmsg,    /* frames and name service replies */
	__NR_setsockopt, __NR_getsockopt, /* SO_REUSEADDR, timeouts, SO_ERROR */
	__NR_getsockname, __NR_getpeername, /* a listener's port for the name service */
	__NR_poll, __NR_ppoll,          /* waiting for the name service, connects */
	__NR_fcntl,                     /* non-blocking connects */
	__NR_shutdown,                  /* a channel's end */
};

/* A daemon's spare and its request session before its channels are open:
 * read the request and its descriptors, limits. */
static const int request_calls[] = {
	__NR_accept4,                   /* the spare takes its connection */
	__NR_recvmsg,                   /* a request's bytes and descriptors (SCM_RIGHTS) */
	__NR_getsockopt,                /* SO_PEERCRED: who sent the request */
	__NR_setsockopt,                /* SO_RCVTIMEO for a slow request */
	__NR_fcntl,                     /* descriptors kept clear of stdio */
	__NR_fallocate,                 /* preallocated written files */
	__NR_dup, __NR_dup2, __NR_dup3, /* descriptors of a request (SCM_RIGHTS) */
	__NR_getppid,                   /* the spare checks it still has its daemon */
	__NR_fchmod, __NR_umask,        /* created files' modes */
	__NR_shutdown, __NR_recvfrom,   /* the report to the client: shutdown, drain */
	__NR_madvise, __NR_mincore,     /* warm.c learning pages after a request */
	__NR_prlimit64,                 /* the request's limits (setrlimit is prlimit64) */
	__NR_lseek,                     /* stdio */
	__NR_mremap,                    /* realloc of a request's manifest */
};

/* The daemon itself (daemon.c, warm.c): fork, the Unix socket, spares. */
static const int daemon_calls[] = {
	__NR_bind, __NR_listen,         /* the Job socket */
	__NR_unlink, __NR_rename,       /* a stale socket; binding under a temporary name */
	__NR_umask, __NR_fchmod,        /* the socket's mode */
	__NR_close_range,               /* the daemon drops inherited descriptors */
	__NR_setsid, __NR_chdir,        /* detaching */
	__NR_rt_sigaction, __NR_sigaltstack, /* the daemon's and each spare's handlers */
	__NR_pipe2,                     /* the spares' wake-up pipe */
	__NR_wait4,                     /* reaping requests and spares */
	__NR_ppoll, __NR_poll,          /* the daemon's wait */
	__NR_nanosleep, __NR_clock_nanosleep, /* sleep(1) when out of processes */
	__NR_getppid,                   /* a new spare checks its daemon */
	__NR_memfd_create,              /* a spare's alias of the user manifest */
	/* and open(): /dev/null for stdio, a spare's /proc/self/maps (a request
	 * opens nothing: its channels come as descriptors) */
	__NR_geteuid,                   /* the owner, who may always ask (SO_PEERCRED) */
	__NR_getpid,                    /* the daemon knows itself from its spares */
};

/* --- a tiny assembler for classic BPF (all jumps forward, patched) ------- */

#define MAXINSN 512
#define ALLOW SECCOMP_RET_ALLOW
#define TRAP SECCOMP_RET_TRAP
#define ARG_LO(i) ((uint32_t)offsetof(struct seccomp_data, args[i]))
#define ARG_HI(i) ((uint32_t)offsetof(struct seccomp_data, args[i]) + 4)

struct bpf {
	struct sock_filter f[MAXINSN];
	int n, bad;
	int allow[MAXINSN], nallow; /* jumps to the final "ret ALLOW" */
	uint64_t seen[512 / 64];    /* numbers already on the list */
};

static int emit(struct bpf *b, uint16_t code, uint8_t jt, uint8_t jf, uint32_t k)
{
	if (b->n == MAXINSN) {
		b->bad = 1;
		return b->n - 1;
	}
	b->f[b->n] = (struct sock_filter)BPF_JUMP(code, k, jt, jf);
	return b->n++;
}

static void ret(struct bpf *b, uint32_t action)
{
	emit(b, BPF_RET | BPF_K, 0, 0, action);
}

static void ld(struct bpf *b, uint32_t off)
{
	emit(b, BPF_LD | BPF_W | BPF_ABS, 0, 0, off);
}

/* Sets jump at's true (which 1) or false (which 0) edge to here. */
static void patch(struct bpf *b, int at, int which)
{
	int off = b->n - at - 1;
	if (off < 0 || off > 255) {
		b->bad = 1;
		return;
	}
	if (which)
		b->f[at].jt = (uint8_t)off;
	else
		b->f[at].jf = (uint8_t)off;
}

/* "nr -> allow": a jeq whose true edge goes to the one "ret ALLOW" at the
 * end (patched by finish()), once per number. */
static void allow(struct bpf *b, const int *nrs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned nr = (unsigned)nrs[i];
		if (nr >= 512 || b->nallow == MAXINSN) {
			b->bad = 1;
			return;
		}
		if (b->seen[nr / 64] >> (nr % 64) & 1)
			continue;
		b->seen[nr / 64] |= (uint64_t)1 << (nr % 64);
		b->allow[b->nallow++] = emit(b, BPF_JMP | BPF_JEQ | BPF_K, 0, 0, nr);
	}
}

/* The end: nothing matched, then the shared "ret ALLOW". */
static void finish(struct bpf *b)
{
	ret(b, TRAP);
	for (int j = 0; j < b->nallow; j++)
		patch(b, b->allow[j], 1);
	ret(b, ALLOW);
}

/* Starts a checked call: the block that follows runs for nr and ends in a
 * return; end_check() makes every other number skip it (A still holds nr). */
static int begin_check(struct bpf *b, int nr)
{
	return emit(b, BPF_JMP | BPF_JEQ | BPF_K, 0, 0, (uint32_t)nr);
}

static void end_check(struct bpf *b, int at)
{
	patch(b, at, 0);
}

/* mmap: never PROT_EXEC (nothing maps code after loading). */
static void check_mmap(struct bpf *b)
{
	int c = begin_check(b, __NR_mmap);
	ld(b, ARG_LO(2));
	emit(b, BPF_JMP | BPF_JSET | BPF_K, 1, 0, PROT_EXEC);
	ret(b, ALLOW);
	ret(b, TRAP);
	end_check(b, c);
}

/* mprotect: PROT_EXEC only for [addr, addr + len) inside the low 4 GiB and
 * off page 0 (zvm_jail makes validated heap bytes R+X). BPF sees 32-bit
 * halves: both high words 0, addr != 0, and len <= 2^32 - addr. */
static void check_mprotect(struct bpf *b)
{
	int c = begin_check(b, __NR_mprotect);
	ld(b, ARG_LO(2));
	emit(b, BPF_JMP | BPF_JSET | BPF_K, 1, 0, PROT_EXEC);
	ret(b, ALLOW);
	ld(b, ARG_HI(0));
	int j1 = emit(b, BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 0);
	ld(b, ARG_HI(1));
	int j2 = emit(b, BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 0);
	ld(b, ARG_LO(0));
	int j3 = emit(b, BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 0);
	emit(b, BPF_ALU | BPF_NEG, 0, 0, 0); /* A = 2^32 - addr */
	emit(b, BPF_MISC | BPF_TAX, 0, 0, 0);
	ld(b, ARG_LO(1));
	int j4 = emit(b, BPF_JMP | BPF_JGT | BPF_X, 0, 0, 0);
	ret(b, ALLOW);
	patch(b, j1, 0);
	patch(b, j2, 0);
	patch(b, j3, 1);
	patch(b, j4, 1);
	ret(b, TRAP);
	end_check(b, c);
}

/* socket: AF_INET/AF_INET6 stream or datagram when inet; AF_UNIX stream
 * when unix (the Job socket). Type flags (CLOEXEC, NONBLOCK) are free. */
static void check_socket(struct bpf *b, int inet, int unix_ok)
{
	int c = begin_check(b, __NR_socket), to_inet4 = -1, to_inet6 = -1, to_unix = -1;
	ld(b, ARG_LO(0));
	if (inet) {
		to_inet4 = emit(b, BPF_JMP | BPF_JEQ | BPF_K, 0, 0, AF_INET);
		to_inet6 = emit(b, BPF_JMP | BPF_JEQ | BPF_K, 0, 0, AF_INET6);
	}
	if (unix_ok)
		to_unix = emit(b, BPF_JMP | BPF_JEQ | BPF_K, 0, 0, AF_UNIX);
	ret(b, TRAP);
	if (inet) {
		patch(b, to_inet4, 1);
		patch(b, to_inet6, 1);
		ld(b, ARG_LO(1));
		emit(b, BPF_ALU | BPF_AND | BPF_K, 0, 0, 0xf);
		emit(b, BPF_JMP | BPF_JEQ | BPF_K, 1, 0, SOCK_STREAM);
		emit(b, BPF_JMP | BPF_JEQ | BPF_K, 0, 1, SOCK_DGRAM);
		ret(b, ALLOW);
		ret(b, TRAP);
	}
	if (unix_ok) {
		patch(b, to_unix, 1);
		ld(b, ARG_LO(1));
		emit(b, BPF_ALU | BPF_AND | BPF_K, 0, 0, 0xf);
		emit(b, BPF_JMP | BPF_JEQ | BPF_K, 0, 1, SOCK_STREAM);
		ret(b, ALLOW);
		ret(b, TRAP);
	}
	end_check(b, c);
}

/* clone: only as fork() (glibc: SIGCHLD | CLONE_CHILD_SETTID |
 * CLONE_CHILD_CLEARTID): no shared memory, threads, namespaces or tracing.
 * clone3 passes its flags in memory BPF cannot read: ENOSYS, and glibc
 * falls back to clone. */
static void check_clone(struct bpf *b)
{
	const uint32_t bad = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_PIDFD |
			     CLONE_PTRACE | CLONE_VFORK | CLONE_PARENT | CLONE_THREAD | CLONE_NEWNS |
			     CLONE_SYSVSEM | CLONE_SETTLS | CLONE_UNTRACED | CLONE_NEWCGROUP |
			     CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID |
			     CLONE_NEWNET | CLONE_IO;
	int c = begin_check(b, __NR_clone);
	ld(b, ARG_HI(0));
	emit(b, BPF_JMP | BPF_JEQ | BPF_K, 0, 3, 0);
	ld(b, ARG_LO(0));
	emit(b, BPF_JMP | BPF_JSET | BPF_K, 1, 0, bad);
	ret(b, ALLOW);
	ret(b, TRAP);
	end_check(b, c);
	c = begin_check(b, __NR_clone3);
	ret(b, SECCOMP_RET_ERRNO | ENOSYS);
	end_check(b, c);
}

/* prctl: naming the process and the parent-death signal (spares), and
 * no_new_privs before stacking a filter; nothing else. */
static void check_prctl(struct bpf *b, int nnp)
{
	int c = begin_check(b, __NR_prctl);
	ld(b, ARG_LO(0));
	emit(b, BPF_JMP | BPF_JEQ | BPF_K, 3, 0, PR_SET_NAME);
	emit(b, BPF_JMP | BPF_JEQ | BPF_K, 2, 0, PR_SET_PDEATHSIG);
	emit(b, BPF_JMP | BPF_JEQ | BPF_K, 1, 0, nnp ? PR_SET_NO_NEW_PRIVS : PR_SET_NAME);
	ret(b, TRAP);
	ret(b, ALLOW);
	end_check(b, c);
}

/* ioctl: only isatty()'s (on a request's channels). */
static void check_ioctl(struct bpf *b)
{
	int c = begin_check(b, __NR_ioctl);
	ld(b, ARG_LO(1));
	emit(b, BPF_JMP | BPF_JEQ | BPF_K, 0, 1, ISATTY_IOCTL);
	ret(b, ALLOW);
	ret(b, TRAP);
	end_check(b, c);
}

/* seccomp: only adding a filter (which can only narrow this one). */
static void check_seccomp(struct bpf *b)
{
	int c = begin_check(b, __NR_seccomp);
	ld(b, ARG_LO(0));
	emit(b, BPF_JMP | BPF_JEQ | BPF_K, 0, 1, SECCOMP_SET_MODE_FILTER);
	ret(b, ALLOW);
	ret(b, TRAP);
	end_check(b, c);
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void build(struct bpf *b, enum sc_kind kind, int net)
{
	int daemon = kind == SC_DAEMON, request = kind >= SC_REQUEST;

	b->n = b->bad = b->nallow = 0;
	memset(b->seen, 0, sizeof b->seen);
	/* Any call from guest code, whatever its number: the guest lives in
	 * the low 4 GiB and the trusted runtime above it, so the call site's
	 * high word says whose it is. (It costs the kernel's cache of allowed
	 * numbers: the filter runs on each call. First, so that the kernel's
	 * making of that cache stops at the first instruction for every number.) */
	ld(b, (uint32_t)offsetof(struct seccomp_data, instruction_pointer) + 4);
	emit(b, BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 0);
	ret(b, TRAP);
	/* Only x86-64 calls: int $0x80 reaches the i386 table. */
	ld(b, (uint32_t)offsetof(struct seccomp_data, arch));
	emit(b, BPF_JMP | BPF_JEQ | BPF_K, 1, 0, AUDIT_ARCH_X86_64);
	ret(b, TRAP);
	/* The x32 table (and any number past it): the guest is x32-flavoured,
	 * and the kernel checks the bit after the filter. */
	ld(b, (uint32_t)offsetof(struct seccomp_data, nr));
	emit(b, BPF_JMP | BPF_JGE | BPF_K, 0, 1, __X32_SYSCALL_BIT);
	ret(b, TRAP);
	allow(b, base_calls, N(base_calls));
	allow(b, libc_calls, N(libc_calls));
	if (net || request)
		allow(b, net_calls, N(net_calls));
	if (request) {
		allow(b, request_calls, N(request_calls));
		allow(b, libc_request_calls, N(libc_request_calls));
	}
	if (daemon) {
		allow(b, daemon_calls, N(daemon_calls));
		allow(b, libc_daemon_calls, N(libc_daemon_calls));
	}
	check_mmap(b);
	check_mprotect(b);
	if (net || request)
		check_socket(b, 1, daemon);
	if (daemon)
		check_clone(b);
	if (request) {
		check_prctl(b, daemon);
		check_ioctl(b);
	}
	if (daemon)
		check_seccomp(b); /* each spare stacks the request filter */
	finish(b);
}

#ifdef ZVM_NO_SECCOMP
/* The bench-only runtime: the same session without the filter. */
int sc_install(enum sc_kind kind, int net)
{
	(void)kind, (void)net, (void)build;
	return 0;
}
#else
int sc_install(enum sc_kind kind, int net)
{
	static struct bpf b;
	static int nnp; /* set once; forks keep it, and stacking needs no prctl */
	struct sock_fprog prog;

	build(&b, kind, net);
	if (b.bad)
		return E2BIG;
	prog.len = (unsigned short)b.n;
	prog.filter = b.f;
	if (!nnp && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		return errno;
	nnp = 1;
	if (syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0)
		return errno;
	return 0;
}
#endif
