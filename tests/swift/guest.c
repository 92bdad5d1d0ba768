/*
 * guest.c - the Swift suite's program, one per mode (argv[1]):
 *   cat        stdin to stdout
 *   burn N cat N million empty loop turns first, then cat
 *   hello      "hello" and a newline
 *   write N    N bytes of 'x' to stdout
 *   spin       forever (a timeout)
 *   exit N     exit status N, after "exit N" on stdout
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	const char *m = argc > 1 ? argv[1] : "hello";
	char buf[65536];
	size_t n;

	if (!strcmp(m, "burn") && argc > 2) {
		for (volatile long long i = atoll(argv[2]) * 1000000; i > 0; i--)
			;
		m = "cat";
	}
	if (!strcmp(m, "cat")) {
		while ((n = fread(buf, 1, sizeof buf, stdin)) > 0)
			fwrite(buf, 1, n, stdout);
	} else if (!strcmp(m, "write") && argc > 2) {
		long long left = atoll(argv[2]);
		memset(buf, 'x', sizeof buf);
		for (; left > 0; left -= (long long)n) {
			n = left < (long long)sizeof buf ? (size_t)left : sizeof buf;
			if (fwrite(buf, 1, n, stdout) != n)
				return 1;
		}
	} else if (!strcmp(m, "spin")) {
		for (volatile unsigned long i = 0;; i++)
			;
	} else if (!strcmp(m, "exit") && argc > 2) {
		printf("exit %s\n", argv[2]);
		return atoi(argv[2]);
	} else {
		puts("hello");
	}
	return fflush(stdout) != 0;
}
