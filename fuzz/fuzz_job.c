/*
 * fuzz_job.c - libFuzzer target for zvm-job's job-JSON parser (spec_parse),
 * in both dialects (local paths; a Swift job's swift:// paths).
 *
 * The input is handed over in a heap buffer of exactly its size (ASan catches
 * any read past len). On success the parsed job must keep the parser's
 * promises: at least one group; names non-empty, [A-Za-z0-9_] and unique;
 * an exec path; device names unique within the group, with a path where one
 * is required and a kind that matches the name; counts, memory and timeout
 * in range; every `connect` names a group. On error the message is
 * non-empty and terminated and the struct is zeroed. Both paths end in
 * spec_free (LeakSanitizer checks).
 */
#include <stdlib.h>
#include <string.h>

#include "job/job.h"

#define CHECK(c) do { if (!(c)) abort(); } while (0)

static int word(const char *s, const char *extra)
{
	if (!s || !*s || strlen(s) >= JOB_MAX_NAME)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      *s == '_' || (extra && strchr(extra, *s))))
			return 0;
	return 1;
}

static void check_ok(const struct spec *s)
{
	static const char *const std[] = { "stdin", "stdout", "stderr", "input", "output", "image" };

	CHECK(s->ngroups >= 1 && s->groups);
	for (int i = 0; i < s->ngroups; i++) {
		const struct spec_group *g = &s->groups[i];
		CHECK(word(g->name, NULL));
		for (int k = 0; k < i; k++)
			CHECK(strcmp(s->groups[k].name, g->name) != 0);
		CHECK(g->exec_path && *g->exec_path && strncmp(g->exec_path, "file://", 7) != 0);
		CHECK(g->count >= 0 && g->count <= JOB_MAX_COUNT);
		CHECK(g->memory >= 1 << 20 && g->memory <= 1LL << 32);
		CHECK(g->timeout >= 0 && g->timeout <= 86400);
		CHECK(g->nargs >= 0 && g->nenv >= 0 && g->ndevs >= 0 && g->nconnect >= 0);
		for (int k = 0; k < g->nargs; k++)
			CHECK(g->args[k]); /* "" is an empty argument */
		for (int k = 0; k < g->nenv; k++)
			CHECK(*g->env[2 * k] && !strchr(g->env[2 * k], '=') && g->env[2 * k + 1]);
		for (int d = 0; d < g->ndevs; d++) {
			const struct spec_dev *dv = &g->devs[d];
			CHECK(word(dv->name, ".-"));
			for (int k = 0; k < d; k++)
				CHECK(strcmp(g->devs[k].name, dv->name) != 0);
			CHECK(dv->kind >= DEV_STDIN && dv->kind <= DEV_NAMED);
			CHECK(dv->kind == DEV_NAMED ? 1 : strcmp(dv->name, std[dv->kind]) == 0);
			CHECK(!dv->path || *dv->path);
			CHECK(dv->path || dv->kind == DEV_STDIN || dv->kind == DEV_STDOUT ||
			      dv->kind == DEV_STDERR || dv->kind == DEV_OUTPUT);
		}
		for (int c = 0; c < g->nconnect; c++) {
			int found = 0;
			for (int k = 0; k < s->ngroups; k++)
				found |= !strcmp(s->groups[k].name, g->connect[c]);
			CHECK(found);
		}
	}
}

/* A Swift job's paths: swift://A/C/O, a * only in the object. */
static void check_swift(const struct spec *s)
{
	for (int i = 0; i < s->ngroups; i++) {
		const struct spec_group *g = &s->groups[i];
		CHECK(!strncmp(g->exec_path, "swift://", 8) && !strchr(g->exec_path, '*'));
		for (int d = 0; d < g->ndevs; d++) {
			const char *p = g->devs[d].path, *c, *o;
			if (!p)
				continue;
			CHECK(!strncmp(p, "swift://", 8));
			c = strchr(p + 8, '/');
			CHECK(c && c > p + 8);
			o = strchr(c + 1, '/');
			CHECK(o && o > c + 1 && o[1]);
			CHECK(!memchr(p, '*', (size_t)(o - p)));
			for (; *p; p++)
				CHECK((unsigned char)*p >= 0x20 && *p != 0x7f);
		}
		CHECK(g->attach >= -1 && g->attach < g->ndevs);
	}
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct spec s, zero;
	char err[512];
	char *buf = malloc(size ? size : 1);

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	/* both dialects: local paths, and a Swift job's */
	for (int flags = 0; flags <= SPEC_SWIFT; flags += SPEC_SWIFT) {
		if (spec_parse_ex(buf, size, &s, flags, err, sizeof err) == 0) {
			check_ok(&s);
			if (flags)
				check_swift(&s);
		} else {
			CHECK(err[0] && memchr(err, 0, sizeof err));
			memset(&zero, 0, sizeof zero);
			CHECK(memcmp(&s, &zero, sizeof s) == 0);
		}
		spec_free(&s);
	}
	free(buf);
	return 0;
}
