/*
 * job_swift.c - a Swift job: the same node groups on swift:// paths,
 * planned at the proxy and run one instance per object server. The HTTP is
 * the middleware's (swift/zvm_swift/); the job's meaning stays here.
 *
 * The proxy runs
 *   zvm-job JOB.json --account A --listing L --plan
 * and gets {"need_listings": ["swift://A/C/", ...]} while a wildcard's
 * container is not in L, then the plan: every instance with its node, its
 * devices and paths, the object it runs next to ("attach") and whether it
 * has network channels. Each object server runs
 *   zvm-job JOB.json --account A --listing L --node N --map M
 *           [--name-server IP:PORT]        (JobSecret in ZVM_JOB_SECRET)
 * which expands the same job the same way and runs instance N alone, its
 * swift:// paths replaced by the local files M names ("URL<TAB>PATH"
 * lines). The job's name service is
 *   zvm-job JOB.json --account A --listing L --name-service IP:PORT
 * A listing file has one line per object URL, and "swift://A/C/" for each
 * container it lists (so an empty container is not an unlisted one).
 */
#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "job.h"

int is_swift(const char *path)
{
	return path && strncmp(path, "swift://", 8) == 0;
}

/* "swift://~/c/o" and "swift://./c/o": the caller's account. */
static void resolve(char **p, const char *account)
{
	if (!is_swift(*p) || !((*p)[8] == '~' || (*p)[8] == '.') || (*p)[9] != '/')
		return;
	char *r = job_fmt("swift://%s/%s", account, *p + 10);
	free(*p);
	*p = r;
}

void swift_resolve_accounts(struct job *j)
{
	for (int g = 0; g < j->spec.ngroups; g++) {
		struct spec_group *sg = &j->spec.groups[g];
		resolve(&sg->exec_path, j->account);
		for (int d = 0; d < sg->ndevs; d++)
			if (sg->devs[d].path)
				resolve(&sg->devs[d].path, j->account);
	}
}

/* The length of "swift://A/C/" in url (0 when it has no object part). */
static size_t container_len(const char *url)
{
	const char *a = url + 8, *c = strchr(a, '/'), *o = c ? strchr(c + 1, '/') : NULL;
	return o ? (size_t)(o + 1 - url) : 0;
}

