/*
 * zvsh - run a nexe like a shell command.
 *
 *   zvsh [--zvm-image PATH[,MOUNTPOINT][,ro|rw]]... [--zvm-memory BYTES]
 *        [--zvm-timeout S] [--zvm-save-dir DIR] [--zvm-debug]
 *        [--zvm-daemon SOCKET] PROGRAM [ARGS...]
 *
 * Writes a manifest and an nvram for PROGRAM, runs zerovm on them with this
 * process's stdin, stdout and stderr as the program's, and exits with the
 * program's return code. In ARGS, "@NAME=value" sets an environment
 * variable, and "@PATH" exposes that host file as the channel
 * /dev/<k>.<basename> (read-write when writable), passing the alias instead.
 * When zerovm itself fails, zvsh prints the report on stderr and exits 125.
 *
 * --zvm-image mounts a tar image in the sandbox's file tree ([fstab]): at /
 * unless MOUNTPOINT is given, read-only unless rw (then what the program
 * changes under the mount point is written back into the image at exit).
 * PROGRAM may be IMAGE.tar:MEMBER: the member is extracted as the program
 * and the image is mounted read-only at / (unless --zvm-image mounts it).
 *
 * --zvm-daemon SOCKET runs PROGRAM as a request to a daemon on SOCKET
 * (zvsh_daemon.c), starting the daemon first when none answers there.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/tar.h"
#include "zvsh.h"

#define MAX_FILES 64
#define MAX_IMAGES 16

struct image {
	char path[PATH_MAX];
	const char *mountpoint;
	int rw;
};

extern char **environ;

void die(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("zvsh: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(code);
}

/* nvram values: every byte but a small safe set as \xHH (the ZRT parser
 * splits on spaces, commas and newlines). */
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

/* --zvm-image PATH[,MOUNTPOINT][,ro|rw] */
static void parse_image(struct image *im, const char *v)
{
	char *copy = strdup(v), *save = 0;
	char *p = strtok_r(copy, ",", &save);
	if (!p || !realpath(p, im->path))
		die(2, "--zvm-image %s: %s", v, p ? strerror(errno) : "no path");
	im->mountpoint = "/";
	im->rw = 0;
	while ((p = strtok_r(0, ",", &save))) {
		if (p[0] == '/')
			im->mountpoint = p;
		else if (!strcmp(p, "ro") || !strcmp(p, "rw"))
			im->rw = p[1] == 'w';
		else
			die(2, "--zvm-image %s: '%s' is neither a mount point nor ro/rw", v, p);
	}
}

/* Normalized archive name: no leading "./" or "/". */
static const char *bare(const char *name)
{
	for (;;) {
		if (name[0] == '/')
			name++;
		else if (name[0] == '.' && name[1] == '/')
			name += 2;
		else
			return name;
	}
}

/* Extracts MEMBER of the tar at image into out (mode 0700). */
static void extract(const char *image, const char *member, const char *out)
{
	int fd = open(image, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0)
		die(2, "%s: %s", image, strerror(errno));
	void *map = st.st_size ? mmap(0, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0) : 0;
	if (map == MAP_FAILED)
		die(2, "%s: %s", image, strerror(errno));
	close(fd);
	static struct tar_reader r;
	static struct tar_entry e;
	int k;
	tar_reader_init(&r, map, map ? (size_t)st.st_size : 0);
	while ((k = tar_next(&r, &e)) > 0)
		if (e.type == TAR_FILE && !strcmp(bare(e.name), bare(member)))
			break;
	if (k < 0)
		die(2, "%s: not a tar image: %s", image, r.error);
	if (k == 0)
		die(2, "%s: no member %s", image, member);
	int o = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0700);
	if (o < 0 || write(o, e.data, e.size) != (ssize_t)e.size || close(o) != 0)
		die(2, "%s: %s", out, strerror(errno));
	if (map)
		munmap(map, (size_t)st.st_size);
}

static unsigned long long number(const char *opt, const char *s)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 0);
	if (errno || !*s || *end || *s == '-')
		die(2, "%s: '%s' is not a number", opt, s);
	return v;
}

