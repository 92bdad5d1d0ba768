/*
 * job.h - zvm-job: a job of connected zerovm instances on one machine.
 *
 * A job runs in four steps, each in its own file:
 *   spec_   (job_spec.c)    the node-group JSON -> struct spec (pure: no I/O)
 *   expand_ (job_expand.c)  groups -> instances: wildcards, names, node
 *                           numbers, `connect` edges, connected units
 *   wire_   (job_wire.c)    an instance -> its channels, manifest and nvram
 *   run_    (job_run.c)     units started together, name service, reports
 * with cache_ (job_cache.c) between wiring and running, and report_
 * (job_report.c) reading zerovm's reports and printing the job's.
 * Errors in the job description are exit status 2, failed instances 1.
 */
#ifndef ZVM_JOB_H
#define ZVM_JOB_H

#include <stddef.h>
#include <sys/types.h>

#define JOB_BIG "4294967296"     /* channel limits: "no limit" (4 GiB) */
#define JOB_MAX_COUNT 4096       /* instances per group */
#define JOB_MAX_NAME 64          /* group and device names, bytes */

/* Device kinds: the original's standard names, then any other name. */
enum { DEV_STDIN, DEV_STDOUT, DEV_STDERR, DEV_INPUT, DEV_OUTPUT, DEV_IMAGE, DEV_NAMED };

struct spec_dev {
	char *name;
	char *path;      /* "file://" removed; NULL when path-less */
	int kind;        /* DEV_* */
};

struct spec_group {
	char *name;
	char *exec_path;
	char *exec_name;             /* argv[0]; NULL: the instance name */
	char **args; int nargs;      /* exec.args split like ZRT's [args] */
	char **env; int nenv;        /* names and values: env[2k], env[2k+1] */
	struct spec_dev *devs; int ndevs;
	int count;                   /* 0 when absent */
	char **connect; int nconnect;
	int attach;                  /* device named by "attach"; -1: the default */
	long long memory;            /* bytes; extension key "memory" */
	int timeout;                 /* seconds; extension key "timeout"; 0: default */
};

struct spec {
	struct spec_group *groups; int ngroups;
};

/* Parses the job JSON (len bytes). Returns 0, or -1 with a message naming
 * the group and key in err and *s zeroed. */
int spec_parse(const char *text, size_t len, struct spec *s, char *err, size_t errlen);
#define SPEC_SWIFT 1   /* a Swift job: swift:// paths only (job_swift.c) */
int spec_parse_ex(const char *text, size_t len, struct spec *s, int flags, char *err, size_t errlen);
void spec_free(struct spec *s);
int spec_dev_readable(int kind);   /* stdin, input, image, named */

/* One channel of an instance's manifest. */
struct chan {
	char *uri;
	char *alias;
	int type, etag;
	int readable;          /* limits: BIG BIG 0 0 (else 0 0 BIG BIG) */
	int net;
};

/* What zerovm reported (report_parse), or what zvm-job saw instead. */
struct report {
	int have;              /* the six lines were there */
	int validator, daemon, user_code;
	char etags[1024];
	double sys, user;
	long long acc[8];      /* reads rbytes writes wbytes, then the same on the network */
	char state[512];
};

enum { CACHE_OFF, CACHE_MISS, CACHE_HIT };

struct inst {
	char *name;
	int group, index;      /* group number; 1-based index in the group */
	int node;              /* 1..total in instance order */
	char **paths;          /* per device of the group; NULL for path-less */
	char *stdout_path;     /* where stdout goes */
	int print_stdout;      /* a path-less stdout: printed after the job */
	int *peers_out; int nout;   /* instances this one writes to */
	int *peers_in; int nin;     /* instances that write to this one */
	int unit;              /* connected component */
	struct chan *ch; int nch;   /* after wire_channels */
	char *manifest, *nvram, *report_path, *err_path;
	/* running */
	pid_t pid;
	double t_start, t_end;
	int running, done, failed, status, killed;
	int cache;             /* CACHE_* */
	char cache_key[65];
	struct report rep;
	char why[600];         /* why it failed */
	int remote;            /* --node: runs elsewhere (not wired, run or reported) */
	int intrusions;        /* connections to its channels that failed the handshake */
	char intrusion[400];   /* zerovm's line about the first one */
};

