/*
 * job_cache.c - the result cache: a session's outputs are a function of
 * its inputs, so a session seen before need not run again.
 *
 * The key is SHA-256 over a text naming everything a session can observe:
 * the program's bytes, memory and timeout, then for every channel in
 * manifest order its alias, type, etag flag, direction, and for a readable
 * one the SHA-256 of its content (the nvram is one: argv, environment and
 * mounts are in it). Writable channels' paths are not in the key, so the
 * same work writing elsewhere still hits. An instance with a network channel
 * has inputs nobody knows in advance: it is never cached.
 *
 * An entry is CACHE/<key>/ with `report` (zerovm's) and `ch<k>` for each
 * writable channel k; it is built in a temporary directory and renamed, so
 * a reader sees a whole entry or none. Only sessions whose state is "ok"
 * are stored.
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

int cache_key(struct job *j, int i, char *err, size_t errlen)
{
	struct inst *in = &j->in[i];
	struct spec_group *g = &j->spec.groups[in->group];
	struct sha256_ctx c;
	unsigned char d[SHA256_DIGEST_SIZE];
	char hex[65], line[512];

	(void)err, (void)errlen;
	in->cache = CACHE_OFF;
	for (int k = 0; k < in->nch; k++)
		if (in->ch[k].net)
			in->cache = CACHE_NET;
	if (!j->cache_dir || in->cache == CACHE_NET)
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
		if (ch->readable && hash_file(ch->uri, hex) != 0)
			return 0;
		snprintf(line, sizeof line, "channel %s %d %d %s %s\n", ch->alias, ch->type, ch->etag,
			 ch->readable ? "read" : "write", ch->readable ? hex : "-");
		put(&c, line);
	}
	sha256_digest(&c, sizeof d, d);
	for (int k = 0; k < SHA256_DIGEST_SIZE; k++)
		sprintf(in->cache_key + 2 * k, "%02x", d[k]);
	in->cache = CACHE_MISS;
	return 0;
}

int cache_restore(struct job *j, int i)
{
	struct inst *in = &j->in[i];
	char path[4096];

	if (in->cache != CACHE_MISS)
		return 0;
	snprintf(path, sizeof path, "%s/%s/report", j->cache_dir, in->cache_key);
	if (report_read(path, &in->rep) != 0)
		return 0;
	for (int k = 0; k < in->nch; k++) {
		struct chan *ch = &in->ch[k];
		if (ch->readable || !strcmp(ch->uri, "/dev/null"))
			continue;
		snprintf(path, sizeof path, "%s/%s/ch%d", j->cache_dir, in->cache_key, k);
		if (copy_file(path, ch->uri) != 0)
			return 0; /* a damaged entry: run instead */
	}
	in->cache = CACHE_HIT;
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

int cache_store(struct job *j, int i)
{
	struct inst *in = &j->in[i];
	char tmp[4096], path[4096], dst[4096];

	if (in->cache != CACHE_MISS || in->failed)
		return 0;
	snprintf(tmp, sizeof tmp, "%s/tmp.XXXXXX", j->cache_dir);
	if (!mkdtemp(tmp))
		return -1;
	snprintf(path, sizeof path, "%s/report", tmp);
	int rc = copy_file(in->report_path, path);
	for (int k = 0; !rc && k < in->nch; k++) {
		struct chan *ch = &in->ch[k];
		if (ch->readable || !strcmp(ch->uri, "/dev/null"))
			continue;
		snprintf(path, sizeof path, "%s/ch%d", tmp, k);
		rc = copy_file(ch->uri, path);
	}
	snprintf(dst, sizeof dst, "%s/%s", j->cache_dir, in->cache_key);
	if (rc || rename(tmp, dst) != 0) {
		remove_dir(tmp); /* or another run stored it first */
		return -1;
	}
	return 0;
}