/* The non-empty lines of a file (malloc'd), or -1 with err set. */
static int read_lines(const char *path, char ***out, int *n, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	*out = NULL;
	*n = 0;
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while ((len = getline(&line, &cap, f)) >= 0) {
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = 0;
		if (!len)
			continue;
		if ((size_t)len != strlen(line)) {
			snprintf(err, errlen, "%s: a NUL byte in line %d", path, *n + 1);
			break;
		}
		if (*n % 256 == 0 && !(*out = realloc(*out, (size_t)(*n + 256) * sizeof **out)))
			job_die(2, "out of memory");
		(*out)[(*n)++] = job_strdup(line);
	}
	free(line);
	int bad = ferror(f) || (errlen && err[0]);
	if (ferror(f))
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
	fclose(f);
	return bad ? -1 : 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int swift_load_listing(struct job *j, const char *path, char *err, size_t errlen)
{
	char **lines;
	int n;

	err[0] = 0;
	if (read_lines(path, &lines, &n, err, errlen))
		return -1;
	j->listing = job_alloc((size_t)(n + 1) * sizeof *j->listing);
	j->listed = job_alloc((size_t)(n + 1) * sizeof *j->listed);
	for (int k = 0; k < n; k++) {
		size_t c = is_swift(lines[k]) ? container_len(lines[k]) : 0;
		if (!c) {
			snprintf(err, errlen, "%s: line %d is not a swift:// URL of an object or container",
				 path, k + 1);
			return -1;
		}
		if (lines[k][c])
			j->listing[j->nlisting++] = lines[k];
		else
			j->listed[j->nlisted++] = lines[k];
	}
	free(lines);
	/* sorted, as the instances are numbered in this order */
	qsort(j->listing, (size_t)j->nlisting, sizeof *j->listing, by_name);
	return 0;
}

int swift_load_map(struct job *j, const char *path, char *err, size_t errlen)
{
	char **lines;
	int n;

	err[0] = 0;
	if (read_lines(path, &lines, &n, err, errlen))
		return -1;
	j->map_url = job_alloc((size_t)(n + 1) * sizeof(char *));
	j->map_path = job_alloc((size_t)(n + 1) * sizeof(char *));
	for (int k = 0; k < n; k++) {
		char *tab = strchr(lines[k], '\t');
		if (!tab || !is_swift(lines[k]) || tab[1] != '/') {
			snprintf(err, errlen, "%s: line %d is not \"swift://URL<TAB>/absolute/path\"", path,
				 k + 1);
			return -1;
		}
		*tab = 0;
		j->map_url[j->nmap] = lines[k];
		j->map_path[j->nmap++] = job_strdup(tab + 1);
	}
	free(lines);
	return 0;
}

static int is_listed(struct job *j, const char *pattern)
{
	size_t c = container_len(pattern);
	for (int k = 0; k < j->nlisted; k++)
		if (strlen(j->listed[k]) == c && !strncmp(j->listed[k], pattern, c))
			return 1;
	return 0;
}

int swift_glob(struct job *j, const char *pattern, char ***out, size_t *n)
{
	size_t c = container_len(pattern);

	*out = NULL;
	*n = 0;
	if (!is_listed(j, pattern))
		return -1;
	*out = job_alloc((size_t)(j->nlisting + 1) * sizeof **out);
	for (int k = 0; k < j->nlisting; k++)
		if (!strncmp(j->listing[k], pattern, c) && job_match(pattern, j->listing[k], NULL))
			(*out)[(*n)++] = j->listing[k];
	return 0;
}

int swift_needs_listings(struct job *j)
{
	json_object *need = json_object_new_array();
	int any = 0;

	for (int g = 0; g < j->spec.ngroups; g++) {
		struct spec_group *sg = &j->spec.groups[g];
		for (int d = 0; d < sg->ndevs; d++) {
			const char *p = sg->devs[d].path;
			if (!p || !spec_dev_readable(sg->devs[d].kind) || !strchr(p, '*') || is_listed(j, p))
				continue;
			char *c = job_fmt("%.*s", (int)container_len(p), p);
			int dup = 0;
			for (size_t k = 0; k < json_object_array_length(need); k++)
				dup |= !strcmp(json_object_get_string(json_object_array_get_idx(need, k)), c);
			if (!dup)
				json_object_array_add(need, json_object_new_string(c));
			free(c);
			any = 1;
		}
	}
	if (any) {
		json_object *root = json_object_new_object();
		json_object_object_add(root, "need_listings", need);
		printf("%s\n", json_object_to_json_string_ext(root, JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(root);
	} else {
		json_object_put(need);
	}
	return any;
}

static const char *mapped(struct job *j, const char *url)
{
	for (int k = 0; k < j->nmap; k++)
		if (!strcmp(j->map_url[k], url))
			return j->map_path[k];
	return NULL;
}

int swift_localize(struct job *j, int i, char *err, size_t errlen)
{
	struct inst *in = &j->in[i];
	struct spec_group *g = &j->spec.groups[in->group];
	const char *p;

	for (int d = 0; d < g->ndevs; d++) {
		if (!is_swift(in->paths[d]))
			continue;
		if (!(p = mapped(j, in->paths[d]))) {
			snprintf(err, errlen, "instance %s: device %s: no local file for %s", in->name,
				 g->devs[d].name, in->paths[d]);
			return -1;
		}
		free(in->paths[d]);
		in->paths[d] = job_strdup(p);
	}
	if (is_swift(g->exec_path)) {
		if (!(p = mapped(j, g->exec_path))) {
			snprintf(err, errlen, "instance %s: no local file for the program %s", in->name,
				 g->exec_path);
			return -1;
		}
		free(g->exec_path);
		g->exec_path = job_strdup(p);
	}
	return 0;
}

/* The device an instance runs next to: "attach", else the first readable
 * one with a path (stdin, input, a named device), else the image; -1: it
 * may run anywhere. */
static int attach_device(const struct spec_group *g)
{
	if (g->attach >= 0)
		return g->attach;
	for (int d = 0; d < g->ndevs; d++)
		if (g->devs[d].path && spec_dev_readable(g->devs[d].kind) && g->devs[d].kind != DEV_IMAGE)
			return d;
	for (int d = 0; d < g->ndevs; d++)
		if (g->devs[d].path && g->devs[d].kind == DEV_IMAGE)
			return d;
	return -1;
}

void swift_print_plan(struct job *j)
{
	json_object *root = json_object_new_object(), *arr = json_object_new_array();
	int net = 0;

	for (int i = 0; i < j->n; i++) {
		struct inst *in = &j->in[i];
		struct spec_group *g = &j->spec.groups[in->group];
		json_object *o = json_object_new_object(), *devs = json_object_new_array();
		int a = attach_device(g);

		net |= in->nin + in->nout > 0;
		json_object_object_add(o, "name", json_object_new_string(in->name));
		json_object_object_add(o, "group", json_object_new_string(g->name));
		json_object_object_add(o, "node", json_object_new_int(in->node));
		json_object_object_add(o, "unit", json_object_new_int(in->unit));
		json_object_object_add(o, "network", json_object_new_boolean(in->nin + in->nout > 0));
		json_object_object_add(o, "exec", json_object_new_string(g->exec_path));
		json_object_object_add(o, "attach", a >= 0 ? json_object_new_string(in->paths[a]) : NULL);
		json_object_object_add(o, "memory", json_object_new_int64(g->memory));
		json_object_object_add(o, "timeout", json_object_new_int(g->timeout ? g->timeout : j->timeout));
		for (int d = 0; d < g->ndevs; d++) {
			json_object *dv = json_object_new_object();
			json_object_object_add(dv, "name", json_object_new_string(g->devs[d].name));
			json_object_object_add(dv, "path", in->paths[d] ? json_object_new_string(in->paths[d]) : NULL);
			json_object_object_add(dv, "readable",
					       json_object_new_boolean(spec_dev_readable(g->devs[d].kind)));
			json_object_array_add(devs, dv);
		}
		json_object_object_add(o, "devices", devs);
		json_object_array_add(arr, o);
	}
	json_object_object_add(root, "nodes", json_object_new_int(j->n));
	json_object_object_add(root, "network", json_object_new_boolean(net));
	json_object_object_add(root, "instances", arr);
	printf("%s\n", json_object_to_json_string_ext(root, JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(root);
}
