/*
 * job_report.c - zerovm's report in, the job's report out.
 *
 * zerovm prints six lines: validator state, daemon state, user code, etags,
 * accounting ("sys user reads rbytes writes wbytes" then the same four on
 * the network), exit state. The job report has one row per instance (name,
 * node, state, user code, times, bytes in and out, cache) on stderr, and
 * the same as JSON in WORKDIR/report.json.
 */
#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "job.h"

static char *next_line(char **p)
{
	char *s = *p, *e;
	if (!s)
		return NULL;
	e = strchr(s, '\n');
	if (e) {
		*e = 0;
		*p = e + 1;
	} else {
		*p = NULL;
	}
	return s;
}

void report_parse(const char *text, struct report *r)
{
	char *copy = job_strdup(text), *p = copy, *l[6];
	int n = 0;

	memset(r, 0, sizeof *r);
	while (n < 6 && (l[n] = next_line(&p)))
		n++;
	if (n == 6 && sscanf(l[0], "%d", &r->validator) == 1 && sscanf(l[1], "%d", &r->daemon) == 1 &&
	    sscanf(l[2], "%d", &r->user_code) == 1 &&
	    sscanf(l[4], "%lf %lf %lld %lld %lld %lld %lld %lld %lld %lld", &r->sys, &r->user,
		   &r->acc[0], &r->acc[1], &r->acc[2], &r->acc[3], &r->acc[4], &r->acc[5], &r->acc[6],
		   &r->acc[7]) == 10) {
		r->have = 1;
		snprintf(r->etags, sizeof r->etags, "%s", l[3]);
		snprintf(r->state, sizeof r->state, "%s", l[5]);
	}
	free(copy);
}

int report_read(const char *path, struct report *r)
{
	char buf[8192];
	FILE *f = fopen(path, "r");
	size_t n = 0;

	memset(r, 0, sizeof *r);
	if (!f)
		return -1;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = 0;
	report_parse(buf, r);
	return r->have ? 0 : -1;
}

static const char *cache_word(int c)
{
	return c == CACHE_HIT ? "hit" : c == CACHE_MISS ? "miss" : "off";
}

static json_object *inst_json(struct job *j, struct inst *in)
{
	static const char *const acc[8] = { "reads", "read_bytes", "writes", "write_bytes",
					    "net_reads", "net_read_bytes", "net_writes",
					    "net_write_bytes" };
	json_object *o = json_object_new_object();
	json_object_object_add(o, "name", json_object_new_string(in->name));
	json_object_object_add(o, "group", json_object_new_string(j->spec.groups[in->group].name));
	json_object_object_add(o, "node", json_object_new_int(in->node));
	json_object_object_add(o, "ok", json_object_new_boolean(!in->failed));
	json_object_object_add(o, "validator", json_object_new_int(in->rep.have ? in->rep.validator : 2));
	json_object_object_add(o, "state", json_object_new_string(in->rep.have ? in->rep.state : ""));
	if (in->failed)
		json_object_object_add(o, "error", json_object_new_string(in->why));
	json_object_object_add(o, "zerovm_status", json_object_new_int(in->status));
	json_object_object_add(o, "user_code", json_object_new_int(in->rep.user_code));
	json_object_object_add(o, "sys_s", json_object_new_double(in->rep.sys));
	json_object_object_add(o, "user_s", json_object_new_double(in->rep.user));
	json_object_object_add(o, "start_s", json_object_new_double(in->t_start - j->t0));
	json_object_object_add(o, "wall_s", json_object_new_double(in->t_end - in->t_start));
	for (int k = 0; k < 8; k++)
		json_object_object_add(o, acc[k], json_object_new_int64(in->rep.acc[k]));
	json_object_object_add(o, "bytes_in", json_object_new_int64(in->rep.acc[1] + in->rep.acc[5]));
	json_object_object_add(o, "bytes_out", json_object_new_int64(in->rep.acc[3] + in->rep.acc[7]));
	json_object_object_add(o, "etags", json_object_new_string(in->rep.etags));
	json_object_object_add(o, "cache", json_object_new_string(cache_word(in->cache)));
	if (in->print_stdout)
		json_object_object_add(o, "stdout", json_object_new_string(in->stdout_path));
	json_object_object_add(o, "intrusions", json_object_new_int(in->intrusions));
	if (in->intrusions)
		json_object_object_add(o, "intrusion", json_object_new_string(in->intrusion));
	return o;
}

