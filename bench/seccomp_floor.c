/*
 * seccomp_floor.c - the floor under any system call filter on this kernel:
 *
 *   seccomp-floor on|off
 *
 * "on" installs the smallest filter there is (one instruction: allow) and
 * exits; "off" only exits. bench/seccomp.sh times both as fork+exec: the
 * difference is what installing a filter costs a process here, whatever the
 * filter says (the kernel compiles every filter, and with the BPF JIT on
 * that means allocating and mapping executable memory).
 */
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 2 || (strcmp(argv[1], "on") && strcmp(argv[1], "off")))
		return 2;
	if (!strcmp(argv[1], "on")) {
		struct sock_filter allow = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
		struct sock_fprog prog = { 1, &allow };
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
		    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0)
			return 1;
	}
	return 0;
}