/* zerovm (next to zvsh) on a manifest, with stdout as fd 3 when
 * pass_stdout; the report (NUL-terminated) in report. Returns zerovm's
 * exit code (128 + the signal if it was killed). */
int zvsh_run_zerovm(const char *manifest, int pass_stdout, char *report, size_t cap)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 20);
	if (n <= 0)
		die(2, "cannot find my own path");
	self[n] = 0;
	char *slash = strrchr(self, '/');
	strcpy(slash ? slash + 1 : self, "zerovm");

	/* Close-on-exec: the pipe's own fds (which may be 3 and 4) vanish in
	 * zerovm, while the dup2 copies (fd 3 = our stdout, fd 1 = the report
	 * pipe) stay. */
	int rep[2];
	if (pipe2(rep, O_CLOEXEC) != 0)
		die(2, "pipe: %s", strerror(errno));
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	if (pass_stdout)
		posix_spawn_file_actions_adddup2(&fa, 1, 3);
	posix_spawn_file_actions_adddup2(&fa, rep[1], 1);
	char *zargv[] = { self, "-P", (char *)manifest, 0 };
	pid_t pid;
	int rc = posix_spawn(&pid, self, &fa, 0, zargv, environ);
	if (rc != 0)
		die(2, "cannot run %s: %s", self, strerror(rc));
	posix_spawn_file_actions_destroy(&fa);
	close(rep[1]);

	size_t got = 0;
	for (;;) {
		ssize_t r = read(rep[0], report + got, cap - 1 - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
		if (got == cap - 1)
			break;
	}
	report[got] = 0;
	close(rep[0]);
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			die(2, "waitpid: %s", strerror(errno));
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Report line N (1-based), or "" */
const char *zvsh_report_line(const char *report, int n, char *buf, size_t cap)
{
	const char *line = report;
	for (int k = 1; k < n && line; k++)
		if ((line = strchr(line, '\n')))
			line++;
	buf[0] = 0;
	if (line) {
		size_t l = strcspn(line, "\n");
		snprintf(buf, cap, "%.*s", (int)l, line);
	}
	return buf;
}

/* Line 3 of the report: the program's return code. */
int zvsh_user_code(const char *report)
{
	char buf[64];
	if (!*zvsh_report_line(report, 3, buf, sizeof buf))
		die(ZVSH_FAILED, "zerovm printed no report");
	return (int)(strtol(buf, 0, 10) & 0xFF);
}

int main(int argc, char **argv)
{
	unsigned long long memory = 4294967296ull, timeout = 50;
	const char *save = 0, *daemon_sock = 0;
	int debug = 0, i, nimages = 0;
	static struct image images[MAX_IMAGES + 1];

	for (i = 1; i < argc && !strncmp(argv[i], "--zvm-", 6); i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : 0;
		if (!strcmp(a, "--zvm-debug")) {
			debug = 1;
			continue;
		}
		if (!v)
			die(2, "%s needs a value", a);
		if (!strcmp(a, "--zvm-memory"))
			memory = number(a, v);
		else if (!strcmp(a, "--zvm-timeout"))
			timeout = number(a, v);
		else if (!strcmp(a, "--zvm-save-dir"))
			save = v;
		else if (!strcmp(a, "--zvm-daemon"))
			daemon_sock = v;
		else if (!strcmp(a, "--zvm-image")) {
			if (nimages == MAX_IMAGES)
				die(2, "too many images (at most %d)", MAX_IMAGES);
			parse_image(&images[nimages++], v);
		}
		else
			die(2, "unknown option %s", a);
		i++;
	}
	if (i >= argc)
		die(2, "usage: zvsh [--zvm-image PATH[,MOUNTPOINT][,ro|rw]]... [--zvm-memory BYTES] "
		       "[--zvm-timeout S] [--zvm-save-dir DIR] [--zvm-debug] [--zvm-daemon SOCKET] "
		       "PROGRAM [ARGS...]");
	if (timeout < 1 || timeout > 2147483647)
		die(2, "--zvm-timeout must be 1..2147483647");

	char prog[PATH_MAX], dir[PATH_MAX], path[PATH_MAX + 32];
	const char *member = 0; /* PROGRAM is IMAGE:MEMBER */
	char *colon = strrchr(argv[i], ':');
	if (colon && access(argv[i], F_OK) != 0) {
		char *img = strndup(argv[i], (size_t)(colon - argv[i]));
		member = colon + 1;
		if (!*member || !realpath(img, prog))
			die(2, "%s: %s", argv[i], *member ? strerror(errno) : "no member named");
		int mounted = 0;
		for (int k = 0; k < nimages; k++)
			mounted |= !strcmp(images[k].path, prog);
		if (!mounted) {
			strcpy(images[nimages].path, prog);
			images[nimages].mountpoint = "/";
			images[nimages++].rw = 0;
		}
		free(img);
	} else if (!realpath(argv[i], prog)) {
		die(2, "%s: %s", argv[i], strerror(errno));
	}
	if (save) {
		if (mkdir(save, 0700) != 0 && errno != EEXIST)
			die(2, "%s: %s", save, strerror(errno));
		if (!realpath(save, dir))
			die(2, "%s: %s", save, strerror(errno));
	} else {
		const char *t = getenv("TMPDIR");
		snprintf(dir, sizeof dir, "%s/zvsh-XXXXXX", t && *t ? t : "/tmp");
		if (!mkdtemp(dir))
			die(2, "cannot make a work directory: %s", strerror(errno));
	}

	if (member) {
		char image[PATH_MAX];
		strcpy(image, prog);
		snprintf(prog, sizeof prog, "%s/boot.1", dir);
		extract(image, member, prog);
	}

	/* nvram: argv (with @PATH replaced by channel aliases) and @NAME=value. */
	char *files[MAX_FILES], *aliases[MAX_FILES];
	int nfiles = 0, writable[MAX_FILES];
	snprintf(path, sizeof path, "%s/nvram.1", dir);
	FILE *nv = fopen(path, "w");
	if (!nv)
		die(2, "%s: %s", path, strerror(errno));
	fputs("[args]\nargs=", nv);
	const char *name = member ? member : prog, *base = strrchr(name, '/');
	put_escaped(nv, base ? base + 1 : name);
	for (int k = i + 1; k < argc; k++) {
		const char *a = argv[k];
		if (a[0] == '@' && strchr(a, '='))
			continue;
		fputc(' ', nv);
		if (a[0] == '@' && a[1]) {
			if (nfiles == MAX_FILES)
				die(2, "too many @files (at most %d)", MAX_FILES);
			char real[PATH_MAX], alias[PATH_MAX + 16];
			if (!realpath(a + 1, real))
				die(2, "%s: %s", a + 1, strerror(errno));
			const char *b = strrchr(real, '/');
			snprintf(alias, sizeof alias, "/dev/%d.%s", nimages + nfiles + 1, b ? b + 1 : real);
			files[nfiles] = strdup(real);
			aliases[nfiles] = strdup(alias);
			writable[nfiles] = access(real, W_OK) == 0;
			nfiles++;
			put_escaped(nv, alias);
		} else {
			put_escaped(nv, a);
		}
	}
	fputs("\n[env]\n", nv);
	for (int k = i + 1; k < argc; k++) {
		const char *a = argv[k], *eq;
		if (a[0] != '@' || !(eq = strchr(a, '=')) || eq == a + 1)
			continue;
		char name[256];
		snprintf(name, sizeof name, "%.*s", (int)(eq - a - 1), a + 1);
		fputs("name=", nv);
		put_escaped(nv, name);
		fputs(", value=", nv);
		put_escaped(nv, eq + 1);
		fputc('\n', nv);
	}
	if (nimages)
		fputs("[fstab]\n", nv);
	for (int k = 0; k < nimages; k++) {
		const char *b = strrchr(images[k].path, '/');
		snprintf(path, sizeof path, "/dev/%d.%s", k + 1, b ? b + 1 : images[k].path);
		fputs("channel=", nv);
		put_escaped(nv, path);
		fputs(", mountpoint=", nv);
		put_escaped(nv, images[k].mountpoint);
		fprintf(nv, ", access=%s\n", images[k].rw ? "rw" : "ro");
	}
	if (debug)
		fputs("[debug]\nverbosity=4\n", nv);
	if (daemon_sock) /* ZRT forks before main; each request runs main */
		fputs("[precache]\nprecache=yes\n", nv);
	if (fclose(nv) != 0)
		die(2, "cannot write the nvram: %s", strerror(errno));

	/* The manifest: this process's stdio (stdout passed as fd 3, since
	 * zerovm's own stdout carries the report), the @files, the nvram. */
	const char *q = "4294967296";
	snprintf(path, sizeof path, "%s/manifest.1", dir);
	FILE *mf = fopen(path, "w");
	if (!mf)
		die(2, "%s: %s", path, strerror(errno));
	fprintf(mf, "Version = 20130611\nProgram = %s\nMemory = %llu, 0\nTimeout = %llu\n", prog, memory,
		timeout);
	char sock[PATH_MAX], in[PATH_MAX + 32], out[PATH_MAX + 32], err[PATH_MAX + 32];
	strcpy(in, "/dev/stdin");
	strcpy(out, "/dev/fd/3");
	strcpy(err, "/dev/stderr");
	if (daemon_sock) {
		/* A daemon has other descriptors: stdio goes through files. */
		zvsh_daemon_stdio(dir, in, out, err);
		zvsh_absolute(daemon_sock, sock);
		fprintf(mf, "Job = %s\n", sock);
	}
	fprintf(mf, "Channel = %s, /dev/stdin, 0, 0, %s, %s, 0, 0\n", in, q, q);
	fprintf(mf, "Channel = %s, /dev/stdout, 0, 0, 0, 0, %s, %s\n", out, q, q);
	fprintf(mf, "Channel = %s, /dev/stderr, 0, 0, 0, 0, %s, %s\n", err, q, q);
	fprintf(mf, "Channel = %s/nvram.1, /dev/nvram, 1, 0, %s, %s, 0, 0\n", dir, q, q);
	for (int k = 0; k < nimages; k++) {
		const char *b = strrchr(images[k].path, '/');
		fprintf(mf, "Channel = %s, /dev/%d.%s, 3, 0, %s, %s, %s, %s\n", images[k].path, k + 1,
			b ? b + 1 : images[k].path, q, q, images[k].rw ? q : "0", images[k].rw ? q : "0");
	}
	for (int k = 0; k < nfiles; k++)
		fprintf(mf, "Channel = %s, %s, 3, 0, %s, %s, %s, %s\n", files[k], aliases[k], q, q,
			writable[k] ? q : "0", writable[k] ? q : "0");
	if (fclose(mf) != 0)
		die(2, "cannot write the manifest: %s", strerror(errno));

	char report[8192];
	int zrc;
	if (daemon_sock)
		zrc = zvsh_daemon_run(sock, path, out, err, report, sizeof report);
	else
		zrc = zvsh_run_zerovm(path, 1, report, sizeof report);
	if (!save) {
		snprintf(path, sizeof path, "%s/manifest.1", dir);
		unlink(path);
		snprintf(path, sizeof path, "%s/nvram.1", dir);
		unlink(path);
		if (member)
			unlink(prog);
		if (daemon_sock)
			unlink(in), unlink(out), unlink(err);
		rmdir(dir);
	}
	if (zrc != 0 && daemon_sock) {
		fprintf(stderr, "zvsh: the request to %s failed; its report:\n%s", sock, report);
		return ZVSH_FAILED;
	}
	if (zrc != 0) {
		fprintf(stderr, "zvsh: zerovm failed with code %d; its report:\n%s", zrc, report);
		return ZVSH_FAILED;
	}
	return zvsh_user_code(report);
}
