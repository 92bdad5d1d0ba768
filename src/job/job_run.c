/*
 * job_run.c - running the instances: units in order, at most --jobs
 * sessions at a time, but every instance of a unit (a connected group)
 * together, since they talk to each other while they run.
 *
 * A unit with network channels gets its own name service (ns.c) in a child
 * process, on an ephemeral UDP port, started before its instances. Node
 * numbers are global (1..total), and the server waits for all of them, so
 * zvm-job registers every node outside the unit itself (an empty parcel);
 * the server's timeout then counts only the unit's own instances: one that
 * never shows up makes the server give up with its number, and its peers
 * fail instead of waiting. When an instance of a unit fails, the others get
 * a short grace to end on their own (a broken connection normally ends them)
 * and are then killed; any session that outlives its Timeout by 5 s is
 * killed too. zerovm's stdout (the report) and stderr go to
 * WORKDIR/<name>.report and .zerovm; zerovm's lines about intrusions (a
 * connection to a channel that failed the handshake) go to the job's report.
 * The job has a fresh 32-byte JobSecret, in every instance's manifest.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "job.h"
#include "ns.h"

struct unit {
	int *m; int n;          /* members, instance indexes */
	int net;
	pid_t ns_pid;
	int left;               /* members not done */
};

struct runner {
	struct job *j;
	struct unit *u;
	double *kill_at;        /* per instance; 0 = none */
	int running;
};

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24), p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8), p[3] = (unsigned char)v;
}

/* Registers with the server at port the nodes of other units (unit -1:
 * every node without network channels): they will never ask. */
void register_nodes(struct job *j, int unit, const char *ip, int port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	unsigned char p[NS_HEAD] = { 0 };

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (ip && inet_pton(AF_INET, ip, &sa.sin_addr) != 1)
		job_die(2, "name service: bad address %s", ip);
	if (fd < 0)
		job_die(2, "socket: %s", strerror(errno));
	for (int i = 0; i < j->n; i++) {
		if (unit >= 0 ? j->in[i].unit == unit : j->in[i].nin + j->in[i].nout > 0)
			continue;
		put32(p, (uint32_t)j->in[i].node);
		sendto(fd, p, sizeof p, 0, (struct sockaddr *)&sa, sizeof sa);
		if (i % 64 == 63)
			usleep(1000); /* let the server drain its socket */
	}
	close(fd);
}

static pid_t start_name_service(struct job *j, int unit, int *port)
{
	*port = 0;
	int fd = ns_open(NULL, port);
	if (fd < 0)
		job_die(2, "name service: cannot open a UDP socket: %s", strerror(-fd));
	pid_t pid = fork();
	if (pid < 0)
		job_die(2, "fork: %s", strerror(errno));
	if (pid == 0) {
		char err[4096];
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		if (ns_serve(fd, j->n, j->ns_timeout_ms, 2000, err, sizeof err) == 0)
			_exit(0);
		/* Name the missing instances, not just their numbers. */
		fprintf(stderr, "zvm-job: %s", err);
		if (strstr(err, "no word from node")) {
			fputs(" (", stderr);
			const char *p = strstr(err, "node") + 4;
			for (int sep = 0;;) {
				char *end;
				long n = strtol(p, &end, 10);
				if (end == p || n < 1 || n > j->n)
					break;
				fprintf(stderr, "%s%s", sep++ ? ", " : "", j->in[n - 1].name);
				p = end;
			}
			fputs(")", stderr);
		}
		fputc('\n', stderr);
		_exit(1);
	}
	close(fd);
	register_nodes(j, unit, NULL, *port);
	return pid;
}

