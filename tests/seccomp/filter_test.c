/*
 * filter_test.c - the filter's number and argument checks (seccomp.c), from
 * trusted code: this program is a PIE above 4 GiB, as zerovm is. Each case
 * forks a child that installs a filter of one kind and makes one call; the
 * child exits 1 from its SIGSYS handler when the filter trapped the call, 0
 * when the call returned, 2 when the call returned -ENOSYS (clone3).
 * Prints "PASS seccomp/filter/KIND/CASE" or "FAIL ...".
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runtime/seccomp.h"

enum { ALLOWED = 0, TRAPPED = 1, NOSYS = 2, FAULTED = 3 };

static void on_sys(int sig, siginfo_t *si, void *uc)
{
	(void)sig, (void)si, (void)uc;
	_exit(TRAPPED);
}

static void *high_page, *low_page;

static long do_case(const char *c)
{
	if (!strcmp(c, "getpid"))
		return syscall(__NR_getpid);
	if (!strcmp(c, "execve"))
		return syscall(__NR_execve, "/bin/true", 0, 0);
	if (!strcmp(c, "ptrace"))
		return syscall(__NR_ptrace, 0, 0, 0, 0);
	if (!strcmp(c, "process_vm_readv"))
		return syscall(__NR_process_vm_readv, 1, 0, 0, 0, 0, 0);
	if (!strcmp(c, "open_by_handle_at"))
		return syscall(__NR_open_by_handle_at, -1, 0, 0);
	if (!strcmp(c, "x32_getpid"))
		return syscall(0x40000000 | 39);
	if (!strcmp(c, "int80_getpid")) {
		long r;
		__asm__ volatile("int $0x80" : "=a"(r) : "a"(20) : "memory");
		return r;
	}
	if (!strcmp(c, "socket_inet_stream"))
		return syscall(__NR_socket, AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (!strcmp(c, "socket_inet6_dgram"))
		return syscall(__NR_socket, AF_INET6, SOCK_DGRAM, 0);
	if (!strcmp(c, "socket_inet_raw"))
		return syscall(__NR_socket, AF_INET, SOCK_RAW, 1);
	if (!strcmp(c, "socket_unix"))
		return syscall(__NR_socket, AF_UNIX, SOCK_STREAM, 0);
	if (!strcmp(c, "socket_netlink"))
		return syscall(__NR_socket, AF_NETLINK, SOCK_RAW, 0);
	if (!strcmp(c, "mprotect_exec_high"))
		return syscall(__NR_mprotect, high_page, 4096, PROT_READ | PROT_EXEC);
	if (!strcmp(c, "mprotect_rw_high"))
		return syscall(__NR_mprotect, high_page, 4096, PROT_READ | PROT_WRITE);
	if (!strcmp(c, "mprotect_exec_low"))
		return syscall(__NR_mprotect, low_page, 4096, PROT_READ | PROT_EXEC);
	if (!strcmp(c, "mprotect_exec_across_4gib"))
		return syscall(__NR_mprotect, 0xfffff000ul, 0x2000ul, PROT_READ | PROT_EXEC);
	if (!strcmp(c, "mprotect_exec_page0"))
		return syscall(__NR_mprotect, 0ul, 4096ul, PROT_READ | PROT_EXEC);
	if (!strcmp(c, "mmap_exec"))
		return syscall(__NR_mmap, 0, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (!strcmp(c, "mmap_rw"))
		return syscall(__NR_mmap, 0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (!strcmp(c, "fork")) {
		pid_t p = fork();
		if (p == 0)
			_exit(0);
		return p;
	}
	if (!strcmp(c, "clone_thread"))
		return syscall(__NR_clone, CLONE_VM | CLONE_THREAD | CLONE_SIGHAND, 0, 0, 0, 0);
	if (!strcmp(c, "clone_newuser"))
		return syscall(__NR_clone, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0);
	if (!strcmp(c, "clone3")) {
		long r = syscall(__NR_clone3, 0, 0);
		return r < 0 && errno == ENOSYS ? -1000 : r;
	}
	if (!strcmp(c, "prctl_name"))
		return prctl(PR_SET_NAME, "sc-test");
	if (!strcmp(c, "prctl_dumpable"))
		return prctl(PR_SET_DUMPABLE, 1);
	if (!strcmp(c, "ioctl_tcgets")) {
		char t[64];
		return syscall(__NR_ioctl, 0, TCGETS, t);
	}
	if (!strcmp(c, "ioctl_tiocgwinsz")) {
		struct winsize w;
		return syscall(__NR_ioctl, 0, TIOCGWINSZ, &w);
	}
	if (!strcmp(c, "open"))
		return syscall(__NR_open, "/dev/null", O_RDONLY);
	if (!strcmp(c, "ioctl_tiocsti"))
		return syscall(__NR_ioctl, 0, TIOCSTI, "x");
	if (!strcmp(c, "openat"))
		return syscall(__NR_openat, AT_FDCWD, "/dev/null", O_RDONLY);
	if (!strcmp(c, "unlink"))
		return syscall(__NR_unlink, "/nonexistent/sc-test");
	if (!strcmp(c, "kill"))
		return syscall(__NR_kill, 1, 0);
	if (!strcmp(c, "pwrite64"))
		return syscall(__NR_pwrite64, 99, "", 0, 0);
	fprintf(stderr, "no case %s\n", c);
	_exit(99);
}

static int run(enum sc_kind kind, int net, const char *c)
{
	pid_t pid = fork();
	if (pid == 0) {
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_sigaction = on_sys;
		sa.sa_flags = SA_SIGINFO;
		sigaction(SIGSYS, &sa, 0);
		if (sc_install(kind, net) != 0)
			_exit(98);
		long r = do_case(c);
		_exit(r == -1000 ? NOSYS : ALLOWED);
	}
	int st;
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	if (WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV)
		return FAULTED;
	/* a SIGSYS while signals are blocked (musl's fork() blocks them
	 * around the call) kills instead of running the handler */
	if (WIFSIGNALED(st) && WTERMSIG(st) == SIGSYS)
		return TRAPPED;
	if (!WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

/* Does this kernel run int 0x80 at all? Without IA32 emulation
 * (CONFIG_IA32_EMULATION off, or ia32_emulation=0) it raises #GP before
 * any system call, so no filter is ever asked. */
static int has_int80(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		long r;
		__asm__ volatile("int $0x80" : "=a"(r) : "a"(20) : "memory");
		_exit(r > 0 ? 0 : 1);
	}
	int st;
	return pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

int main(void)
{
	/* want: S session, N session + net, R request, D daemon;
	 * a allowed, t trapped, n ENOSYS */
	static const struct { const char *c, *want; } cases[] = {
#ifdef __GLIBC__ /* each libc's own calls (src/runtime/seccomp.c's libc_calls) */
		{ "getpid", "aaaa" },  /* UBSan's report; the daemon */
		{ "ioctl_tcgets", "ttaa" }, /* isatty() */
		{ "ioctl_tiocgwinsz", "tttt" },
		{ "openat", "ttta" }, /* open(); a request opens nothing (its channels are descriptors) */
		{ "open", "tttt" },
#else
		{ "getpid", "ttta" },  /* the daemon */
		{ "ioctl_tcgets", "tttt" },
		{ "ioctl_tiocgwinsz", "ttaa" }, /* isatty() */
		{ "openat", "tttt" },
		{ "open", "ttta" }, /* open(); a request opens nothing */
#endif
		{ "pwrite64", "aaaa" },
		{ "execve", "tttt" },
		{ "ptrace", "tttt" },
		{ "process_vm_readv", "tttt" },
		{ "open_by_handle_at", "tttt" },
		{ "x32_getpid", "tttt" },
		{ "int80_getpid", "tttt" },
		{ "socket_inet_stream", "taaa" },
		{ "socket_inet6_dgram", "taaa" },
		{ "socket_inet_raw", "tttt" },
		{ "socket_unix", "ttta" },
		{ "socket_netlink", "tttt" },
		{ "mprotect_exec_high", "tttt" },
		{ "mprotect_rw_high", "aaaa" },
		{ "mprotect_exec_low", "aaaa" },
		{ "mprotect_exec_across_4gib", "tttt" },
		{ "mprotect_exec_page0", "tttt" },
		{ "mmap_exec", "tttt" },
		{ "mmap_rw", "aaaa" },
		{ "fork", "ttta" },
		{ "clone_thread", "tttt" },
		{ "clone_newuser", "tttt" },
		{ "clone3", "tttn" },
		{ "prctl_name", "ttaa" },
		{ "prctl_dumpable", "tttt" },
		{ "ioctl_tiocsti", "tttt" },
		{ "unlink", "ttta" },
		{ "kill", "tttt" },
	};
	static const struct { const char *name; enum sc_kind kind; int net; } kinds[] = {
		{ "session", SC_SESSION, 0 },
		{ "session+net", SC_SESSION, 1 },
		{ "request", SC_REQUEST, 1 },
		{ "daemon", SC_DAEMON, 1 },
	};
	int fail = 0;

	high_page = mmap(0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	low_page = mmap((void *)0x10000000, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (high_page == MAP_FAILED || (uintptr_t)high_page < (1ull << 32) || low_page == MAP_FAILED ||
	    (uintptr_t)low_page >= (1ull << 32) || (uintptr_t)&main < (1ull << 32)) {
		printf("FAIL seccomp/filter/setup: this test must be a PIE above 4 GiB with a page below\n");
		return 1;
	}
	int int80 = has_int80();
	if (!int80)
		printf("note: this kernel has no int 0x80 (no IA32 emulation): int80_getpid must fault\n");
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
		for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
			char w = cases[i].want[k];
			int want = w == 'a' ? ALLOWED : w == 't' ? TRAPPED : NOSYS;
			if (!int80 && !strcmp(cases[i].c, "int80_getpid"))
				want = FAULTED;
			int got = run(kinds[k].kind, kinds[k].net, cases[i].c);
			if (got == want) {
				printf("PASS seccomp/filter/%s/%s\n", kinds[k].name, cases[i].c);
			} else {
				printf("FAIL seccomp/filter/%s/%s: child ended %d, want %d (0 allowed, 1 trapped, 2 ENOSYS, 3 SIGSEGV)\n",
				       kinds[k].name, cases[i].c, got, want);
				fail = 1;
			}
		}
	return fail;
}
