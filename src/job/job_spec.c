/*
 * job_spec.c - the node-group JSON of the original storage integration
 * (shared/reference/zerocloud-and-swift.md §1), parsed with json-c.
 *
 * A job is a non-empty list of groups:
 *   {"name": "map",                          required, [A-Za-z0-9_], unique
 *    "exec": {"path": P, "args": "a b", "name": "argv0", "env": {"K": "V"}},
 *    "devices": [{"name": "stdin|stdout|stderr|input|output|image|<other>",
 *                 "path": P}],               ("file_list" is the old name)
 *    "count": N, "connect": ["group", ...],
 *    "memory": BYTES, "timeout": SECONDS}    (extensions)
 * P is a local path or file://path; in a Swift job (SPEC_SWIFT) it is
 * swift://ACCOUNT/CONTAINER/OBJECT, and "attach": "DEVICE" picks the object
 * the instance runs next to. Keys of the original that do not apply here
 * (replicate, location, content_type, meta, mode, min_size) are accepted
 * and ignored; a known key of the wrong type, a
 * missing required key or an unknown group in `connect` is an error naming
 * the group and the key. Nothing here touches the file system: the parser
 * is fuzzed (fuzz/fuzz_job.c).
 */
#include <json-c/json.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "job.h"

static const char *const std_names[] = { "stdin", "stdout", "stderr", "input", "output", "image" };

int spec_dev_readable(int kind)
{
	return kind == DEV_STDIN || kind == DEV_INPUT || kind == DEV_IMAGE || kind == DEV_NAMED;
}

struct ctx {
	char *err;
	size_t errlen;
	int flags;        /* SPEC_* */
	char where[128];
	char key[48];     /* prefix of the keys named in messages: "exec.", "devices[2]." */
};

