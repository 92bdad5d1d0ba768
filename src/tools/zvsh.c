/*
 * zvsh - run a nexe like a shell command.
 *
 *   zvsh [--zvm-image PATH[,MOUNTPOINT][,ro|rw]]... [--zvm-memory BYTES]
 *        [--zvm-timeout S] [--zvm-save-dir DIR] [--zvm-debug]
 *        [--zvm-daemon SOCKET] PROGRAM [ARGS...]
 *
 * Builds a manifest and an nvram for PROGRAM in memory and runs the session
 * in this process (zvsh links the runtime: one process, one exec, no
 * temporary file), with this process's stdin, stdout and stderr as the
 * program's, and exits with the program's return code. In ARGS, "@NAME=value" sets an environment
 * variable, and "@PATH" exposes that host file as the channel
 * /dev/<k>.<basename> (read-write when writable), passing the alias instead.
 * When the session fails, zvsh prints the report on stderr and exits 125
 * (the runtime's "exit as the guest" mode, session.h; zerovm -X is the same).
 * --zvm-save-dir DIR also writes the manifest and the nvram there as files
 * (manifest.1, nvram.1; boot.1 for an image's member), which zerovm -P runs.
 *
 * --zvm-image mounts a tar image in the sandbox's file tree ([fstab]): at /
 * unless MOUNTPOINT is given, read-only unless rw (then what the program
 * changes under the mount point is written back into the image at exit).
 * PROGRAM may be IMAGE.tar:MEMBER: the member is extracted as the program
 * and the image is mounted read-only at / (unless --zvm-image mounts it); the
 * member is extracted into a memory file (memfd).
 *
 * --zvm-daemon SOCKET runs PROGRAM as a request to a daemon on SOCKET
 * (zvsh_daemon.c), starting the daemon first when none answers there.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/tar.h"
#include "lib/version.h"
#include "runtime/run.h"
#include "runtime/session.h"
#include "zvsh.h"

_Static_assert(ZVSH_FAILED == SESSION_SHELL_FAILED, "one failure code for zvsh and its runtime");

#define MAX_FILES 64
#define MAX_IMAGES 16

struct image {
	char path[PATH_MAX];
	const char *mountpoint;
	int rw;
};

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

/* A memory file for what would be a temporary file: the session opens it
 * by /proc/self/fd/N, as any channel's file. */
static int memfd_in(const char *name)
{
	return memfd_create(name, MFD_CLOEXEC);
}

/* text into the file path (a saved manifest or nvram). */
static void write_file(const char *path, const char *text, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || write(fd, text, len) != (ssize_t)len || close(fd) != 0)
		die(2, "%s: %s", path, strerror(errno));
}

/* Extracts MEMBER of the tar at image into out (mode 0700), or into a
 * memory file when out is 0; writes the path it can be run by into path. */
static void extract(const char *image, const char *member, const char *out, char *path, size_t cap)
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
	int o = out ? open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0700)
		    : memfd_in(member);
	if (o < 0 || write(o, e.data, e.size) != (ssize_t)e.size || (out && close(o) != 0))
		die(2, "%s: %s", out ? out : member, strerror(errno));
	if (out)
		snprintf(path, cap, "%s", out);
	else
		snprintf(path, cap, "/proc/self/fd/%d", o);
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

static const char usage_text[] =
	"usage: zvsh [--zvm-image PATH[,MOUNTPOINT][,ro|rw]]... [--zvm-memory BYTES] "
	"[--zvm-timeout S] [--zvm-save-dir DIR] [--zvm-debug] [--zvm-daemon SOCKET] "
	"PROGRAM [ARGS...]";

static void help(void)
{
	printf("%s\n"
	       "Runs PROGRAM (a nexe, or IMAGE.tar:MEMBER) in the sandbox like a shell command,\n"
	       "with this process's stdin, stdout and stderr, and exits with its return code.\n"
	       "  --zvm-image PATH[,MOUNTPOINT][,ro|rw]  mount a tar image (at /, read-only)\n"
	       "  --zvm-memory BYTES    the guest's memory (default 4294967296)\n"
	       "  --zvm-timeout S       wall-clock limit in seconds (default 50)\n"
	       "  --zvm-save-dir DIR    also write the manifest and nvram into DIR\n"
	       "  --zvm-debug           ZRT's debug output\n"
	       "  --zvm-daemon SOCKET   run as a request to a daemon on SOCKET (started if none)\n"
	       "  --help, --version     this text; the version\n"
	       "In ARGS, @NAME=value sets an environment variable and @PATH passes the host\n"
	       "file PATH as a channel. Exit code: the program's; 125 when the session fails\n"
	       "(its report on stderr); 2 for a usage error.\n",
	       usage_text);
}

/* The text a memory stream holds, with its length. */
struct text {
	char *p;
	size_t n;
	FILE *f;
};

static FILE *text_open(struct text *t)
{
	t->p = 0;
	t->n = 0;
	if (!(t->f = open_memstream(&t->p, &t->n)))
		die(2, "out of memory");
	return t->f;
}