/* Instance i failed: its unit's others get a grace period, then are killed. */
static void fail_peers(struct runner *r, int i)
{
	struct job *j = r->j;
	struct inst *in = &j->in[i];
	struct unit *u = &r->u[in->unit];

	for (int k = 0; k < u->n; k++) {
		int m = u->m[k];
		double at = in->t_end + j->grace_ms / 1000.0;
		if (j->in[m].running && r->kill_at[m] > at) {
			r->kill_at[m] = at;
			snprintf(j->in[m].why, sizeof j->in[m].why, "killed by zvm-job: peer %s failed",
				 in->name);
		}
	}
}

static void spawn(struct runner *r, int i)
{
	struct job *j = r->j;
	struct inst *in = &j->in[i];
	struct spec_group *g = &j->spec.groups[in->group];

	in->t_start = job_now();
	/* posix_spawn: no copy of this process's page tables per session. */
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t none;
	pid_t pid;
	char *argv[] = { "zerovm", "-P", in->manifest, NULL };
	sigemptyset(&none);
	if (posix_spawn_file_actions_init(&fa) || posix_spawnattr_init(&at) ||
	    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0) ||
	    posix_spawn_file_actions_addopen(&fa, 1, in->report_path, O_WRONLY | O_CREAT | O_TRUNC, 0644) ||
	    posix_spawn_file_actions_addopen(&fa, 2, in->err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644) ||
	    posix_spawnattr_setsigmask(&at, &none) ||
	    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK))
		job_die(2, "posix_spawn setup: out of memory");
	int rc = posix_spawn(&pid, j->zerovm, &fa, &at, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	if (rc != 0) {
		/* Like a session that failed at once: the report names why. */
		in->t_end = in->t_start;
		in->done = in->failed = 1;
		r->u[in->unit].left--;
		snprintf(in->why, sizeof in->why, "cannot run %s: %s", j->zerovm, strerror(rc));
		fail_peers(r, i);
		return;
	}
	in->pid = pid;
	in->running = 1;
	r->running++;
	r->kill_at[i] = in->t_start + (g->timeout ? g->timeout : j->timeout) + 5;
}

/* zerovm's "intrusion:" lines on its stderr: how many, and the first. */
static void read_intrusions(struct inst *in)
{
	FILE *f = fopen(in->err_path, "r");
	char line[sizeof in->intrusion];
	in->intrusions = 0;
	in->intrusion[0] = 0;
	if (!f)
		return;
	while (fgets(line, sizeof line, f))
		if (!strncmp(line, "zerovm: intrusion: ", 19) && !in->intrusions++)
			snprintf(in->intrusion, sizeof in->intrusion, "%s", line + 19);
	in->intrusion[strcspn(in->intrusion, "\n")] = 0;
	fclose(f);
}

static void first_line(const char *path, char *out, size_t n)
{
	FILE *f = fopen(path, "r");
	out[0] = 0;
	if (f) {
		if (fgets(out, (int)n, f))
			out[strcspn(out, "\n")] = 0;
		fclose(f);
	}
}

static void finish(struct runner *r, int i, int st)
{
	struct job *j = r->j;
	struct inst *in = &j->in[i];
	struct unit *u = &r->u[in->unit];

	in->t_end = job_now();
	in->running = 0;
	in->done = 1;
	r->running--;
	u->left--;
	in->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	report_read(in->report_path, &in->rep);
	read_intrusions(in);
	if (in->killed) {
		in->failed = 1;
	} else if (!in->rep.have) {
		char line[300];
		first_line(in->err_path, line, sizeof line);
		in->failed = 1;
		snprintf(in->why, sizeof in->why, "no report (zerovm %s %d)%s%s",
			 WIFEXITED(st) ? "exit status" : "killed by signal",
			 WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st), line[0] ? ": " : "", line);
	} else if (strcmp(in->rep.state, "ok")) {
		in->failed = 1;
		snprintf(in->why, sizeof in->why, "%s", in->rep.state);
	} else if (in->status) {
		in->failed = 1;
		snprintf(in->why, sizeof in->why, "zerovm exit status %d", in->status);
	} else if (in->rep.user_code) {
		in->failed = 1;
		snprintf(in->why, sizeof in->why, "exit code %d", in->rep.user_code);
	}
	if (!in->failed) {
		in->why[0] = 0;
		if (u->left == 0)
			cache_store(j, u->m, u->n);
		return;
	}
	fail_peers(r, i);
}

