/*
 * zrt_nvram.c - the /dev/nvram configuration, in the original ZRT's INI format.
 *
 *   [section]                  a section header; `#` starts a comment line
 *   key=value, key=value       records: key=value pairs, `,` and newline both
 *                              separate pairs; a key that repeats within a
 *                              section starts a new record
 *   \xHH                       an escaped byte in a value (\x2c is `,`)
 *
 * Sections read here:
 *   [args]   args=<argv0> <arg1> ...   split on spaces, "double quotes" group
 *   [env]    name=<NAME>, value=<value>    one record per variable
 *   [time]   seconds=<unix time>           the clock's start (default 0)
 *   [debug]  verbosity=<0..4>              ZRT messages to /dev/debug
 *   [random] seed=<integer>                the PRNG seed (ZeroVM-in-C addition)
 *   [fstab]  channel=<alias>, mountpoint=<path>, access=ro|rw|wo[, removable=,
 *            fsname=]                      tar images (zrt_tar.c; rw is an
 *                                          addition: mounted writable and
 *                                          exported back at exit)
 *   [mapping] channel=<alias>, mode=pipe|char|file   the type stat shows
 *   [precache] precache=yes|no             zfork() after the mounts, before main
 * Without [args], argv is {"stub"}, as in the original. Unknown sections and
 * keys are ignored.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "zrt.h"

struct zrt_config zrt_cfg = { .seed = 0x5a45524f564d31ull }; /* "ZEROVM1" */

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes \xHH escapes in place. */
static void unescape(char *s)
{
	char *o = s;
	while (*s) {
		if (s[0] == '\\' && s[1] == 'x' && hexval(s[2]) >= 0 && hexval(s[3]) >= 0) {
			*o++ = (char)(hexval(s[2]) * 16 + hexval(s[3]));
			s += 4;
		} else {
			*o++ = *s++;
		}
	}
	*o = 0;
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\r')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = 0;
	return s;
}

/* Before libc starts, memory comes from zrt_early_alloc; a reload after
 * zfork runs inside main's world and uses malloc (never freed: small). */
static int reloading;

static void *nv_alloc(size_t n)
{
	return reloading ? malloc(n) : zrt_early_alloc(n);
}

static char *dup_value(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = nv_alloc(n);
	if (!d)
		return (char *)"";
	memcpy(d, s, n);
	unescape(d);
	return d;
}

static int64_t parse_int(const char *s)
{
	int neg = 0;
	uint64_t v = 0;
	if (*s == '-')
		neg = 1, s++;
	while (*s >= '0' && *s <= '9')
		v = v * 10 + (uint64_t)(*s++ - '0');
	return neg ? -(int64_t)v : (int64_t)v;
}

/* [args]: splits on spaces; "double quoted" text is one argument. */
static void set_args(const char *line)
{
	size_t n = strlen(line);
	char *buf = nv_alloc(n + 1);
	char **argv = nv_alloc(sizeof(char *) * (n / 2 + 2));
	int argc = 0;
	const char *s = line;

	if (!buf || !argv)
		return;

	while (*s) {
		while (*s == ' ')
			s++;
		if (!*s)
			break;
		char *o = buf;
		int quoted = 0;
		while (*s && (quoted || *s != ' ')) {
			if (*s == '"') {
				quoted = !quoted;
				s++;
				continue;
			}
			*o++ = *s++;
		}
		*o = 0;
		unescape(buf);
		argv[argc++] = buf;
		buf = o + 1;
	}
	argv[argc] = 0;
	zrt_cfg.argc = argc;
	zrt_cfg.argv = argv;
}

enum {
	SEC_NONE, SEC_ARGS, SEC_ENV, SEC_TIME, SEC_DEBUG, SEC_RANDOM, SEC_FSTAB, SEC_MAPPING,
	SEC_PRECACHE, SEC_OTHER
};

struct record {
	char *key[8], *val[8];
	int n;
};

static char **env;
static int envcap;

static void add_env(const char *name, const char *value)
{
	if (zrt_cfg.envc + 1 >= envcap) {
		int cap = envcap ? envcap * 2 : 16;
		char **e = nv_alloc(sizeof(char *) * (size_t)cap);
		if (!e)
			return;
		if (zrt_cfg.envc)
			memcpy(e, env, sizeof(char *) * (size_t)zrt_cfg.envc);
		env = e;
		envcap = cap;
	}
	size_t a = strlen(name), b = strlen(value);
	char *s = nv_alloc(a + b + 2);
	if (!s)
		return;
	memcpy(s, name, a);
	s[a] = '=';
	memcpy(s + a + 1, value, b + 1);
	env[zrt_cfg.envc++] = s;
	env[zrt_cfg.envc] = 0;
}

static const char *get(const struct record *r, const char *key)
{
	for (int i = 0; i < r->n; i++)
		if (!strcmp(r->key[i], key))
			return r->val[i];
	return 0;
}