static void text_close(struct text *t, const char *what)
{
	if (fclose(t->f) != 0)
		die(2, "cannot write the %s: %s", what, strerror(errno));
}

int main(int argc, char **argv)
{
	unsigned long long memory = 4294967296ull, timeout = 50;
	const char *save = 0, *daemon_sock = 0;
	int debug = 0, i, nimages = 0;
	static struct image images[MAX_IMAGES + 1];

	if (argc == 2 && !strcmp(argv[1], "--help")) {
		help();
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "--version")) {
		fputs(ZVM_VERSION_LINE("zvsh"), stdout);
		return 0;
	}
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
		die(2, "%s", usage_text);
	if (timeout < 1 || timeout > 2147483647)
		die(2, "--zvm-timeout must be 1..2147483647");

	char prog[PATH_MAX], dir[PATH_MAX] = "", path[PATH_MAX + 32];
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
	/* Files only where someone reads them: a saved run, or a daemon's
	 * stdio (zvsh_daemon.c). */
	if (save) {
		if (mkdir(save, 0700) != 0 && errno != EEXIST)
			die(2, "%s: %s", save, strerror(errno));
		if (!realpath(save, dir))
			die(2, "%s: %s", save, strerror(errno));
	} else if (daemon_sock) {
		const char *t = getenv("TMPDIR");
		snprintf(dir, sizeof dir, "%s/zvsh-XXXXXX", t && *t ? t : "/tmp");
		if (!mkdtemp(dir))
			die(2, "cannot make a work directory: %s", strerror(errno));
	}

	if (member) {
		char image[PATH_MAX];
		strcpy(image, prog);
		snprintf(path, sizeof path, "%s/boot.1", dir);
		extract(image, member, *dir ? path : 0, prog, sizeof prog);
	}

	/* nvram: argv (with @PATH replaced by channel aliases) and @NAME=value. */
	char *files[MAX_FILES], *aliases[MAX_FILES];
	int nfiles = 0, writable[MAX_FILES];
	struct text nvt;
	FILE *nv = text_open(&nvt);
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
	text_close(&nvt, "nvram");
	char nvram[PATH_MAX + 32];
	if (*dir) {
		snprintf(nvram, sizeof nvram, "%s/nvram.1", dir);
		write_file(nvram, nvt.p, nvt.n);
	} else {
		int fd = memfd_in("nvram");
		if (fd < 0 || write(fd, nvt.p, nvt.n) != (ssize_t)nvt.n)
			die(2, "cannot write the nvram: %s", strerror(errno));
		snprintf(nvram, sizeof nvram, "/proc/self/fd/%d", fd);
	}

	/* The manifest: this process's stdio, the @files, the nvram. */
	const char *q = "4294967296";
	struct text mft;
	FILE *mf = text_open(&mft);
	fprintf(mf, "Version = 20130611\nProgram = %s\nMemory = %llu, 0\nTimeout = %llu\n", prog, memory,
		timeout);
	char sock[PATH_MAX], in[PATH_MAX + 32], out[PATH_MAX + 32], err[PATH_MAX + 32];
	strcpy(in, "/dev/stdin");
	strcpy(out, "/dev/stdout");
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
	fprintf(mf, "Channel = %s, /dev/nvram, 1, 0, %s, %s, 0, 0\n", nvram, q, q);
	for (int k = 0; k < nimages; k++) {
		const char *b = strrchr(images[k].path, '/');
		fprintf(mf, "Channel = %s, /dev/%d.%s, 3, 0, %s, %s, %s, %s\n", images[k].path, k + 1,
			b ? b + 1 : images[k].path, q, q, images[k].rw ? q : "0", images[k].rw ? q : "0");
	}
	for (int k = 0; k < nfiles; k++)
		fprintf(mf, "Channel = %s, %s, 3, 0, %s, %s, %s, %s\n", files[k], aliases[k], q, q,
			writable[k] ? q : "0", writable[k] ? q : "0");
	text_close(&mft, "manifest");
	snprintf(path, sizeof path, "%s/manifest.1", dir);
	if (*dir)
		write_file(path, mft.p, mft.n);

	if (daemon_sock) {
		char report[8192];
		int zrc = zvsh_daemon_run(sock, path, out, err, report, sizeof report);
		if (!save) {
			unlink(path);
			unlink(nvram);
			if (member)
				unlink(prog);
			unlink(in), unlink(out), unlink(err);
			rmdir(dir);
		}
		if (zrc != 0) {
			fprintf(stderr, "zvsh: the request to %s failed; its report:\n%s", sock, report);
			return ZVSH_FAILED;
		}
		return zvsh_user_code(report);
	}

	/* The session, here: it ends the process with the program's code, or
	 * with the report on stderr and ZVSH_FAILED. */
	char why[512];
	zs.shell = "zvsh: zerovm failed";
	run_check_reserved();
	int rc = manifest_parse(mft.p, mft.n, &zs.mft, why, sizeof why);
	if (rc != 0)
		session_fail(rc, "%s", why);
	zs.have_mft = 1;
	free(mft.p);
	free(nvt.p);
	run_session(0, 0);
}
