/*
 * job_expand.c - node groups become instances (the original's
 * configparser rules, on local files).
 *
 * A `*` in a readable device's path makes one instance per matching file
 * (sorted by name); what each `*` matched replaces the `*`s of the group's
 * writable paths, in order. Without such a wildcard the group has `count`
 * instances (1 by default) and a `*` in a writable path becomes the
 * instance name. Instances are `name-1`..`name-N` when there are several,
 * `name` when one; nodes are numbered 1..total in group then instance
 * order. `connect` makes an edge from every instance of the group to every
 * instance of each listed group (never to itself); instances joined by
 * edges form a unit, which runs together. In a Swift job a `*` matches
 * the objects of the container listing given (job_swift.c).
 */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "job.h"

#define MAX_STARS 16

/* Matches str against pat (`*` = any text, every other byte itself); what
 * each `*` matched goes to caps (malloc'd; caps NULL: not kept). The first
 * `*` takes the longest text that still lets the rest match, and so on.
 * States that failed are remembered (dead[], one bit per pattern and text
 * position): a pattern with many stars costs polynomial time, not
 * exponential (a Swift job's pattern and object names are a user's). */
struct matcher {
	const char *pat, *str;
	size_t slen;
	unsigned char *dead;
	char **caps;
};

static int match_at(struct matcher *m, size_t p, size_t s, int k)
{
	size_t bit = p * (m->slen + 1) + s;
	if (m->dead[bit / 8] & (1u << (bit % 8)))
		return 0;
	if (m->pat[p] == 0) {
		if (s == m->slen)
			return 1;
	} else if (m->pat[p] == '*') {
		for (size_t e = m->slen + 1; e-- > s;) {
			if (match_at(m, p + 1, e, k + 1)) {
				if (m->caps && k < MAX_STARS) {
					m->caps[k] = job_alloc(e - s + 1);
					memcpy(m->caps[k], m->str + s, e - s);
				}
				return 1;
			}
		}
	} else if (m->pat[p] == m->str[s] && match_at(m, p + 1, s + 1, k)) {
		return 1;
	}
	m->dead[bit / 8] |= (unsigned char)(1u << (bit % 8));
	return 0;
}

int job_match(const char *pat, const char *str, char **caps)
{
	struct matcher m = { pat, str, strlen(str), NULL, caps };
	size_t bits = (strlen(pat) + 1) * (m.slen + 1);
	m.dead = calloc(bits / 8 + 1, 1);
	if (!m.dead)
		job_die(2, "out of memory");
	int r = match_at(&m, 0, 0, 0);
	free(m.dead);
	return r;
}

/* Replaces the `*`s of pat: the k-th by caps[k] (the last one when fewer),
 * or all by name when ncaps is 0. */
static char *substitute(const char *pat, char **caps, int ncaps, const char *name)
{
	size_t n = strlen(pat) + 1, at = 0;
	int k = 0;
	for (const char *p = pat; *p; p++)
		if (*p == '*')
			n += strlen(ncaps ? caps[k < ncaps ? k : ncaps - 1] : name), k++;
	char *out = job_alloc(n);
	k = 0;
	for (const char *p = pat; *p; p++) {
		if (*p != '*') {
			out[at++] = *p;
			continue;
		}
		const char *s = ncaps ? caps[k < ncaps ? k : ncaps - 1] : name;
		memcpy(out + at, s, strlen(s));
		at += strlen(s);
		k++;
	}
	return out;
}

static int find(int *parent, int x)
{
	while (parent[x] != x)
		x = parent[x] = parent[parent[x]];
	return x;
}

