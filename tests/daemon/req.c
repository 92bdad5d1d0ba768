/*
 * req [WORD...] - a daemon-mode guest (built with [precache] precache=yes in
 * its nvram, so ZRT forks before main and each request runs main anew).
 * Prints its argv, the environment variable REQ, the size and first line of
 * /dev/input, and stdin; then acts on its first argument:
 *   exit N   returns N      crash   dereferences NULL      spin   loops
 *   wrman    writes into the user manifest (read-only: must crash)
 *   touch K  allocates K KiB, says whether they are zero, writes every page
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zvm.h>

static int loaded = 42; /* set before the fork: every request sees it */

int main(int argc, char **argv)
{
	char line[256];
	struct stat st;
	const char *req = getenv("REQ");

	for (int i = 0; i < argc; i++)
		printf("argv[%d]=%s\n", i, argv[i]);
	printf("REQ=%s loaded=%d\n", req ? req : "(unset)", loaded++);
	FILE *f = fopen("/dev/input", "r");
	if (f && fstat(fileno(f), &st) == 0 && fgets(line, sizeof line, f))
		printf("input: %lld bytes: %s", (long long)st.st_size, line);
	if (f)
		fclose(f);
	while (fgets(line, sizeof line, stdin))
		printf("stdin: %s", line);
	if (argc > 2 && !strcmp(argv[1], "exit"))
		return atoi(argv[2]);
	if (argc > 1 && !strcmp(argv[1], "crash")) {
		fflush(stdout);
		*(volatile int *)16 = 1;
	}
	if (argc > 1 && !strcmp(argv[1], "wrman")) {
		fflush(stdout);
		*(volatile int32_t *)&MANIFEST->channels_count = 0;
	}
	if (argc > 2 && !strcmp(argv[1], "touch")) {
		size_t n = (size_t)atol(argv[2]) << 10, dirty = 0;
		unsigned char *p = malloc(n);
		for (size_t i = 0; p && i < n; i++)
			dirty += p[i] != 0;
		for (size_t i = 0; p && i < n; i += 4096)
			p[i] = 1;
		printf("touched %zu KiB: %s\n", n >> 10, !p ? "no memory" : dirty ? "not zero" : "zero");
	}
	if (argc > 1 && !strcmp(argv[1], "fork")) {
		/* a request session is no daemon: each zvm_fork is a no-op */
		int r = 0;
		for (int i = 0; i < 100; i++)
			r |= zvm_fork();
		printf("forks: %d\n", r);
	}
	if (argc > 1 && !strcmp(argv[1], "spin"))
		for (;;)
			;
	return 0;
}
