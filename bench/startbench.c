/*
 * startbench.c - start times: fork+exec of a native static hello (the
 * baseline) against ways of starting a sandboxed program, interleaved in one
 * run.
 *
 *   startbench RUNS OUT.json -- BASELINE_CMD... [-- KEY GOAL LABEL WHAT...]...
 *
 * WHAT is a command (CMD ARGS...), timed as posix_spawn + waitpid with stdout
 * and stderr on /dev/null and a zero exit status required; or a daemon
 * request (@SOCKET MANIFEST), timed from opening the request's channel files
 * (the client's work: it sends them as descriptors, src/lib/daemon_client.c)
 * until the whole report has arrived (a request sends the manifest's length
 * as "0x%06x" and its text; the report comes back with the same framing, and
 * its line 6, the session state, must be "ok"). Each round runs the baseline
 * and then every variant once; 10 rounds first warm the page cache. Before
 * each run, a pause (SETTLE_MS, untimed): what a server does after its
 * request (a daemon forks and prepares its next spare) must not land in
 * the next variant's time, which would favour whichever follows it. Prints
 * medians and means and each variant's ratio median/baseline median, with
 * "met"/"missed" for a GOAL (a number; "-" for none), and writes
 * start_native_us, KEY_us and KEY_ratio (and KEY_goal_met) to OUT.json.
 */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lib/daemon_client.h"

extern char **environ;

enum { MAXVAR = 16, SETTLE_MS = 20 };

struct variant {
	const char *key, *label;
	double goal;          /* 0: none */
	char **argv;          /* a command, or 0 for a request */
	const char *sock;     /* a request: the socket and the request bytes */
	char *req;
	size_t reqlen;
	double *t, sum;
};

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static double spawn(char **argv, posix_spawn_file_actions_t *fa)
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

/* One daemon request; the report must say the session ended "ok". */
static double request(const struct variant *v)
{
	static char rep[65536];
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	size_t n = 0;
	ssize_t k;

	char why[512];
	int *fds;

	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", v->sock);
	double t0 = now();
	int nfds = dc_open(v->req + 8, v->reqlen - 8, &fds, why, sizeof why);
	if (nfds < 0) {
		fprintf(stderr, "startbench: %s: %s\n", v->key, why);
		exit(1);
	}
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
		perror(v->sock);
		exit(1);
	}
	if (dc_send(fd, v->req + 8, v->reqlen - 8, fds, nfds) != 0) {
		perror("startbench: request");
		exit(1);
	}
	dc_close(fds, nfds);
	shutdown(fd, SHUT_WR);
	/* Received means the whole framed report, not the connection's end:
	 * the session tears its address space down after it has reported. */
	long len = -1; /* the report's, once its header is in */
	while ((len < 0 || n < 8 + (size_t)len) &&
	       (k = read(fd, rep + n, sizeof rep - 1 - n)) > 0) {
		n += (size_t)k;
		if (len < 0 && n >= 8) {
			char head[9] = "";
			memcpy(head, rep, 8);
			unsigned long l = strtoul(head, 0, 16);
			len = l < sizeof rep - 9 ? (long)l : (long)sizeof rep; /* too long: bad */
		}
	}
	double t = now() - t0;
	close(fd);
	rep[n] = 0;
	const char *line = rep + (n >= 8 ? 8 : n);
	for (int i = 1; i < 6 && line; i++)
		if ((line = strchr(line, '\n')))
			line++;
	if (len < 0 || n != 8 + (size_t)len || !line || strncmp(line, "ok\n", 3)) {
		fprintf(stderr, "startbench: %s: a bad report: %s\n", v->key, rep);
		exit(1);
	}
	return t;
}

static double run(struct variant *v, posix_spawn_file_actions_t *fa)
{
	struct timespec settle = { 0, SETTLE_MS * 1000000L };
	nanosleep(&settle, 0);
	return v->argv ? spawn(v->argv, fa) : request(v);
}