static int add_group(struct job *j, int gi, char *err, size_t errlen)
{
	struct spec_group *g = &j->spec.groups[gi];
	int wild = -1, n;
	glob_t gl = { 0 };

	for (int d = 0; d < g->ndevs; d++) {
		if (!g->devs[d].path || !spec_dev_readable(g->devs[d].kind) || !strchr(g->devs[d].path, '*'))
			continue;
		if (wild >= 0) {
			snprintf(err, errlen, "group \"%s\": wildcards in two readable devices (%s, %s)",
				 g->name, g->devs[wild].name, g->devs[d].name);
			return -1;
		}
		wild = d;
	}
	char **pv = NULL;      /* what the wildcard matched: files, or objects */
	size_t pc = 0;
	if (wild >= 0) {
		const char *pat = g->devs[wild].path;
		if (is_swift(pat)) {
			if (swift_glob(j, pat, &pv, &pc) != 0) {
				snprintf(err, errlen, "group \"%s\": device %s: the container of %s was not listed",
					 g->name, g->devs[wild].name, pat);
				return -1;
			}
		} else if (glob(pat, 0, NULL, &gl) == 0) {
			pv = gl.gl_pathv;
			pc = gl.gl_pathc;
		}
		if (pc == 0) {
			snprintf(err, errlen, "group \"%s\": device %s: no %s matches %s", g->name,
				 g->devs[wild].name, is_swift(pat) ? "object" : "file", pat);
			goto fail;
		}
		if (pc > JOB_MAX_COUNT) {
			snprintf(err, errlen, "group \"%s\": %zu %s match %s (at most %d)", g->name, pc,
				 is_swift(pat) ? "objects" : "files", pat, JOB_MAX_COUNT);
			goto fail;
		}
		n = (int)pc;
	} else {
		n = g->count ? g->count : 1;
	}
	for (int d = 0; d < g->ndevs; d++) {
		const char *p = g->devs[d].path;
		if (n > 1 && p && !spec_dev_readable(g->devs[d].kind) && !strchr(p, '*') &&
		    strcmp(p, "/dev/null")) {
			snprintf(err, errlen,
				 "group \"%s\": device %s: a single path for %d instances (put a * in it)",
				 g->name, g->devs[d].name, n);
			goto fail;
		}
	}
	j->in = realloc(j->in, (size_t)(j->n + n) * sizeof *j->in);
	if (!j->in)
		job_die(2, "out of memory");
	for (int i = 0; i < n; i++) {
		struct inst *in = &j->in[j->n];
		char *caps[MAX_STARS] = { 0 };
		int ncaps = 0;

		memset(in, 0, sizeof *in);
		in->group = gi;
		in->index = i + 1;
		in->node = j->n + 1;
		in->name = n > 1 ? job_fmt("%s-%d", g->name, i + 1) : job_strdup(g->name);
		in->paths = job_alloc((size_t)(g->ndevs + 1) * sizeof *in->paths);
		if (wild >= 0) {
			job_match(g->devs[wild].path, pv[i], caps);
			for (const char *p = g->devs[wild].path; *p; p++)
				ncaps += *p == '*' && ncaps < MAX_STARS;
		}
		for (int d = 0; d < g->ndevs; d++) {
			const char *p = g->devs[d].path;
			if (!p)
				continue;
			if (d == wild)
				in->paths[d] = job_strdup(pv[i]);
			else if (!spec_dev_readable(g->devs[d].kind) && strchr(p, '*'))
				in->paths[d] = substitute(p, caps, ncaps, in->name);
			else
				in->paths[d] = job_strdup(p);
		}
		for (int k = 0; k < MAX_STARS; k++)
			free(caps[k]);
		j->n++;
	}
	globfree(&gl);
	if (wild >= 0 && is_swift(g->devs[wild].path))
		free(pv);  /* its strings are the listing's */
	return 0;
fail:
	globfree(&gl);
	if (wild >= 0 && is_swift(g->devs[wild].path))
		free(pv);
	return -1;
}

static void edge(struct inst *a, int ia, struct inst *b, int ib)
{
	a->peers_out = realloc(a->peers_out, (size_t)(a->nout + 1) * sizeof(int));
	b->peers_in = realloc(b->peers_in, (size_t)(b->nin + 1) * sizeof(int));
	if (!a->peers_out || !b->peers_in)
		job_die(2, "out of memory");
	a->peers_out[a->nout++] = ib;
	b->peers_in[b->nin++] = ia;
}

int expand_job(struct job *j, char *err, size_t errlen)
{
	struct spec *s = &j->spec;
	int *first = job_alloc((size_t)(s->ngroups + 1) * sizeof(int));

	for (int g = 0; g < s->ngroups; g++) {
		first[g] = j->n;
		if (add_group(j, g, err, errlen)) {
			free(first);
			return -1;
		}
	}
	first[s->ngroups] = j->n;
	int *parent = job_alloc((size_t)j->n * sizeof(int));
	for (int i = 0; i < j->n; i++)
		parent[i] = i;
	for (int g = 0; g < s->ngroups; g++) {
		for (int c = 0; c < s->groups[g].nconnect; c++) {
			int h = 0;
			while (strcmp(s->groups[h].name, s->groups[g].connect[c]))
				h++;
			for (int a = first[g]; a < first[g + 1]; a++)
				for (int b = first[h]; b < first[h + 1]; b++)
					if (a != b) {
						edge(&j->in[a], a, &j->in[b], b);
						parent[find(parent, a)] = find(parent, b);
					}
		}
	}
	/* Units numbered in order of their first instance. */
	int *unit = job_alloc((size_t)j->n * sizeof(int));
	for (int i = 0; i < j->n; i++)
		unit[i] = -1;
	j->nunits = 0;
	for (int i = 0; i < j->n; i++) {
		int r = find(parent, i);
		if (unit[r] < 0)
			unit[r] = j->nunits++;
		j->in[i].unit = unit[r];
	}
	free(unit);
	free(parent);
	free(first);
	return 0;
}
