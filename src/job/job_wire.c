/*
 * job_wire.c - an instance's channels, its nvram and its manifest.
 *
 * Channels, in this order (zerovm sorts all but the first three):
 *   /dev/stdin  (path, or /dev/null)          read, sequential
 *   /dev/stdout, /dev/stderr (path, or WORKDIR/<name>.stdout|.stderr)
 *   /dev/nvram  WORKDIR/<name>.nvram          read, random
 *   /dev/input, /dev/image, /dev/<named>      read, random
 *   /dev/output (path, or WORKDIR/<name>.output)   write, random
 *   /dev/out/<peer>  tcp:<peer node>:         write, sequential, etag
 *   /dev/in/<peer>   tcp:<peer node>:         read, sequential, etag
 * The nvram gives argv ([args]: exec.name or the instance name, then
 * exec.args), the environment ([env]) and mounts an image at / read-only
 * ([fstab]). Limits are 4 GiB in the channel's direction (or the bytes of
 * --max-read and --max-write), 0 in the other.
 * Every manifest carries the job's JobSecret (the key of the TCP channel
 * handshake), so it is written 0600: only this user may read it.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "job.h"

static void add(struct inst *in, char *uri, char *alias, int type, int readable, int net)
{
	struct chan *c = &in->ch[in->nch++];
	c->uri = uri;
	c->alias = alias;
	c->type = type;
	c->readable = readable;
	c->net = net;
	c->etag = net;
}

/* An absolute path for the manifest; readable ones must exist. */
static char *absolute(const char *p, int readable, const char *who, char *err, size_t errlen)
{
	char buf[PATH_MAX];
	if (strpbrk(p, ",\n#")) {
		snprintf(err, errlen, "%s: path %s: a comma, newline or # cannot go in a manifest", who, p);
		return NULL;
	}
	if (readable) {
		if (!realpath(p, buf)) {
			snprintf(err, errlen, "%s: %s: %s", who, p, strerror(errno));
			return NULL;
		}
		return job_strdup(buf);
	}
	if (p[0] == '/')
		return job_strdup(p);
	if (!getcwd(buf, sizeof buf))
		job_die(2, "getcwd: %s", strerror(errno));
	return job_fmt("%s/%s", buf, p);
}

/* nvram values: every byte but a small safe set as \xHH (ZRT splits on
 * spaces, commas and newlines). */
static void put_escaped(FILE *f, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    strchr("._/-+:@%", c))
			fputc(c, f);
		else
			fprintf(f, "\\x%02x", c);
	}
}

static int write_nvram(struct job *j, struct inst *in, int image, char *err, size_t errlen)
{
	struct spec_group *g = &j->spec.groups[in->group];
	FILE *f = fopen(in->nvram, "w");

	if (!f) {
		snprintf(err, errlen, "%s: %s", in->nvram, strerror(errno));
		return -1;
	}
	fputs("[args]\nargs=", f);
	put_escaped(f, g->exec_name ? g->exec_name : in->name);
	for (int k = 0; k < g->nargs; k++) {
		fputc(' ', f);
		put_escaped(f, g->args[k]);
		if (!g->args[k][0])
			fputs("\"\"", f); /* ZRT: an empty argument */
	}
	fputs("\n[env]\n", f);
	for (int k = 0; k < g->nenv; k++) {
		fputs("name=", f);
		put_escaped(f, g->env[2 * k]);
		fputs(", value=", f);
		put_escaped(f, g->env[2 * k + 1]);
		fputc('\n', f);
	}
	if (image)
		fputs("[fstab]\nchannel=/dev/image, mountpoint=/, access=ro\n", f);
	if (fclose(f) != 0) {
		snprintf(err, errlen, "%s: %s", in->nvram, strerror(errno));
		return -1;
	}
	return 0;
}