static void start_unit(struct runner *r, int ui)
{
	struct job *j = r->j;
	struct unit *u = &r->u[ui];
	char err[4096], ns[80];
	int port = 0;

	if (cache_restore(j, u->m, u->n)) {
		for (int k = 0; k < u->n; k++) {
			struct inst *in = &j->in[u->m[k]];
			in->t_start = in->t_end = job_now();
			in->done = 1;
		}
		u->left = 0;
		return;
	}
	/* --node: the job's name service is the proxy's (--name-server) */
	if (u->net && !j->ns_addr)
		u->ns_pid = start_name_service(j, ui, &port);
	snprintf(ns, sizeof ns, "%s", j->ns_addr ? j->ns_addr : "");
	if (port)
		snprintf(ns, sizeof ns, "127.0.0.1:%d", port);
	/* Every manifest first, then the sessions in a tight loop: a unit's
	 * name-service barrier waits for the last one to start. */
	for (int k = 0; k < u->n; k++)
		if (wire_files(j, u->m[k], u->net ? ns : NULL, err, sizeof err) != 0)
			job_die(2, "%s", err);
	for (int k = 0; k < u->n; k++)
		spawn(r, u->m[k]);
}

static void end_name_service(struct unit *u)
{
	if (u->ns_pid > 0) {
		kill(u->ns_pid, SIGKILL);
		waitpid(u->ns_pid, NULL, 0);
		u->ns_pid = 0;
	}
}

/* Reaps every child that ended. */
static void reap(struct runner *r)
{
	struct job *j = r->j;
	pid_t pid;
	int st;

	while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
		for (int u = 0; u < j->nunits; u++) {
			if (r->u[u].ns_pid != pid)
				continue;
			r->u[u].ns_pid = 0;
			if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
				continue;
			/* It gave up: nobody still waiting for it will get an answer. */
			for (int k = 0; k < r->u[u].n; k++) {
				int m = r->u[u].m[k];
				if (j->in[m].running && !j->in[m].why[0]) {
					r->kill_at[m] = job_now() + j->grace_ms / 1000.0;
					snprintf(j->in[m].why, sizeof j->in[m].why,
						 "killed by zvm-job: the name service gave up");
				}
			}
		}
		for (int i = 0; i < j->n; i++)
			if (j->in[i].running && j->in[i].pid == pid) {
				finish(r, i, st);
				if (r->u[j->in[i].unit].left == 0)
					end_name_service(&r->u[j->in[i].unit]);
			}
	}
}

/* --node: set when the object server that started us is gone (SIGTERM
 * from PR_SET_PDEATHSIG, or from it): the session must not outlive it. */
static volatile sig_atomic_t orphaned;
static void on_term(int sig)
{
	(void)sig;
	orphaned = 1;
}

static void enforce_deadlines(struct runner *r)
{
	struct job *j = r->j;
	double now = job_now();

	if (orphaned)
		for (int i = 0; i < j->n; i++)
			if (j->in[i].running && !j->in[i].killed) {
				r->kill_at[i] = now;
				snprintf(j->in[i].why, sizeof j->in[i].why,
					 "killed by zvm-job: its caller went away");
			}

	for (int i = 0; i < j->n; i++) {
		struct inst *in = &j->in[i];
		if (!in->running || in->killed || now < r->kill_at[i])
			continue;
		if (!in->why[0])
			snprintf(in->why, sizeof in->why, "killed by zvm-job: no end %.0f s after start",
				 now - in->t_start);
		in->killed = 1;
		kill(in->pid, SIGKILL);
	}
}

