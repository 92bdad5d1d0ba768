/*
 * cpubench.c - execution overhead: the same benchmark built several ways
 * (natively, for zerovm, for wasm...), run alternately in one invocation.
 *
 *   cpubench REPS STDIN WORKDIR -- CMD_A... -- CMD_B... [-- CMD_C...]
 *
 * Each round runs A, B, C... once each, in that order, REPS rounds. Every run
 * is posix_spawn + waitpid with stdin from STDIN, stdout and stderr in
 * WORKDIR/out.I and WORKDIR/err.I, timed with CLOCK_MONOTONIC (the whole
 * process: for zerovm, the whole session). A run must exit with status 0 and
 * print a line starting "checksum ", the same line in every run of every
 * command; anything else is an error (exit status 1, the reason on stderr).
 * Prints, for a shell to read:
 *   checksum <the line's rest>
 *   time I MEDIAN_S MIN_S          (one line per command, I from 0)
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

enum { MAXCMD = 8, LINE = 256 };

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void show_file(const char *path)
{
	char buf[512];
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = 0;
	fclose(f);
	fprintf(stderr, "cpubench: %s: %s\n", path, buf);
}

/* The checksum line of a run's stdout, into line; 0 when there is none. */
static int checksum_of(const char *path, char *line)
{
	FILE *f = fopen(path, "r");
	int found = 0;
	if (!f)
		return 0;
	while (!found && fgets(line, LINE, f))
		found = !strncmp(line, "checksum ", 9);
	fclose(f);
	if (found)
		line[strcspn(line, "\n")] = 0;
	return found;
}

static double run(char **argv, const char *in, const char *out, const char *err)
{
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int st;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, in, O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	posix_spawn_file_actions_addopen(&fa, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	double t0 = now();
	if (posix_spawn(&pid, argv[0], &fa, 0, argv, environ) != 0) {
		perror(argv[0]);
		exit(1);
	}
	if (waitpid(pid, &st, 0) < 0) {
		perror("waitpid");
		exit(1);
	}
	double t = now() - t0;
	posix_spawn_file_actions_destroy(&fa);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		fprintf(stderr, "cpubench: %s failed (status 0x%x)\n", argv[0], st);
		show_file(out);
		show_file(err);
		exit(1);
	}
	return t;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	char **cmd[MAXCMD];
	int ncmd = 0;

	if (argc < 6 || strcmp(argv[4], "--")) {
		fprintf(stderr, "usage: cpubench REPS STDIN WORKDIR -- CMD_A... -- CMD_B... [-- ...]\n");
		return 2;
	}
	int reps = atoi(argv[1]);
	const char *in = argv[2], *dir = argv[3];
	for (int i = 4; i < argc; i++)
		if (!strcmp(argv[i], "--")) {
			argv[i] = 0;
			if (ncmd == MAXCMD) {
				fprintf(stderr, "cpubench: at most %d commands\n", MAXCMD);
				return 2;
			}
			cmd[ncmd++] = argv + i + 1;
		}
	for (int c = 0; c < ncmd; c++)
		if (!cmd[c][0]) {
			fprintf(stderr, "cpubench: an empty command\n");
			return 2;
		}
	if (reps < 1 || ncmd < 1) {
		fprintf(stderr, "cpubench: need REPS >= 1 and a command\n");
		return 2;
	}
	double *t = malloc(sizeof *t * (size_t)(reps * ncmd));
	char want[LINE] = "", got[LINE];
	if (!t)
		return 1;
	for (int r = 0; r < reps; r++)
		for (int c = 0; c < ncmd; c++) {
			char out[4096], err[4096];
			snprintf(out, sizeof out, "%s/out.%d", dir, c);
			snprintf(err, sizeof err, "%s/err.%d", dir, c);
			t[c * reps + r] = run(cmd[c], in, out, err);
			if (!checksum_of(out, got)) {
				fprintf(stderr, "cpubench: %s printed no checksum line\n", cmd[c][0]);
				show_file(out);
				show_file(err);
				return 1;
			}
			if (!want[0]) {
				strcpy(want, got);
			} else if (strcmp(want, got)) {
				fprintf(stderr, "cpubench: checksum mismatch: %s gave '%s', %s gave '%s'\n",
					cmd[0][0], want, cmd[c][0], got);
				return 1;
			}
		}
	printf("%s\n", want);
	for (int c = 0; c < ncmd; c++) {
		double *tc = t + c * reps;
		qsort(tc, (size_t)reps, sizeof *tc, cmp);
		printf("time %d %.6f %.6f\n", c, tc[reps / 2], tc[0]);
	}
	return 0;
}
