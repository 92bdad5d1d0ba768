/*
 * job.c - zvm-job JOB.json [--workdir DIR] [--jobs N] [--cache DIR] ...
 *         zvm-job --name-service [IP:]PORT NODES
 *         zvm-job JOB.json --account A --listing L --plan | --node N ...
 *         zvm-job --swift JOB.json
 *
 * Runs a job of connected zerovm instances on this machine (job.h has the
 * steps). Exit status: 0 when every instance ended well, 1 when one failed
 * (they are named on stderr), 2 for a bad command line or job description.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "job.h"
#include "lib/version.h"

/* On stdout for --help (exit 0), on stderr for a usage error (exit 2). */
static void usage(int code)
{
	fprintf(code ? stderr : stdout,
		"usage: zvm-job JOB.json [options]\n"
		"       zvm-job --name-service [IP:]PORT NODES [--ns-timeout MS]\n"
		"  --workdir DIR     manifests, nvrams, reports, path-less outputs\n"
		"                    (default: JOB.work in the current directory)\n"
		"  --jobs N          at most N sessions at a time (default: CPUs); a connected\n"
		"                    group always starts whole\n"
		"  --cache DIR       reuse the results of sessions already run\n"
		"  --timeout S       each session's Timeout (default 60; group key \"timeout\")\n"
		"  --ns-timeout MS   the name service waits this long for every node (default 10000)\n"
		"  --grace MS        after a failure, its peers' time to end (default 2000)\n"
		"  --json            print the JSON report on stdout (always in DIR/report.json)\n"
		"  --quiet           no text report\n"
		"  --max-read B, --max-write B  bytes per channel (default 4 GiB)\n"
		"A Swift job (swift:// paths; job_swift.c, used by swift/zvm_swift):\n"
		"  --swift           submit JOB.json to the cluster of ST_AUTH, ST_USER, ST_KEY\n"
		"  --account A       the caller's account: paths are swift:// only\n"
		"  --listing FILE    the objects of the containers the wildcards name\n"
		"  --plan            print the instances as JSON, run nothing\n"
		"  --node N          run instance N alone (the JobSecret in ZVM_JOB_SECRET)\n"
		"  --map FILE        its swift:// paths as local files (URL<TAB>PATH lines)\n"
		"  --name-server IP:PORT   the job's name service (--node)\n"
		"  --name-service [IP:]PORT  with --account: the name service of the job\n"
		"  --help, --version this text; the version\n");
	exit(code);
}

static long number(const char *opt, const char *s, long lo, long hi)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (!*s || *end || errno || v < lo || v > hi)
		job_die(2, "%s: %s is not a number in %ld..%ld", opt, s, lo, hi);
	return v;
}

/* Swift's account names: what a URL path segment may hold here. */
static int name_ok_account(const char *s)
{
	size_t n = strlen(s);
	return n > 0 && n < 256 && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
					     "0123456789_-.") == n && strcmp(s, ".") && strcmp(s, "..");
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 1 << 16, n = 0;
	char *buf;

	if (!f)
		job_die(2, "%s: %s", path, strerror(errno));
	buf = job_alloc(cap);
	for (;;) {
		size_t r = fread(buf + n, 1, cap - n, f);
		n += r;
		if (n < cap)
			break;
		if (cap >= (1u << 24))
			job_die(2, "%s: larger than 16 MiB", path);
		buf = realloc(buf, cap *= 2);
		if (!buf)
			job_die(2, "out of memory");
	}
	if (ferror(f))
		job_die(2, "%s: %s", path, strerror(errno));
	fclose(f);
	*len = n;
	return buf;
}

static void mkdirs(const char *dir)
{
	char *p = job_strdup(dir);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = 0;
		mkdir(p, 0755);
		*s = '/';
	}
	if (mkdir(p, 0755) != 0 && errno != EEXIST)
		job_die(2, "%s: %s", dir, strerror(errno));
	free(p);
}

static char *absolute_dir(const char *dir)
{
	char buf[PATH_MAX];
	mkdirs(dir);
	if (!realpath(dir, buf))
		job_die(2, "%s: %s", dir, strerror(errno));
	return job_strdup(buf);
}

