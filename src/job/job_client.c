/*
 * job_client.c - zvm-job --swift JOB.json: the job submitted to a Swift
 * cluster with the zvm_swift filters, named as the swift command names it
 * (ST_AUTH, ST_USER, ST_KEY; tempauth's v1.0 auth). POSTs the job to the
 * storage URL with X-Zerovm-Execute: 1.0, prints the body (the path-less
 * outputs) on stdout and, from the X-Nexe-* headers, the report of a local
 * run on stderr (and as JSON with --json). Exit status as a local run: 0
 * when every instance ended well, 1 when one failed, 2 when the cluster
 * refused the job (a 4xx: its message on stderr) or could not be reached.
 */
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "job.h"

static void need(const char *v, const char *name)
{
	if (!v || !*v)
		job_die(2, "--swift: %s is not set (as for the swift command)", name);
}

/* The k-th comma-separated field of s (k from 0), into out. */
static void field(const char *s, int k, char *out, size_t n)
{
	out[0] = 0;
	for (; s && k > 0; k--)
		s = (s = strchr(s, ',')) ? s + 1 : NULL;
	if (!s)
		return;
	while (*s == ' ')
		s++;
	snprintf(out, n, "%.*s", (int)strcspn(s, ","), s);
}

static int count_fields(const char *s)
{
	int n = s && *s ? 1 : 0;
	for (; s && *s; s++)
		n += *s == ',';
	return n;
}

int swift_submit(const char *job_path, const char *text, size_t len, int json, int quiet)
{
	const char *auth = getenv("ST_AUTH"), *user = getenv("ST_USER"), *key = getenv("ST_KEY");
	char host[256], port[16], err[1024], *body = NULL;
	const char *path;
	struct http_resp *r = job_alloc(sizeof *r);
	size_t blen;

	need(auth, "ST_AUTH");
	need(user, "ST_USER");
	need(key, "ST_KEY");
	if (http_split_url(auth, host, sizeof host, port, sizeof port, &path))
		job_die(2, "--swift: ST_AUTH %s: only http://HOST[:PORT]/PATH URLs", auth);
	if (strpbrk(user, "\r\n") || strpbrk(key, "\r\n") || strpbrk(path, "\r\n "))
		job_die(2, "--swift: a line break in ST_AUTH, ST_USER or ST_KEY");
	char *head = job_fmt("GET %s HTTP/1.1\r\nHost: %s:%s\r\nX-Auth-User: %s\r\nX-Auth-Key: %s\r\n"
			     "Connection: close\r\n\r\n", path, host, port, user, key);
	if (http_request(host, port, head, "", 0, r, &body, &blen, err, sizeof err))
		job_die(2, "--swift: auth: %s", err);
	free(head);
	free(body);
	const char *token = http_header(r, "X-Auth-Token"), *url = http_header(r, "X-Storage-Url");
	if (r->status / 100 != 2 || !token || !url)
		job_die(2, "--swift: auth at %s as %s: status %d", auth, user, r->status);
	char *tok = job_strdup(token), *storage = job_strdup(url);
	if (http_split_url(storage, host, sizeof host, port, sizeof port, &path) ||
	    strpbrk(tok, "\r\n") || strpbrk(path, "\r\n "))
		job_die(2, "--swift: the storage URL %s is not http://HOST[:PORT]/PATH", storage);
	head = job_fmt("POST %s HTTP/1.1\r\nHost: %s:%s\r\nX-Auth-Token: %s\r\nX-Zerovm-Execute: 1.0\r\n"
		       "Content-Type: application/json\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n",
		       path, host, port, tok, len);
	double t0 = job_now();
	if (http_request(host, port, head, text, len, r, &body, &blen, err, sizeof err))
		job_die(2, "--swift: %s", err);
	double wall = job_now() - t0;
	free(head);

	const char *names = http_header(r, "X-Nexe-System");
	int n = count_fields(names), failed = 0;
	if (r->status / 100 == 4 || (!names && r->status != 200)) {
		fprintf(stderr, "zvm-job: %s: the cluster refused the job (%d): %.*s", job_path, r->status,
			(int)blen, body);
		if (blen && body[blen - 1] != '\n')
			fputc('\n', stderr);
		return r->status / 100 == 4 ? 2 : 1;
	}
	if (r->status == 200)
		fwrite(body, 1, blen, stdout);
	fflush(stdout);
	const char *st = http_header(r, "X-Nexe-Status"), *rc = http_header(r, "X-Nexe-Retcode"),
		   *srv = http_header(r, "X-Nexe-Server"), *val = http_header(r, "X-Nexe-Validation");
	json_object *root = json_object_new_object(), *arr = json_object_new_array();
	if (!quiet)
		fprintf(stderr, "zvm-job: %d instance%s on %s, status %d, %.3f s\n  %-16s %5s %-21s %s\n",
			n, n == 1 ? "" : "s", host, r->status, wall, "instance", "code", "server", "state");
	for (int k = 0; k < n; k++) {
		char name[128], state[512], code[32], server[64], v[8];
		field(names, k, name, sizeof name);
		field(st, k, state, sizeof state);
		field(rc, k, code, sizeof code);
		field(srv, k, server, sizeof server);
		field(val, k, v, sizeof v);
		int ok = !strcmp(state, "ok") && !strcmp(code, "0");
		failed += !ok;
		if (!quiet)
			fprintf(stderr, "  %-16s %5s %-21s %s\n", name, code, server, state);
		json_object *o = json_object_new_object();
		json_object_object_add(o, "name", json_object_new_string(name));
		json_object_object_add(o, "ok", json_object_new_boolean(ok));
		json_object_object_add(o, "state", json_object_new_string(state));
		json_object_object_add(o, "user_code", json_object_new_int(atoi(code)));
		json_object_object_add(o, "validator", json_object_new_int(atoi(v)));
		json_object_object_add(o, "server", json_object_new_string(server));
		json_object_array_add(arr, o);
	}
	if (r->status != 200) {
		failed += !failed;
		fprintf(stderr, "zvm-job: failed (%d): %.*s", r->status, (int)blen, body);
		if (blen && body[blen - 1] != '\n')
			fputc('\n', stderr);
	}
	json_object_object_add(root, "job", json_object_new_string(job_path));
	json_object_object_add(root, "ok", json_object_new_boolean(!failed));
	json_object_object_add(root, "status", json_object_new_int(r->status));
	json_object_object_add(root, "instances", arr);
	if (json)
		printf("%s\n", json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
									JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(root);
	free(body);
	free(tok);
	free(storage);
	free(r);
	return failed ? 1 : 0;
}