struct job {
	const char *path;      /* the JSON file */
	struct spec spec;
	struct inst *in; int n;
	int nunits;
	const char *workdir, *cache_dir, *zerovm;
	int jobs, timeout, ns_timeout_ms, grace_ms;
	double t0;             /* when the job started */
	char secret[65];       /* JobSecret: fresh per job (run_job), in every manifest */
	/* A Swift job (job_swift.c): the caller's account is set */
	const char *account;
	char **listing; int nlisting;   /* object URLs, sorted */
	char **listed; int nlisted;     /* the containers listed, "swift://A/C/" */
	char **map_url, **map_path; int nmap;   /* --map: URL -> local file */
	int only;              /* --node: the instance to run, or -1 */
	const char *ns_addr;   /* --node: the job's name service, IP:PORT */
	const char *max_read, *max_write;   /* bytes per channel (--max-read, --max-write) */
};

/* expand: `*` matching (caps NULL: what matched is not kept) */
int job_match(const char *pat, const char *str, char **caps);
/* expand: fills job->in (and job->nunits); -1 with a message on error. */
int expand_job(struct job *j, char *err, size_t errlen);

/* wire: the channels of instance i (file paths made absolute). */
int wire_channels(struct job *j, int i, char *err, size_t errlen);
/* wire: writes the manifest and nvram; ns ("IP:PORT") NULL when no name
 * service. */
int wire_files(struct job *j, int i, const char *ns, char *err, size_t errlen);

/* cache: the key of instance i (cache CACHE_MISS when it has one). Units
 * (members m[0..n)) are looked up and stored whole; restore returns 1 on a
 * hit, with the outputs copied and the reports read. */
int cache_key(struct job *j, int i, char *err, size_t errlen);
int cache_restore(struct job *j, const int *m, int n);
int cache_store(struct job *j, const int *m, int n);

/* run: every instance; returns the number that failed. */
int run_job(struct job *j);

/* The name service on its own: [IP:]PORT and the node count; or for every
 * node of job j (j non-NULL: its nodes without network channels are
 * registered by zvm-job itself). */
int run_name_service(struct job *j, const char *where, int nodes, int timeout_ms);
void register_nodes(struct job *j, int unit, const char *ip, int port);

/* swift (job_swift.c): a Swift job, planned at the proxy and run one
 * instance per object server. */
void swift_resolve_accounts(struct job *j);
int swift_load_listing(struct job *j, const char *path, char *err, size_t errlen);
int swift_load_map(struct job *j, const char *path, char *err, size_t errlen);
int swift_needs_listings(struct job *j);          /* prints them; 1 when some */
int swift_glob(struct job *j, const char *pattern, char ***out, size_t *n);  /* 0, or -1: not listed */
int swift_localize(struct job *j, int i, char *err, size_t errlen);
void swift_print_plan(struct job *j);
int is_swift(const char *path);
/* client (job_client.c): zvm-job --swift, the job sent to a cluster. */
int swift_submit(const char *job_path, const char *text, size_t len, int json, int quiet);

/* report: parses zerovm's report text. */
void report_parse(const char *text, struct report *r);
int report_read(const char *path, struct report *r);
/* Prints the instances' path-less stdout, the text report (to f) and
 * writes workdir/report.json (also on stdout when json). */
int report_job(struct job *j, int json, int quiet);

/* util (job_util.c) */
void job_die(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3), noreturn));
char *job_strdup(const char *s);
void *job_alloc(size_t n);
char *job_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
double job_now(void);
int copy_file(const char *from, const char *to);

#endif