static int bad(struct ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int bad(struct ctx *c, const char *fmt, ...)
{
	va_list ap;
	size_t at;

	if (!c->errlen)
		return -1;
	at = (size_t)snprintf(c->err, c->errlen, "%s", c->where);
	if (at < c->errlen) {
		va_start(ap, fmt);
		vsnprintf(c->err + at, c->errlen - at, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static char *dup_or_null(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);
	if (d)
		memcpy(d, s, n);
	return d;
}

static int name_ok(const char *s, const char *extra)
{
	size_t n = strlen(s);
	if (n == 0 || n >= JOB_MAX_NAME)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      *s == '_' || (extra && strchr(extra, *s))))
			return 0;
	return 1;
}

/* The string at key (NULL when absent): -1 when present but not a string. */
static int get_string(struct ctx *c, json_object *o, const char *key, const char **out)
{
	json_object *v;
	*out = NULL;
	if (!json_object_object_get_ex(o, key, &v) || !v)
		return 0;
	if (!json_object_is_type(v, json_type_string))
		return bad(c, "%s%s: expected a string", c->key, key);
	*out = json_object_get_string(v);
	if (strlen(*out) != (size_t)json_object_get_string_len(v))
		return bad(c, "%s%s: a NUL byte in the string", c->key, key);
	return 0;
}

static int get_int(struct ctx *c, json_object *o, const char *key, long long lo, long long hi,
		   long long *out)
{
	json_object *v;
	if (!json_object_object_get_ex(o, key, &v) || !v)
		return 0;
	if (!json_object_is_type(v, json_type_int))
		return bad(c, "%s%s: expected an integer", c->key, key);
	*out = (long long)json_object_get_int64(v);
	if (*out < lo || *out > hi)
		return bad(c, "%s%s: %lld is not in %lld..%lld", c->key, key, *out, lo, hi);
	return 0;
}

/* A Swift job's path: swift://ACCOUNT/CONTAINER/OBJECT, the account "~" or
 * "." for the caller's; a `*` only in the object; no control characters
 * (the listing and map files are lines). */
static int swift_path_ok(struct ctx *c, const char *key, const char *s)
{
	const char *acct = s + 8, *cont, *obj;

	if (strncmp(s, "swift://", 8))
		return bad(c, "%s%s: \"%.40s\": a Swift job's paths are swift://ACCOUNT/CONTAINER/OBJECT",
			   c->key, key, s);
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return bad(c, "%s%s: a control character in the path", c->key, key);
	if (strlen(s) > 8 + 256 + 1 + 256 + 1 + 1024)
		return bad(c, "%s%s: the path is too long", c->key, key);
	cont = strchr(acct, '/');
	obj = cont ? strchr(cont + 1, '/') : NULL;
	if (!cont || cont == acct || !obj || obj == cont + 1 || !obj[1])
		return bad(c, "%s%s: \"%.60s\": needs an account, a container and an object", c->key,
			   key, s);
	if (memchr(acct, '*', (size_t)(obj - acct)))
		return bad(c, "%s%s: \"%.60s\": a * only in the object name", c->key, key, s);
	return 0;
}

/* A path: "file://" removed; empty is an error; other schemes too. In a
 * Swift job (SPEC_SWIFT) only swift:// paths, kept whole. */
static int get_path(struct ctx *c, json_object *o, const char *key, char **out)
{
	const char *s;
	*out = NULL;
	if (get_string(c, o, key, &s))
		return -1;
	if (!s)
		return 0;
	if (c->flags & SPEC_SWIFT) {
		if (swift_path_ok(c, key, s))
			return -1;
		if (!(*out = dup_or_null(s)))
			return bad(c, "out of memory");
		return 0;
	}
	if (strncmp(s, "file://", 7) == 0)
		s += 7;
	if (strstr(s, "://"))
		return bad(c, "%s%s: \"%.40s\": only local paths and file:// are supported", c->key,
			   key, s);
	if (!*s)
		return bad(c, "%s%s: an empty path", c->key, key);
	if (!(*out = dup_or_null(s)))
		return bad(c, "out of memory");
	return 0;
}

/* exec.args: split on spaces; "double quoted" text is one argument (as
 * ZRT's [args]). */
static int split_args(struct ctx *c, const char *s, struct spec_group *g)
{
	size_t n = strlen(s);
	char *buf = malloc(n + 1);
	if (!buf || !(g->args = calloc(n / 2 + 2, sizeof *g->args))) {
		free(buf);
		return bad(c, "out of memory");
	}
	while (*s) {
		while (*s == ' ' || *s == '\t' || *s == '\n')
			s++;
		if (!*s)
			break;
		size_t at = 0;
		int quoted = 0;
		while (*s && (quoted || (*s != ' ' && *s != '\t' && *s != '\n'))) {
			if (*s == '"')
				quoted = !quoted;
			else
				buf[at++] = *s;
			s++;
		}
		buf[at] = 0;
		if (quoted) {
			free(buf);
			return bad(c, "exec.args: an unterminated quote");
		}
		if (!(g->args[g->nargs++] = dup_or_null(buf))) {
			free(buf);
			return bad(c, "out of memory");
		}
	}
	free(buf);
	return 0;
}

/* A Swift job is someone else's request: a key that is not the original's
 * (or an extension here) is a mistake to name, not to ignore. */
static int known_keys(struct ctx *c, json_object *o, const char *const *keys)
{
	if (!(c->flags & SPEC_SWIFT))
		return 0;
	json_object_object_foreach(o, k, v) {
		int found = 0;
		(void)v;
		for (const char *const *p = keys; *p && !found; p++)
			found = !strcmp(*p, k);
		if (!found)
			return bad(c, "%s%.40s: unknown key", c->key, k);
	}
	return 0;
}

static const char *const group_keys[] = { "name", "exec", "devices", "file_list", "count",
					  "connect", "memory", "timeout", "replicate", "attach",
					  "location", NULL };
static const char *const exec_keys[] = { "path", "args", "name", "env", NULL };
static const char *const dev_keys[] = { "name", "device", "path", "content_type", "meta", "mode",
					"min_size", NULL };

static int parse_exec(struct ctx *c, json_object *o, struct spec_group *g)
{
	json_object *ex, *env;
	const char *s;

	if (!json_object_object_get_ex(o, "exec", &ex) || !ex)
		return bad(c, "exec: missing");
	if (!json_object_is_type(ex, json_type_object))
		return bad(c, "exec: expected an object");
	snprintf(c->key, sizeof c->key, "exec.");
	if (known_keys(c, ex, exec_keys))
		return -1;
	if (get_path(c, ex, "path", &g->exec_path))
		return -1;
	if (!g->exec_path)
		return bad(c, "exec.path: missing");
	if (strchr(g->exec_path, '*'))
		return bad(c, "exec.path: a * in the program's path");
	if (get_string(c, ex, "name", &s))
		return -1;
	if (s && !(g->exec_name = dup_or_null(s)))
		return bad(c, "out of memory");
	if (get_string(c, ex, "args", &s))
		return -1;
	if (s && split_args(c, s, g))
		return -1;
	c->key[0] = 0;
	if (!json_object_object_get_ex(ex, "env", &env) || !env)
		return 0;
	if (!json_object_is_type(env, json_type_object))
		return bad(c, "exec.env: expected an object");
	g->env = calloc(2 * (size_t)json_object_object_length(env) + 1, sizeof *g->env);
	if (!g->env)
		return bad(c, "out of memory");
	json_object_object_foreach(env, k, v) {
		if (!v || !json_object_is_type(v, json_type_string))
			return bad(c, "exec.env.%.40s: expected a string", k);
		if (!*k || strchr(k, '=') || strlen(json_object_get_string(v)) !=
						    (size_t)json_object_get_string_len(v))
			return bad(c, "exec.env: \"%.40s\" is not a valid variable", k);
		g->env[g->nenv * 2] = dup_or_null(k);
		g->env[g->nenv * 2 + 1] = dup_or_null(json_object_get_string(v));
		g->nenv++;
		if (!g->env[g->nenv * 2 - 2] || !g->env[g->nenv * 2 - 1])
			return bad(c, "out of memory");
	}
	return 0;
}

static int parse_device(struct ctx *c, json_object *d, int k, struct spec_group *g)
{
	struct spec_dev *dv = &g->devs[k];
	const char *name;
	char key[48];

	if (!json_object_is_type(d, json_type_object))
		return bad(c, "devices[%d]: expected an object", k);
	snprintf(key, sizeof key, "devices[%d].name", k);
	snprintf(c->key, sizeof c->key, "devices[%d].", k);
	if (known_keys(c, d, dev_keys))
		return -1;
	if (get_string(c, d, "name", &name))
		return -1;
	if (!name && get_string(c, d, "device", &name)) /* the old key */
		return -1;
	c->key[0] = 0;
	if (!name)
		return bad(c, "%s: missing", key);
	if (!name_ok(name, ".-"))
		return bad(c, "%s: \"%.40s\" is not a device name ([A-Za-z0-9_.-], 1..%d bytes)", key,
			   name, JOB_MAX_NAME - 1);
	if (!strcmp(name, "nvram") || !strcmp(name, "in") || !strcmp(name, "out") ||
	    !strcmp(name, "null"))
		return bad(c, "%s: \"%s\" is reserved", key, name);
	for (int i = 0; i < k; i++)
		if (!strcmp(g->devs[i].name, name))
			return bad(c, "%s: \"%s\" twice", key, name);
	if (!(dv->name = dup_or_null(name)))
		return bad(c, "out of memory");
	dv->kind = DEV_NAMED;
	for (int i = 0; i < DEV_NAMED; i++)
		if (!strcmp(name, std_names[i]))
			dv->kind = i;
	snprintf(key, sizeof key, "devices[%d].path", k);
	snprintf(c->key, sizeof c->key, "devices[%d].", k);
	if (get_path(c, d, "path", &dv->path))
		return -1;
	c->key[0] = 0;
	if (!dv->path && (dv->kind == DEV_INPUT || dv->kind == DEV_IMAGE || dv->kind == DEV_NAMED))
		return bad(c, "%s: device \"%s\" needs a path", key, name);
	return 0;
}

static int parse_group(struct ctx *c, json_object *o, struct spec_group *g)
{
	json_object *devs, *conn;
	const char *s;
	long long v;

	if (!json_object_is_type(o, json_type_object))
		return bad(c, "expected an object");
	if (get_string(c, o, "name", &s))
		return -1;
	if (!s)
		return bad(c, "name: missing");
	if (!name_ok(s, NULL))
		return bad(c, "name: \"%.40s\" is not a group name ([A-Za-z0-9_], 1..%d bytes)", s,
			   JOB_MAX_NAME - 1);
	if (!(g->name = dup_or_null(s)))
		return bad(c, "out of memory");
	g->attach = -1;
	snprintf(c->where, sizeof c->where, "group \"%s\": ", g->name);
	if (known_keys(c, o, group_keys))
		return -1;
	if (parse_exec(c, o, g))
		return -1;
	if (!json_object_object_get_ex(o, "devices", &devs) || !devs)
		json_object_object_get_ex(o, "file_list", &devs);
	if (devs) {
		if (!json_object_is_type(devs, json_type_array))
			return bad(c, "devices: expected a list");
		size_t n = json_object_array_length(devs);
		if (!(g->devs = calloc(n + 1, sizeof *g->devs)))
			return bad(c, "out of memory");
		for (size_t k = 0; k < n; k++) {
			g->ndevs = (int)k + 1;
			if (parse_device(c, json_object_array_get_idx(devs, k), (int)k, g))
				return -1;
		}
	}
	if (get_string(c, o, "attach", &s))
		return -1;
	if (s && strcmp(s, "default") && (c->flags & SPEC_SWIFT)) {
		for (int k = 0; k < g->ndevs && g->attach < 0; k++)
			if (!strcmp(g->devs[k].name, s))
				g->attach = k;
		if (g->attach < 0)
			return bad(c, "attach: no device \"%.40s\" in the group", s);
		if (!g->devs[g->attach].path)
			return bad(c, "attach: device \"%.40s\" has no path", s);
	}
	v = 0;
	if (get_int(c, o, "count", 1, JOB_MAX_COUNT, &v))
		return -1;
	g->count = (int)v;
	v = 256LL << 20;
	if (get_int(c, o, "memory", 1LL << 20, 1LL << 32, &v))
		return -1;
	g->memory = v;
	v = 0;
	if (get_int(c, o, "timeout", 1, 86400, &v))
		return -1;
	g->timeout = (int)v;
	if (!json_object_object_get_ex(o, "connect", &conn) || !conn)
		return 0;
	if (!json_object_is_type(conn, json_type_array))
		return bad(c, "connect: expected a list of group names");
	size_t n = json_object_array_length(conn);
	if (!(g->connect = calloc(n + 1, sizeof *g->connect)))
		return bad(c, "out of memory");
	for (size_t k = 0; k < n; k++) {
		json_object *e = json_object_array_get_idx(conn, k);
		if (!e || !json_object_is_type(e, json_type_string))
			return bad(c, "connect[%zu]: expected a group name", k);
		for (int i = 0; i < g->nconnect; i++)
			if (!strcmp(g->connect[i], json_object_get_string(e)))
				return bad(c, "connect[%zu]: \"%.40s\" twice", k, g->connect[i]);
		if (!(g->connect[g->nconnect++] = dup_or_null(json_object_get_string(e))))
			return bad(c, "out of memory");
	}
	return 0;
}

/* After every group is read: names unique, connect names known. */
static int check_links(struct ctx *c, struct spec *s)
{
	for (int i = 0; i < s->ngroups; i++) {
		struct spec_group *g = &s->groups[i];
		snprintf(c->where, sizeof c->where, "group \"%s\": ", g->name);
		for (int k = 0; k < i; k++)
			if (!strcmp(s->groups[k].name, g->name))
				return bad(c, "name: a second group with this name");
		for (int k = 0; k < g->nconnect; k++) {
			int found = 0;
			for (int m = 0; m < s->ngroups; m++)
				found |= !strcmp(s->groups[m].name, g->connect[k]);
			if (!found)
				return bad(c, "connect: no group \"%.40s\"", g->connect[k]);
		}
	}
	return 0;
}

int spec_parse(const char *text, size_t len, struct spec *s, char *err, size_t errlen)
{
	return spec_parse_ex(text, len, s, 0, err, errlen);
}

int spec_parse_ex(const char *text, size_t len, struct spec *s, int flags, char *err, size_t errlen)
{
	struct ctx c = { err, errlen, flags, "", "" };
	json_tokener *tok;
	json_object *root = NULL;
	int rc = -1;

	memset(s, 0, sizeof *s);
	if (errlen)
		err[0] = 0;
	if (memchr(text, 0, len))
		return bad(&c, "a NUL byte in the job description");
	if (len > (1u << 24))
		return bad(&c, "the job description is larger than 16 MiB");
	if (!(tok = json_tokener_new()))
		return bad(&c, "out of memory");
	root = json_tokener_parse_ex(tok, text, (int)len);
	enum json_tokener_error je = json_tokener_get_error(tok);
	if (je == json_tokener_continue) {
		bad(&c, "not valid JSON: the text ends too early");
		goto out;
	}
	if (je != json_tokener_success) {
		bad(&c, "not valid JSON at byte %zu: %s", json_tokener_get_parse_end(tok),
		    json_tokener_error_desc(je));
		goto out;
	}
	for (size_t at = json_tokener_get_parse_end(tok); at < len; at++)
		if (!strchr(" \t\r\n", text[at])) {
			bad(&c, "not valid JSON: text after the end at byte %zu", at);
			goto out;
		}
	if (!root || !json_object_is_type(root, json_type_array)) {
		bad(&c, "the job must be a list of node groups");
		goto out;
	}
	size_t n = json_object_array_length(root);
	if (n == 0) {
		bad(&c, "the job has no node groups");
		goto out;
	}
	if (n > 4096) {
		bad(&c, "more than 4096 node groups");
		goto out;
	}
	if (!(s->groups = calloc(n, sizeof *s->groups))) {
		bad(&c, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		s->ngroups = (int)i + 1;
		snprintf(c.where, sizeof c.where, "group %zu: ", i + 1);
		if (parse_group(&c, json_object_array_get_idx(root, i), &s->groups[i]))
			goto out;
	}
	rc = check_links(&c, s);
out:
	if (root)
		json_object_put(root);
	json_tokener_free(tok);
	if (rc)
		spec_free(s);
	return rc;
}

static void free_list(char **v, int n)
{
	for (int i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

void spec_free(struct spec *s)
{
	for (int i = 0; i < s->ngroups; i++) {
		struct spec_group *g = &s->groups[i];
		free(g->name);
		free(g->exec_path);
		free(g->exec_name);
		free_list(g->args, g->nargs);
		free_list(g->env, 2 * g->nenv);
		for (int k = 0; g->devs && k < g->ndevs; k++) {
			free(g->devs[k].name);
			free(g->devs[k].path);
		}
		free(g->devs);
		free_list(g->connect, g->nconnect);
	}
	free(s->groups);
	memset(s, 0, sizeof *s);
}
