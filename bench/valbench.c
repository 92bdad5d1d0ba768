/*
 * valbench.c - validator throughput next to sha256sum on the same bytes.
 *
 *   valbench [--all] CODE REPS PART.json NOTE
 *
 * Reads CODE (raw bundled code, to run at VAL_TEXT_START) into memory once,
 * times val_validate() over it REPS times, then times REPS runs of
 * `sha256sum CODE` (a whole process, start-up included, the file in the page
 * cache), and takes the median of each. Prints one table row and writes the
 * numbers to PART.json. --all validates with VAL_ALL_ERRORS (for code that is
 * not sandboxed yet: every instruction is still decoded and checked). NOTE
 * says what the code is; it goes into the table and the JSON.
 */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "validator/validator.h"

extern char **environ;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static int read_file(const char *path, uint8_t **buf, size_t *size)
{
	struct stat st;
	int fd = open(path, O_RDONLY);
	if (fd < 0 || fstat(fd, &st) < 0)
		return -1;
	*size = (size_t)st.st_size;
	*buf = malloc(*size ? *size : 1);
	if (!*buf)
		return -1;
	for (size_t got = 0; got < *size;) {
		ssize_t r = read(fd, *buf + got, *size - got);
		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	close(fd);
	return 0;
}

/* One run of `sha256sum path` with its output thrown away: seconds, or -1. */
static double time_sha256sum(const char *path)
{
	posix_spawn_file_actions_t fa;
	char *argv[] = { "sha256sum", (char *)path, NULL };
	pid_t pid;
	int status;
	double t0;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	t0 = now();
	int err = posix_spawnp(&pid, "sha256sum", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (err != 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
		return -1;
	return now() - t0;
}

static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(f, "\\u%04x", *s);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

int main(int argc, char **argv)
{
	unsigned flags = 0;
	struct val_result res;
	uint8_t *code;
	size_t size;
	double *tv, *ts, tval, tsha;
	int reps;

	if (argc > 1 && !strcmp(argv[1], "--all")) {
		flags = VAL_ALL_ERRORS;
		argc--;
		argv++;
	}
	if (argc != 5 || (reps = atoi(argv[2])) < 1) {
		fprintf(stderr, "usage: valbench [--all] CODE REPS PART.json NOTE\n");
		return 2;
	}
	if (read_file(argv[1], &code, &size) < 0 || size == 0) {
		fprintf(stderr, "valbench: cannot read %s\n", argv[1]);
		return 2;
	}
	tv = calloc((size_t)reps, sizeof *tv);
	ts = calloc((size_t)reps, sizeof *ts);
	if (!tv || !ts)
		return 2;

	/* Once to see what the validator says (and to warm up). */
	int rc = val_validate(code, size, VAL_TEXT_START, flags, NULL, NULL, &res);
	if (rc < 0) {
		fprintf(stderr, "valbench: val_validate: %s\n", res.reason);
		return 2;
	}
	for (int i = 0; i < reps; i++) {
		double t0 = now();
		val_validate(code, size, VAL_TEXT_START, flags, NULL, NULL, &res);
		tv[i] = now() - t0;
	}
	time_sha256sum(argv[1]); /* warm up */
	for (int i = 0; i < reps; i++) {
		if ((ts[i] = time_sha256sum(argv[1])) < 0) {
			fprintf(stderr, "valbench: sha256sum %s failed\n", argv[1]);
			return 2;
		}
	}
	tval = median(tv, reps);
	tsha = median(ts, reps);
	double mb = (double)size / 1e6, vmb = mb / tval, smb = mb / tsha, ratio = vmb / smb;
	const char *goal = ratio >= 1.0 ? "met" : "missed";

	printf("%-10s %12s %14s %7s  %-6s  %s\n", "bytes", "validator MB/s", "sha256sum MB/s",
	       "ratio", "goal", "code");
	printf("%-10zu %14.1f %14.1f %7.2f  %-6s  %s%s\n", size, vmb, smb, ratio, goal, argv[4],
	       rc == 0 ? "" : " (rejected)");
	if (rc != 0)
		printf("  the validator rejects this code: %zu violation(s), first at 0x%x: %s\n",
		       res.nerrors, (unsigned)res.addr, res.reason);
	printf("  medians of %d runs; sha256sum is a whole process (start-up included), "
	       "the file in the page cache\n", reps);

	FILE *f = fopen(argv[3], "w");
	if (!f) {
		fprintf(stderr, "valbench: cannot write %s\n", argv[3]);
		return 2;
	}
	fprintf(f, "{\n  \"validator_bytes\": %zu,\n  \"validator_mb_s\": %.1f,\n"
		   "  \"sha256_mb_s\": %.1f,\n  \"validator_vs_sha256\": %.3f,\n"
		   "  \"validator_goal_met\": %s,\n  \"validator_reps\": %d,\n"
		   "  \"validator_input_valid\": %s,\n  \"validator_input_errors\": %zu,\n"
		   "  \"validator_input\": ",
		size, vmb, smb, ratio, ratio >= 1.0 ? "true" : "false", reps,
		rc == 0 ? "true" : "false", rc == 0 ? (size_t)0 : res.nerrors);
	json_str(f, argv[4]);
	fprintf(f, "\n}\n");
	fclose(f);
	free(code);
	free(tv);
	free(ts);
	return 0;
}