int wire_channels(struct job *j, int i, char *err, size_t errlen)
{
	struct inst *in = &j->in[i];
	struct spec_group *g = &j->spec.groups[in->group];
	char *std[3] = { 0 }, who[160];
	int image = 0;

	snprintf(who, sizeof who, "instance %s", in->name);
	in->ch = job_alloc((size_t)(g->ndevs + in->nin + in->nout + 4) * sizeof *in->ch);
	in->nvram = job_fmt("%s/%s.nvram", j->workdir, in->name);
	in->manifest = job_fmt("%s/%s.manifest", j->workdir, in->name);
	in->report_path = job_fmt("%s/%s.report", j->workdir, in->name);
	in->err_path = job_fmt("%s/%s.zerovm", j->workdir, in->name);
	for (int d = 0; d < g->ndevs; d++) {
		int k = g->devs[d].kind;
		if (k > DEV_STDERR)
			continue;
		if (in->paths[d] && !(std[k] = absolute(in->paths[d], k == DEV_STDIN, who, err, errlen)))
			return -1;
		if (k == DEV_STDOUT && !in->paths[d])
			in->print_stdout = 1;
	}
	add(in, std[0] ? std[0] : job_strdup("/dev/null"), job_strdup("/dev/stdin"), 0, 1, 0);
	in->stdout_path = std[1] ? std[1] : job_fmt("%s/%s.stdout", j->workdir, in->name);
	add(in, job_strdup(in->stdout_path), job_strdup("/dev/stdout"), 0, 0, 0);
	add(in, std[2] ? std[2] : job_fmt("%s/%s.stderr", j->workdir, in->name),
	    job_strdup("/dev/stderr"), 0, 0, 0);
	add(in, job_strdup(in->nvram), job_strdup("/dev/nvram"), 1, 1, 0);
	for (int d = 0; d < g->ndevs; d++) {
		int k = g->devs[d].kind;
		char *p;
		if (k <= DEV_STDERR)
			continue;
		if (k == DEV_OUTPUT) {
			p = in->paths[d] ? absolute(in->paths[d], 0, who, err, errlen)
					 : job_fmt("%s/%s.output", j->workdir, in->name);
			if (!p)
				return -1;
			add(in, p, job_strdup("/dev/output"), 2, 0, 0);
			continue;
		}
		if (!(p = absolute(in->paths[d], 1, who, err, errlen)))
			return -1;
		image |= k == DEV_IMAGE;
		add(in, p, job_fmt("/dev/%s", g->devs[d].name), 1, 1, 0);
	}
	for (int k = 0; k < in->nout; k++) {
		struct inst *p = &j->in[in->peers_out[k]];
		add(in, job_fmt("tcp:%d:", p->node), job_fmt("/dev/out/%s", p->name), 0, 0, 1);
	}
	for (int k = 0; k < in->nin; k++) {
		struct inst *p = &j->in[in->peers_in[k]];
		add(in, job_fmt("tcp:%d:", p->node), job_fmt("/dev/in/%s", p->name), 0, 1, 1);
	}
	return write_nvram(j, in, image, err, errlen);
}

int wire_files(struct job *j, int i, const char *ns, char *err, size_t errlen)
{
	struct inst *in = &j->in[i];
	struct spec_group *g = &j->spec.groups[in->group];
	char prog[PATH_MAX], *abs;
	FILE *f;

	/* A missing program is zerovm's error to report: the instance fails. */
	if (!realpath(g->exec_path, prog)) {
		if (!(abs = absolute(g->exec_path, 0, in->name, err, errlen)))
			return -1;
		snprintf(prog, sizeof prog, "%s", abs);
		free(abs);
	}
	/* 0600 also when an earlier run left the file: fchmod before the secret */
	int fd = open(in->manifest, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0 || fchmod(fd, 0600) != 0 || !(f = fdopen(fd, "w"))) {
		snprintf(err, errlen, "%s: %s", in->manifest, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	fprintf(f, "Version = 20130611\nProgram = %s\nMemory = %lld, 0\nTimeout = %d\n", prog,
		g->memory, g->timeout ? g->timeout : j->timeout);
	if (ns)
		fprintf(f, "Node = %d\nNameServer = udp:%s\n", in->node, ns);
	fprintf(f, "JobSecret = %s\n", j->secret);
	for (int k = 0; k < in->nch; k++) {
		struct chan *c = &in->ch[k];
		fprintf(f, "Channel = %s, %s, %d, %d, %s, %s, %s, %s\n", c->uri, c->alias, c->type,
			c->etag, c->readable ? JOB_BIG : "0", c->readable ? j->max_read : "0",
			c->readable ? "0" : JOB_BIG, c->readable ? "0" : j->max_write);
	}
	if (fclose(f) != 0) {
		snprintf(err, errlen, "%s: %s", in->manifest, strerror(errno));
		return -1;
	}
	return 0;
}
