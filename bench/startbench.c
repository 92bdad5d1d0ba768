/*
 * startbench.c - cold start: zerovm running a freestanding hello against
 * fork+exec of a native static hello, interleaved in one run.
 *
 *   startbench RUNS OUT.json -- CMD_A... -- CMD_B...
 *
 * Each run is posix_spawn + waitpid with stdout and stderr on /dev/null,
 * timed with CLOCK_MONOTONIC. A and B alternate so that machine noise hits
 * both alike. Prints medians, means and the ratio B/A (A is the baseline).
 */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec * 1e-9;
}

static double run(char **argv, posix_spawn_file_actions_t *fa)
{
	pid_t pid;
	int st;
	double t0 = now();
	if (posix_spawn(&pid, argv[0], fa, 0, argv, environ) != 0) {
		perror(argv[0]);
		exit(1);
	}
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		fprintf(stderr, "startbench: %s failed (status %d)\n", argv[0], st);
		exit(1);
	}
	return now() - t0;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	if (argc < 6 || strcmp(argv[3], "--")) {
		fprintf(stderr, "usage: startbench RUNS OUT.json -- CMD_A... -- CMD_B...\n");
		return 2;
	}
	int runs = atoi(argv[1]);
	char **a = argv + 4, **b = 0;
	for (int i = 4; i < argc; i++)
		if (!strcmp(argv[i], "--")) {
			argv[i] = 0;
			b = argv + i + 1;
		}
	if (runs < 1 || !b || !*b) {
		fprintf(stderr, "startbench: need RUNS >= 1 and two commands\n");
		return 2;
	}
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	double *ta = malloc(sizeof *ta * runs), *tb = malloc(sizeof *tb * runs);
	double sa = 0, sb = 0;
	for (int i = 0; i < 10; i++) { /* warm the page cache */
		run(a, &fa);
		run(b, &fa);
	}
	for (int i = 0; i < runs; i++) {
		sa += ta[i] = run(a, &fa);
		sb += tb[i] = run(b, &fa);
	}
	qsort(ta, runs, sizeof *ta, cmp);
	qsort(tb, runs, sizeof *tb, cmp);
	double ma = ta[runs / 2], mb = tb[runs / 2];
	printf("%-36s %10.1f us median %10.1f us mean\n", "native static hello (fork+exec)", ma * 1e6, sa / runs * 1e6);
	printf("%-36s %10.1f us median %10.1f us mean\n", "zerovm freestanding hello", mb * 1e6, sb / runs * 1e6);
	printf("cold_start_ratio %.2f (goal <= 1.5: %s), %d runs each, interleaved\n", mb / ma,
	       mb / ma <= 1.5 ? "met" : "missed", runs);
	FILE *f = fopen(argv[2], "w");
	if (!f) {
		perror(argv[2]);
		return 1;
	}
	fprintf(f, "{\n  \"cold_start_native_us\": %.1f,\n  \"cold_start_zerovm_us\": %.1f,\n"
		   "  \"cold_start_ratio\": %.3f,\n  \"cold_start_goal_met\": %s,\n  \"cold_start_runs\": %d\n}\n",
		ma * 1e6, mb * 1e6, mb / ma, mb / ma <= 1.5 ? "true" : "false", runs);
	return fclose(f) != 0;
}