/* build/bin/zerovm next to this program, unless ZVM_JOB_ZEROVM names one. */
static char *find_zerovm(void)
{
	char buf[PATH_MAX];
	const char *env = getenv("ZVM_JOB_ZEROVM");
	ssize_t n;

	if (env && *env)
		return job_strdup(env);
	n = readlink("/proc/self/exe", buf, sizeof buf - 1);
	if (n <= 0)
		return job_strdup("zerovm");
	buf[n] = 0;
	*strrchr(buf, '/') = 0;
	return job_fmt("%s/zerovm", buf);
}

static void job_free(struct job *j)
{
	for (int i = 0; i < j->n; i++) {
		struct inst *in = &j->in[i];
		for (int d = 0; d < j->spec.groups[in->group].ndevs; d++)
			free(in->paths[d]);
		for (int k = 0; k < in->nch; k++) {
			free(in->ch[k].uri);
			free(in->ch[k].alias);
		}
		free(in->paths);
		free(in->ch);
		free(in->name);
		free(in->stdout_path);
		free(in->peers_in);
		free(in->peers_out);
		free(in->manifest);
		free(in->nvram);
		free(in->report_path);
		free(in->err_path);
	}
	free(j->in);
	spec_free(&j->spec);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "workdir", required_argument, 0, 'w' }, { "jobs", required_argument, 0, 'j' },
		{ "cache", required_argument, 0, 'c' },   { "timeout", required_argument, 0, 't' },
		{ "ns-timeout", required_argument, 0, 'n' }, { "grace", required_argument, 0, 'g' },
		{ "json", no_argument, 0, 'J' },          { "quiet", no_argument, 0, 'q' },
		{ "name-service", no_argument, 0, 'N' },  { "help", no_argument, 0, 'h' },
		{ "version", no_argument, 0, 'V' },
		{ "account", required_argument, 0, 'A' }, { "listing", required_argument, 0, 'L' },
		{ "plan", no_argument, 0, 'p' },          { "node", required_argument, 0, 'o' },
		{ "map", required_argument, 0, 'm' },     { "name-server", required_argument, 0, 's' },
		{ "swift", no_argument, 0, 'S' },
		{ "max-read", required_argument, 0, 'R' }, { "max-write", required_argument, 0, 'W' },
		{ 0, 0, 0, 0 }
	};
	struct job j = { 0 };
	const char *workdir = NULL, *cache = NULL, *listing = NULL, *map = NULL;
	int json = 0, quiet = 0, ns_only = 0, plan = 0, node = 0, swift = 0, opt;
	char err[4096];

	j.t0 = job_now();
	j.jobs = (int)sysconf(_SC_NPROCESSORS_ONLN);
	j.jobs = j.jobs < 1 ? 1 : j.jobs;
	j.timeout = 60;
	j.ns_timeout_ms = 10000;
	j.grace_ms = 2000;
	j.max_read = j.max_write = JOB_BIG;
	while ((opt = getopt_long(argc, argv, "w:j:c:qh", opts, NULL)) != -1) {
		switch (opt) {
		case 'w': workdir = optarg; break;
		case 'j': j.jobs = (int)number("--jobs", optarg, 1, 100000); break;
		case 'c': cache = optarg; break;
		case 't': j.timeout = (int)number("--timeout", optarg, 1, 86400); break;
		case 'n': j.ns_timeout_ms = (int)number("--ns-timeout", optarg, 1, 86400000); break;
		case 'g': j.grace_ms = (int)number("--grace", optarg, 0, 86400000); break;
		case 'J': json = 1; break;
		case 'q': quiet = 1; break;
		case 'N': ns_only = 1; break;
		case 'A': j.account = optarg; break;
		case 'S': swift = 1; break;
		case 'L': listing = optarg; break;
		case 'p': plan = 1; break;
		case 'o': node = (int)number("--node", optarg, 1, 1 << 24); break;
		case 'm': map = optarg; break;
		case 's': j.ns_addr = optarg; break;
		case 'R': number("--max-read", optarg, 0, 1LL << 40); j.max_read = optarg; break;
		case 'W': number("--max-write", optarg, 0, 1LL << 40); j.max_write = optarg; break;
		case 'h': usage(0); break;
		case 'V': fputs(ZVM_VERSION_LINE("zvm-job"), stdout); return 0;
		default: usage(2);
		}
	}
	j.only = -1;
	if (j.account && !name_ok_account(j.account))
		job_die(2, "--account: \"%s\" is not an account name", j.account);
	if (swift && (j.account || plan || node || ns_only))
		job_die(2, "--swift: the cluster plans and runs the job (no --account, --plan, --node)");
	if ((plan || node || listing || map || j.ns_addr) && !j.account)
		job_die(2, "--plan, --node, --listing, --map and --name-server are for a Swift job: "
			   "--account is missing");
	if (ns_only && !j.account) {
		if (argc - optind != 2)
			usage(2);
		return run_name_service(NULL, argv[optind],
					(int)number("NODES", argv[optind + 1], 1, 100000),
					j.ns_timeout_ms);
	}
	if (argc - optind != 1 + ns_only)
		usage(2);
	j.path = argv[optind];

	size_t len;
	char *text = read_all(j.path, &len);
	if (swift) {
		/* checked here first: a clear message without a round trip */
		if (spec_parse_ex(text, len, &j.spec, SPEC_SWIFT, err, sizeof err) != 0)
			job_die(2, "%s: %s", j.path, err);
		spec_free(&j.spec);
		return swift_submit(j.path, text, len, json, quiet);
	}
	if (spec_parse_ex(text, len, &j.spec, j.account ? SPEC_SWIFT : 0, err, sizeof err) != 0)
		job_die(2, "%s: %s", j.path, err);
	free(text);
	if (j.account) {
		swift_resolve_accounts(&j);
		if (listing && swift_load_listing(&j, listing, err, sizeof err) != 0)
			job_die(2, "--listing: %s", err);
		if (map && swift_load_map(&j, map, err, sizeof err) != 0)
			job_die(2, "--map: %s", err);
		if (swift_needs_listings(&j)) {
			if (plan)
				return 0;
			job_die(2, "%s: a wildcard's container is not in --listing", j.path);
		}
	}
	if (plan || ns_only) {
		if (expand_job(&j, err, sizeof err) != 0)
			job_die(2, "%s: %s", j.path, err);
		if (plan) {
			swift_print_plan(&j);
			return 0;
		}
		return run_name_service(&j, argv[optind + 1], j.n, j.ns_timeout_ms);
	}
	if (!workdir) {
		const char *b = strrchr(j.path, '/');
		b = b ? b + 1 : j.path;
		size_t n = strlen(b);
		if (n > 5 && !strcmp(b + n - 5, ".json"))
			n -= 5;
		char *w = job_fmt("%.*s.work", (int)n, b);
		j.workdir = absolute_dir(w);
		free(w);
	} else {
		j.workdir = absolute_dir(workdir);
	}
	j.cache_dir = cache ? absolute_dir(cache) : NULL;
	j.zerovm = find_zerovm();
	if (expand_job(&j, err, sizeof err) != 0)
		job_die(2, "%s: %s", j.path, err);
	if (j.account) {
		/* a Swift job runs here one instance at a time (--node) */
		if (!node || node > j.n)
			job_die(2, "%s: --node %d: the job has %d instances", j.path, node, j.n);
		j.only = node - 1;
		for (int i = 0; i < j.n; i++)
			j.in[i].remote = i != j.only;
		if (swift_localize(&j, j.only, err, sizeof err) != 0)
			job_die(2, "%s: %s", j.path, err);
		struct inst *in = &j.in[j.only];
		const char *sec = getenv("ZVM_JOB_SECRET");
		if (in->nin + in->nout) {
			if (!j.ns_addr)
				job_die(2, "%s: instance %s has network channels: --name-server is missing",
					j.path, in->name);
			if (!sec || strlen(sec) != 64 || strspn(sec, "0123456789abcdef") != 64)
				job_die(2, "ZVM_JOB_SECRET: not 64 lower-case hex digits");
		}
		snprintf(j.secret, sizeof j.secret, "%s", sec && strlen(sec) == 64 ? sec : "");
	}
	for (int i = 0; i < j.n; i++)
		if (!j.in[i].remote &&
		    (wire_channels(&j, i, err, sizeof err) != 0 || cache_key(&j, i, err, sizeof err) != 0))
			job_die(2, "%s: %s", j.path, err);
	run_job(&j);
	int failed = report_job(&j, json, quiet);
	job_free(&j);
	free((char *)j.workdir);
	free((char *)j.cache_dir);
	free((char *)j.zerovm);
	return failed ? 1 : 0;
}