static void load_request(struct variant *v, const char *manifest)
{
	FILE *f = fopen(manifest, "rb");
	char *text = malloc(1 << 20);
	size_t n;
	if (!f || !text) {
		perror(manifest);
		exit(1);
	}
	n = fread(text, 1, (1 << 20) - 1, f);
	fclose(f);
	v->req = malloc(n + 9);
	if (!v->req)
		exit(1);
	snprintf(v->req, 9, "0x%06zx", n);
	memcpy(v->req + 8, text, n);
	v->reqlen = n + 8;
	free(text);
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	struct variant var[MAXVAR];
	char **part[MAXVAR + 1];
	int nparts = 0;

	if (argc < 5 || strcmp(argv[3], "--")) {
		fprintf(stderr, "usage: startbench RUNS OUT.json -- BASELINE... [-- KEY GOAL LABEL WHAT...]...\n");
		return 2;
	}
	int runs = atoi(argv[1]);
	for (int i = 3; i < argc; i++)
		if (!strcmp(argv[i], "--")) {
			argv[i] = 0;
			if (nparts == MAXVAR + 1) {
				fprintf(stderr, "startbench: too many variants\n");
				return 2;
			}
			part[nparts++] = argv + i + 1;
		}
	memset(var, 0, sizeof var);
	var[0] = (struct variant){ .key = "native", .label = "native static hello (fork+exec)", .argv = part[0] };
	for (int p = 1; p < nparts; p++) {
		char **a = part[p];
		struct variant *v = &var[p];
		int n = 0;
		while (a[n])
			n++;
		if (n < 4 || (a[3][0] == '@' && n != 5)) {
			fprintf(stderr, "startbench: a variant is KEY GOAL LABEL CMD... or KEY GOAL LABEL @SOCKET MANIFEST\n");
			return 2;
		}
		v->key = a[0];
		v->goal = strcmp(a[1], "-") ? atof(a[1]) : 0;
		v->label = a[2];
		if (a[3][0] == '@') {
			v->sock = a[3] + 1;
			load_request(v, a[4]);
		} else {
			v->argv = a + 3;
		}
	}
	if (runs < 1 || !part[0][0]) {
		fprintf(stderr, "startbench: need RUNS >= 1 and a baseline command\n");
		return 2;
	}
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	for (int p = 0; p < nparts; p++)
		if (!(var[p].t = malloc(sizeof *var[p].t * (size_t)runs)))
			return 1;
	for (int i = 0; i < 10; i++) /* warm the page cache */
		for (int p = 0; p < nparts; p++)
			run(&var[p], &fa);
	for (int i = 0; i < runs; i++)
		for (int p = 0; p < nparts; p++)
			var[p].sum += var[p].t[i] = run(&var[p], &fa);
	FILE *f = fopen(argv[2], "w");
	if (!f) {
		perror(argv[2]);
		return 1;
	}
	double base = 0;
	fprintf(f, "{\n  \"start_runs\": %d", runs);
	for (int p = 0; p < nparts; p++) {
		struct variant *v = &var[p];
		qsort(v->t, (size_t)runs, sizeof *v->t, cmp);
		double med = v->t[runs / 2];
		if (p == 0)
			base = med;
		printf("%-40s %9.1f us median %9.1f us mean", v->label, med * 1e6, v->sum / runs * 1e6);
		fprintf(f, ",\n  \"%s_us\": %.1f", p ? v->key : "start_native", med * 1e6);
		if (p) {
			double r = med / base;
			printf("  %7.3fx", r);
			fprintf(f, ",\n  \"%s_ratio\": %.4f", v->key, r);
			if (v->goal > 0) {
				printf(" (goal <= %g: %s)", v->goal, r <= v->goal ? "met" : "missed");
				fprintf(f, ",\n  \"%s_goal_met\": %s", v->key, r <= v->goal ? "true" : "false");
			}
		}
		printf("\n");
	}
	fprintf(f, "\n}\n");
	printf("%d runs each, interleaved; ratios are to the native fork+exec median\n", runs);
	return fclose(f) != 0;
}