/* [fstab] channel=, mountpoint=, access=ro|rw|wo */
static void add_mount(const struct record *r)
{
	const char *ch = get(r, "channel"), *mp = get(r, "mountpoint"), *acc = get(r, "access");
	struct zrt_mount *m = &zrt_cfg.mounts[zrt_cfg.nmounts];
	if (!ch || !mp || !acc || mp[0] != '/') {
		zrt_debug("zrt: [fstab] record needs channel, an absolute mountpoint and access\n");
		return;
	}
	if (zrt_cfg.nmounts == ZRT_MAX_MOUNTS) {
		zrt_debug("zrt: [fstab] more than %d records; %s ignored\n", ZRT_MAX_MOUNTS, ch);
		return;
	}
	if (!strcmp(acc, "ro"))
		m->access = MOUNT_RO;
	else if (!strcmp(acc, "rw"))
		m->access = MOUNT_RW;
	else if (!strcmp(acc, "wo"))
		m->access = MOUNT_WO;
	else {
		zrt_debug("zrt: [fstab] access=%s: not ro, rw or wo\n", acc);
		return;
	}
	m->channel = dup_value(ch);
	m->mountpoint = dup_value(mp);
	zrt_cfg.nmounts++;
}

/* [mapping] channel=, mode=pipe|char|file */
static void add_mapping(const struct record *r)
{
	static const struct { const char *name; uint32_t type; } modes[] = {
		{ "pipe", S_IFIFO }, { "char", S_IFCHR }, { "file", S_IFREG },
	};
	const char *ch = get(r, "channel"), *mode = get(r, "mode");
	if (!ch || !mode || zrt_cfg.nmappings == ZRT_MAX_MAPPINGS) {
		zrt_debug("zrt: [mapping] record ignored\n");
		return;
	}
	for (int i = 0; i < 3; i++) {
		if (strcmp(mode, modes[i].name))
			continue;
		struct zrt_mapping *m = &zrt_cfg.mappings[zrt_cfg.nmappings++];
		m->channel = dup_value(ch);
		m->type = modes[i].type;
		return;
	}
	zrt_debug("zrt: [mapping] mode=%s: not pipe, char or file\n", mode);
}

static void apply(int sec, struct record *r)
{
	const char *v;
	if (!r->n)
		return;
	switch (sec) {
	case SEC_ARGS:
		if ((v = get(r, "args")))
			set_args(v); /* unescaped per argument */
		break;
	case SEC_ENV: {
		const char *name = get(r, "name"), *value = get(r, "value");
		if (name && value) {
			char *nv = dup_value(name), *vv = dup_value(value);
			if (*nv && !strchr(nv, '='))
				add_env(nv, vv);
			else
				zrt_debug("zrt: [env] name '%s' is empty or has '='\n", nv);
		}
		break;
	}
	case SEC_FSTAB:
		add_mount(r);
		break;
	case SEC_MAPPING:
		add_mapping(r);
		break;
	case SEC_PRECACHE:
		if ((v = get(r, "precache")))
			zrt_cfg.precache = !strcmp(v, "yes");
		break;
	case SEC_TIME:
		if ((v = get(r, "seconds")) && !reloading)
			zrt_cfg.time_sec = parse_int(v);
		break;
	case SEC_DEBUG:
		if ((v = get(r, "verbosity")))
			zrt_cfg.verbosity = (int)parse_int(v);
		break;
	case SEC_RANDOM:
		if ((v = get(r, "seed")) && !reloading)
			zrt_cfg.seed = (uint64_t)parse_int(v);
		break;
	}
	r->n = 0;
}

static int section_of(const char *name)
{
	static const char *const names[] = { "args", "env", "time", "debug", "random",
					     "fstab", "mapping", "precache" };
	for (int i = 0; i < 8; i++)
		if (!strcmp(name, names[i]))
			return SEC_ARGS + i;
	return SEC_OTHER;
}

static void parse(char *text)
{
	int sec = SEC_NONE;
	struct record r = { .n = 0 };
	char *line = text;

	while (line && *line) {
		char *next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		char *l = trim(line);
		line = next;
		if (!*l || *l == '#')
			continue;
		if (*l == '[') {
			char *end = strchr(l, ']');
			apply(sec, &r);
			if (end) {
				*end = 0;
				sec = section_of(trim(l + 1));
			} else {
				sec = SEC_OTHER;
			}
			continue;
		}
		/* key=value pairs separated by commas (escaped commas are \x2c) */
		for (char *p = l; p;) {
			char *comma = strchr(p, ',');
			if (comma)
				*comma++ = 0;
			char *eq = strchr(p, '=');
			if (eq) {
				*eq = 0;
				char *k = trim(p), *v = trim(eq + 1);
				if (get(&r, k) || r.n == 8)
					apply(sec, &r);
				r.key[r.n] = k;
				r.val[r.n++] = v;
			}
			p = comma;
		}
	}
	apply(sec, &r);
}

void zrt_nvram_parse(char *text, int reload)
{
	static char *stub[] = { "stub", 0 };

	reloading = reload;
	zrt_cfg.argc = 1;
	zrt_cfg.argv = stub;
	env = 0;
	envcap = 0;
	zrt_cfg.envc = 0;
	zrt_cfg.envp = 0;
	zrt_cfg.precache = 0;
	zrt_cfg.nmounts = zrt_cfg.nmappings = 0;
	zrt_cfg.verbosity = 0;
	if (text)
		parse(text);
	if (!env) {
		static char *empty[1];
		env = empty;
	}
	zrt_cfg.envp = env;
}
