/*
 * job_cache.c - the result cache: a session's outputs are a function of
 * its inputs, so work seen before need not run again.
 *
 * An instance's key is SHA-256 over a text naming everything its session
 * can observe: the program's bytes, memory and timeout, then for every
 * channel in manifest order its alias, type, etag flag and direction, and
 * for a readable file the SHA-256 of its content (the nvram is one: argv,
 * environment and mounts are in it). Writable files' paths are not in the
 * key, so the same work writing elsewhere still hits.
 *
 * An instance with a network channel has an input nobody knows in advance,
 * so it is never looked up on its own. Its whole unit (the instances joined
 * by `connect`) can be: each member is a deterministic session and every
 * stream between them is a FIFO read with blocking reads (a Kahn network),
 * so what flows between them, and what they write, is a function of the
 * unit's file inputs. A unit's key covers every member's key, network
 * channels included by alias, direction and node (tcp:N:). An instance
 * without network channels is a unit of one.
 *
 * An entry is CACHE/<unit key>/ with `report.<m>` (zerovm's) and
 * `ch<m>.<k>` for each writable file channel k of member m; it is built in
 * a temporary directory and renamed, so a reader sees a whole entry or
 * none. Only units whose members all ended well are stored.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "job.h"

static int hash_file(const char *path, char hex[65])
{
	struct sha256_ctx c;
	unsigned char buf[1 << 16], d[SHA256_DIGEST_SIZE];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	sha256_init(&c);
	while ((n = read(fd, buf, sizeof buf)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			close(fd);
			return -1;
		}
		sha256_update(&c, (size_t)n, buf);
	}
	close(fd);
	sha256_digest(&c, sizeof d, d);
	for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
		sprintf(hex + 2 * i, "%02x", d[i]);
	return 0;
}

static void put(struct sha256_ctx *c, const char *s)
{
	sha256_update(c, strlen(s), (const uint8_t *)s);
}

static void digest_hex(struct sha256_ctx *c, char out[65])
{
	unsigned char d[SHA256_DIGEST_SIZE];
	sha256_digest(c, sizeof d, d);
	for (int k = 0; k < SHA256_DIGEST_SIZE; k++)
		sprintf(out + 2 * k, "%02x", d[k]);
}

/* Writable file channels: where outputs go (not /dev/null, not network). */
static int stored(const struct chan *ch)
{
	return !ch->readable && !ch->net && strcmp(ch->uri, "/dev/null") != 0;
}

int cache_key(struct job *j, int i, char *err, size_t errlen)
{
	struct inst *in = &j->in[i];
	struct spec_group *g = &j->spec.groups[in->group];
	struct sha256_ctx c;
	char hex[65], line[512];

	(void)err, (void)errlen;
	in->cache = CACHE_OFF;
	in->cache_key[0] = 0;
	if (!j->cache_dir)
		return 0;
	sha256_init(&c);
	put(&c, "zvm-job cache 1\n");
	if (hash_file(g->exec_path, hex) != 0)
		return 0; /* it will fail to start: nothing to look up */
	snprintf(line, sizeof line, "program %s\nmemory %lld\ntimeout %d\n", hex, g->memory,
		 g->timeout ? g->timeout : j->timeout);
	put(&c, line);
	for (int k = 0; k < in->nch; k++) {
		struct chan *ch = &in->ch[k];
		if (ch->readable && !ch->net && hash_file(ch->uri, hex) != 0)
			return 0;
		snprintf(line, sizeof line, "channel %s %d %d %s %s\n", ch->alias, ch->type, ch->etag,
			 ch->readable ? "read" : "write",
			 ch->net ? ch->uri : ch->readable ? hex : "-");
		put(&c, line);
	}
	digest_hex(&c, in->cache_key);
	in->cache = CACHE_MISS;
	return 0;
}

/* The unit's key, or 0 when a member has none. */
static int unit_key(struct job *j, const int *m, int n, char out[65])
{
	struct sha256_ctx c;
	sha256_init(&c);
	put(&c, "zvm-job unit 1\n");
	for (int k = 0; k < n; k++) {
		if (j->in[m[k]].cache != CACHE_MISS)
			return 0;
		put(&c, j->in[m[k]].cache_key);
		put(&c, "\n");
	}
	digest_hex(&c, out);
	return 1;
}

int cache_restore(struct job *j, const int *m, int n)
{
	char key[65], path[4096];

	if (!j->cache_dir || !unit_key(j, m, n, key))
		return 0;
	/* Every report first: a damaged entry is a miss, not half a hit. */
	for (int k = 0; k < n; k++) {
		snprintf(path, sizeof path, "%s/%s/report.%d", j->cache_dir, key, k);
		if (report_read(path, &j->in[m[k]].rep) != 0)
			return 0;
	}
	for (int k = 0; k < n; k++) {
		struct inst *in = &j->in[m[k]];
		for (int c = 0; c < in->nch; c++) {
			if (!stored(&in->ch[c]))
				continue;
			snprintf(path, sizeof path, "%s/%s/ch%d.%d", j->cache_dir, key, k, c);
			if (copy_file(path, in->ch[c].uri) != 0)
				return 0; /* run instead: the outputs will be rewritten */
		}
	}
	for (int k = 0; k < n; k++)
		j->in[m[k]].cache = CACHE_HIT;
	return 1;
}

static void remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[4096];

	while (d && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		unlink(path);
	}
	if (d)
		closedir(d);
	rmdir(dir);
}

int cache_store(struct job *j, const int *m, int n)
{
	char key[65], tmp[4096], path[4096], dst[4096];
	int rc = 0;

	if (!j->cache_dir || !unit_key(j, m, n, key))
		return 0;
	for (int k = 0; k < n; k++)
		if (j->in[m[k]].failed)
			return 0;
	snprintf(tmp, sizeof tmp, "%s/tmp.XXXXXX", j->cache_dir);
	if (!mkdtemp(tmp))
		return -1;
	for (int k = 0; !rc && k < n; k++) {
		struct inst *in = &j->in[m[k]];
		snprintf(path, sizeof path, "%s/report.%d", tmp, k);
		rc = copy_file(in->report_path, path);
		for (int c = 0; !rc && c < in->nch; c++) {
			if (!stored(&in->ch[c]))
				continue;
			snprintf(path, sizeof path, "%s/ch%d.%d", tmp, k, c);
			rc = copy_file(in->ch[c].uri, path);
		}
	}
	snprintf(dst, sizeof dst, "%s/%s", j->cache_dir, key);
	if (rc || rename(tmp, dst) != 0) {
		remove_dir(tmp); /* or another run stored it first */
		return -1;
	}
	return 0;
}