int run_job(struct job *j)
{
	struct runner r = { j, NULL, NULL, 0 };
	sigset_t chld;
	int next = 0, failed = 0;

	uint8_t key[32];
	if (j->secret[0]) {
		/* given (--node: the proxy's, the same for every instance) */
	} else if (getrandom(key, sizeof key, 0) != (ssize_t)sizeof key) {
		job_die(2, "getrandom: %s", strerror(errno));
	} else {
		for (size_t k = 0; k < sizeof key; k++)
			snprintf(j->secret + 2 * k, 3, "%02x", key[k]);
		explicit_bzero(key, sizeof key);
	}
	r.u = job_alloc((size_t)j->nunits * sizeof *r.u);
	r.kill_at = job_alloc((size_t)j->n * sizeof *r.kill_at);
	for (int i = 0; i < j->n; i++) {
		struct unit *u = &r.u[j->in[i].unit];
		if (j->in[i].remote)
			continue;
		u->m = realloc(u->m, (size_t)(u->n + 1) * sizeof(int));
		if (!u->m)
			job_die(2, "out of memory");
		u->m[u->n++] = i;
		u->left++;
		u->net |= j->in[i].nin + j->in[i].nout > 0;
	}
	if (j->only >= 0) {
		struct sigaction sa = { .sa_handler = on_term };
		sigaction(SIGTERM, &sa, NULL);
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (getppid() == 1)
			orphaned = 1;
	}
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	for (;;) {
		while (next < j->nunits && (r.running == 0 || r.running + r.u[next].n <= j->jobs)) {
			if (r.u[next].n)
				start_unit(&r, next);
			next++;
		}
		if (r.running == 0 && next == j->nunits)
			break;
		struct timespec ts = { 0, 50 * 1000 * 1000 };
		sigtimedwait(&chld, NULL, &ts);
		reap(&r);
		enforce_deadlines(&r);
	}
	for (int u = 0; u < j->nunits; u++) {
		end_name_service(&r.u[u]);
		free(r.u[u].m);
	}
	for (int i = 0; i < j->n; i++)
		failed += j->in[i].failed;
	free(r.u);
	free(r.kill_at);
	return failed;
}

int run_name_service(struct job *j, const char *where, int nodes, int timeout_ms)
{
	char ip[64] = "127.0.0.1", err[4096];
	const char *colon = strrchr(where, ':'), *ps = colon ? colon + 1 : where;
	char *end;
	long port = strtol(ps, &end, 10);

	if (colon) {
		if ((size_t)(colon - where) >= sizeof ip || colon == where)
			job_die(2, "--name-service: bad address %s", where);
		snprintf(ip, sizeof ip, "%.*s", (int)(colon - where), where);
	}
	if (!*ps || *end || port < 0 || port > 65535)
		job_die(2, "--name-service: bad port in %s", where);
	if (nodes < 1)
		job_die(2, "--name-service: NODES must be at least 1");
	int p = (int)port, fd = ns_open(ip, &p);
	if (fd < 0)
		job_die(2, "name service: cannot listen on udp:%s:%ld: %s", ip, port, strerror(-fd));
	fprintf(stderr, "zvm-job: name service on udp:%s:%d for %d nodes\n", ip, p, nodes);
	printf("%d\n", p);
	fflush(stdout);
	if (j) {
		/* A child registers the nodes that never ask, while this process
		 * reads (a full socket buffer would drop them). */
		pid_t pid = fork();
		if (pid < 0)
			job_die(2, "fork: %s", strerror(errno));
		if (pid == 0) {
			register_nodes(j, -1, ip, p);
			_exit(0);
		}
	}
	if (ns_serve(fd, nodes, timeout_ms, 2000, err, sizeof err) != 0) {
		fprintf(stderr, "zvm-job: %s\n", err);
		return 1;
	}
	fprintf(stderr, "zvm-job: name service: all %d nodes answered\n", nodes);
	return 0;
}
