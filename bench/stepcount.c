/*
 * stepcount.c - instructions, counted exactly, of a sandboxed run: where
 * start-up time goes (valgrind cannot run zerovm: its own mappings sit in
 * the low 4 GiB the sandbox must own, so this single-steps under ptrace).
 *
 *   stepcount MAIN_ADDR CMD [ARGS...]
 *
 * Runs CMD (zerovm or zvsh on a nexe) at full speed up to the system call
 * filter's installation (seccomp(2), the last thing before the guest; what
 * comes before is ordinary host code that perf or callgrind-free timing
 * covers), then single-stepped until the guest reaches MAIN_ADDR (its
 * main), where it is killed (what main does is not start-up), and prints, as "KEY COUNT" lines, the
 * user-mode instructions of the start-up in two parts: the guest's (ZRT's
 * and libc's start-up) and the trusted code's in between (the entry, the
 * traps ZRT makes). A system call counts as the one instruction that makes
 * it. With
 * STEPCOUNT_TRACE=FILE, every guest address before main goes to FILE, one
 * a line in hex, for a per-function profile (bench/stepprof.py).
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#define GUEST_END (UINT64_C(1) << 32)

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: stepcount MAIN_ADDR CMD [ARGS...]\n");
		return 2;
	}
	uint64_t main_addr = strtoull(argv[1], 0, 0);
	pid_t pid = fork();
	if (pid < 0)
		return perror("fork"), 1;
	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, 0, 0);
		execv(argv[2], argv + 2);
		perror(argv[2]);
		_exit(127);
	}
	int st;
	if (waitpid(pid, &st, 0) < 0 || !WIFSTOPPED(st)) /* the exec's SIGTRAP */
		return fprintf(stderr, "stepcount: %s did not start\n", argv[2]), 1;
	ptrace(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_EXITKILL | PTRACE_O_TRACESYSGOOD);
	/* To the exit of seccomp(2): entry and exit stops alternate. */
	for (int in = 0;;) {
		struct user_regs_struct r;
		if (ptrace(PTRACE_SYSCALL, pid, 0, 0) != 0 || waitpid(pid, &st, 0) < 0 || !WIFSTOPPED(st))
			return fprintf(stderr, "stepcount: %s ended before its filter\n", argv[2]), 1;
		if (WSTOPSIG(st) != (SIGTRAP | 0x80))
			continue;
		in = !in;
		if (!in && ptrace(PTRACE_GETREGS, pid, 0, &r) == 0 && r.orig_rax == SYS_seccomp)
			break;
	}
	unsigned long long n[2] = { 0 }; /* guest, trusted */
	const char *tpath = getenv("STEPCOUNT_TRACE");
	FILE *trace = tpath ? fopen(tpath, "w") : 0;
	int sig = 0, at_main = 0;
	for (;;) {
		struct user_regs_struct r;
		if (ptrace(PTRACE_GETREGS, pid, 0, &r) == 0) {
			int guest = r.rip < GUEST_END;
			if (guest && r.rip == main_addr) {
				at_main = 1;
				kill(pid, SIGKILL);
				waitpid(pid, &st, 0);
				break;
			}
			n[guest ? 0 : 1]++;
			if (trace && guest)
				fprintf(trace, "%llx\n", (unsigned long long)r.rip);
		}
		if (ptrace(PTRACE_SINGLESTEP, pid, 0, sig) != 0)
			break;
		if (waitpid(pid, &st, 0) < 0)
			break;
		if (WIFEXITED(st) || WIFSIGNALED(st))
			break;
		/* Pass a signal on (the session's own SIGALRM, SIGSEGV...). */
		sig = WSTOPSIG(st) == SIGTRAP ? 0 : WSTOPSIG(st);
	}
	if (trace)
		fclose(trace);
	if (!at_main)
		return fprintf(stderr, "stepcount: %s never reached main\n", argv[2]), 1;
	printf("startup_guest_instructions %llu\nstartup_trusted_instructions %llu\n", n[0], n[1]);
	return 0;
}