static void human(long long b, char *out, size_t n)
{
	if (b < 10000)
		snprintf(out, n, "%lld", b);
	else if (b < 10000LL * 1024)
		snprintf(out, n, "%lldK", b / 1024);
	else
		snprintf(out, n, "%lldM", b / (1024 * 1024));
}

int report_job(struct job *j, int json, int quiet)
{
	char buf[1 << 16], path[4096];
	int failed = 0, cached = 0;

	/* 1. The path-less stdout of the instances, in instance order. */
	for (int i = 0; i < j->n && j->only < 0; i++) {
		FILE *f;
		size_t n;
		if (!j->in[i].print_stdout || !(f = fopen(j->in[i].stdout_path, "r")))
			continue;
		while ((n = fread(buf, 1, sizeof buf, f)) > 0)
			fwrite(buf, 1, n, stdout);
		fclose(f);
	}
	fflush(stdout);
	for (int i = 0; i < j->n; i++) {
		failed += j->in[i].failed;
		cached += j->in[i].cache == CACHE_HIT;
	}
	int n = j->only < 0 ? j->n : 1;  /* --node: the one instance run here */
	/* 2. The text report. */
	if (!quiet) {
		fprintf(stderr, "zvm-job: %d instance%s, %d failed, %d from the cache\n", n,
			n == 1 ? "" : "s", failed, cached);
		fprintf(stderr, "  %-16s %4s %5s %6s %6s %7s %7s %7s %7s  %-7s %s\n", "instance", "node",
			"code", "sys", "user", "wall", "in", "out", "net", "cache", "state");
		for (int i = 0; i < j->n; i++) {
			struct inst *in = &j->in[i];
			char bi[16], bo[16], bn[16];
			if (in->remote)
				continue;
			human(in->rep.acc[1] + in->rep.acc[5], bi, sizeof bi);
			human(in->rep.acc[3] + in->rep.acc[7], bo, sizeof bo);
			human(in->rep.acc[5] + in->rep.acc[7], bn, sizeof bn);
			fprintf(stderr, "  %-16s %4d %5d %6.2f %6.2f %7.3f %7s %7s %7s  %-7s %s\n",
				in->name, in->node, in->rep.user_code, in->rep.sys, in->rep.user,
				in->t_end - in->t_start, bi, bo, bn, cache_word(in->cache),
				in->failed ? in->why : in->rep.state);
		}
	}
	for (int i = 0; i < j->n; i++) /* also when quiet: someone tried to join the job */
		if (j->in[i].intrusions)
			fprintf(stderr, "zvm-job: warning: %s: %d intrusion%s: %s\n", j->in[i].name,
				j->in[i].intrusions, j->in[i].intrusions > 1 ? "s" : "", j->in[i].intrusion);
	/* 3. JSON. */
	json_object *root = json_object_new_object(), *arr = json_object_new_array(),
		    *bad = json_object_new_array();
	json_object_object_add(root, "job", json_object_new_string(j->path));
	json_object_object_add(root, "ok", json_object_new_boolean(failed == 0));
	for (int i = 0; i < j->n; i++) {
		if (j->in[i].remote)
			continue;
		json_object_array_add(arr, inst_json(j, &j->in[i]));
		if (j->in[i].failed)
			json_object_array_add(bad, json_object_new_string(j->in[i].name));
	}
	json_object_object_add(root, "failed", bad);
	json_object_object_add(root, "cached", json_object_new_int(cached));
	json_object_object_add(root, "instances", arr);
	const char *text = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
								      JSON_C_TO_STRING_NOSLASHESCAPE);
	snprintf(path, sizeof path, "%s/report.json", j->workdir);
	FILE *f = fopen(path, "w");
	if (!f || fprintf(f, "%s\n", text) < 0 || fclose(f) != 0)
		fprintf(stderr, "zvm-job: cannot write %s: %s\n", path, strerror(errno));
	if (json)
		printf("%s\n", text);
	json_object_put(root);
	if (failed) {
		size_t at = (size_t)snprintf(buf, sizeof buf, "zvm-job: failed:");
		for (int i = 0; i < j->n && at < sizeof buf; i++)
			if (j->in[i].failed)
				at += (size_t)snprintf(buf + at, sizeof buf - at, " %s (%s)%s", j->in[i].name,
						       j->in[i].why, "");
		fprintf(stderr, "%s\n", buf);
	}
	fflush(stdout);
	return failed;
}
