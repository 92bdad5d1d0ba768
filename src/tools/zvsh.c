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

/* A formatted string on the heap. Paths are built this way, not in
 * PATH_MAX arrays on the stack: each stack page start-up touches is a page
 * fault, which this machine makes dear (README, start-up). */
__attribute__((format(printf, 1, 2))) static char *str(const char *fmt, ...)
{
	va_list ap;
	char *p;
	va_start(ap, fmt);
	int n = vasprintf(&p, fmt, ap);
	va_end(ap);
	if (n < 0)
		die(2, "out of memory");
	return p;
}

/* realpath into the heap, or die naming what. */
static char *real(const char *path, const char *what)
{
	char *r = realpath(path, 0);
	if (!r)
		die(2, "%s: %s", what, strerror(errno));
	return r;
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
 * memory file when out is 0; returns the path it can be run by. */
static char *extract(const char *image, const char *member, const char *out)
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
	if (map)
		munmap(map, (size_t)st.st_size);
	return out ? str("%s", out) : str("/proc/self/fd/%d", o);
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

/* What the command line asks for. */
struct run {
	unsigned long long memory, timeout;
	const char *save, *daemon_sock;
	int debug, nimages, nfiles;
	struct image images[MAX_IMAGES + 1];
	char *prog;             /* the program's path (or its memory file's) */
	const char *member;     /* PROGRAM was IMAGE:MEMBER */
	char *dir;              /* where files go (saved, or a daemon's), or 0 */
	char *files[MAX_FILES], *aliases[MAX_FILES];
	int writable[MAX_FILES];
	int argi, argc;         /* the program's argv: argv[argi..argc) */
	char **argv;
};

/* PROGRAM: a file, or IMAGE:MEMBER (the image then mounted at / read-only
 * unless an --zvm-image mounts it). */
static void find_program(struct run *r)
{
	const char *a = r->argv[r->argi];
	char *colon = strrchr(a, ':');
	if (colon && access(a, F_OK) != 0) {
		char *img = strndup(a, (size_t)(colon - a));
		r->member = colon + 1;
		if (!*r->member)
			die(2, "%s: no member named", a);
		r->prog = real(img, a);
		int mounted = 0;
		for (int k = 0; k < r->nimages; k++)
			mounted |= !strcmp(r->images[k].path, r->prog);
		if (!mounted) {
			struct image *im = &r->images[r->nimages++];
			snprintf(im->path, sizeof im->path, "%s", r->prog);
			im->mountpoint = "/";
			im->rw = 0;
		}
		free(img);
	} else {
		r->prog = real(a, a);
	}
}

/* The nvram: argv (with @PATH replaced by channel aliases), @NAME=value,
 * the mounts, debug and precache. */
static void write_nvram(struct run *r, struct text *nvt)
{
	FILE *nv = text_open(nvt);
	fputs("[args]\nargs=", nv);
	const char *name = r->member ? r->member : r->prog, *base = strrchr(name, '/');
	put_escaped(nv, base ? base + 1 : name);
	for (int k = r->argi + 1; k < r->argc; k++) {
		const char *a = r->argv[k];
		if (a[0] == '@' && strchr(a, '='))
			continue;
		fputc(' ', nv);
		if (a[0] == '@' && a[1]) {
			if (r->nfiles == MAX_FILES)
				die(2, "too many @files (at most %d)", MAX_FILES);
			char *path = real(a + 1, a + 1);
			const char *b = strrchr(path, '/');
			int n = r->nfiles++;
			r->files[n] = path;
			r->aliases[n] = str("/dev/%d.%s", r->nimages + n + 1, b ? b + 1 : path);
			r->writable[n] = access(path, W_OK) == 0;
			put_escaped(nv, r->aliases[n]);
		} else {
			put_escaped(nv, a);
		}
	}
	fputs("\n[env]\n", nv);
	for (int k = r->argi + 1; k < r->argc; k++) {
		const char *a = r->argv[k], *eq;
		if (a[0] != '@' || !(eq = strchr(a, '=')) || eq == a + 1)
			continue;
		char *var = strndup(a + 1, (size_t)(eq - a - 1));
		fputs("name=", nv);
		put_escaped(nv, var);
		fputs(", value=", nv);
		put_escaped(nv, eq + 1);
		fputc('\n', nv);
		free(var);
	}
	if (r->nimages)
		fputs("[fstab]\n", nv);
	for (int k = 0; k < r->nimages; k++) {
		const char *b = strrchr(r->images[k].path, '/');
		char *alias = str("/dev/%d.%s", k + 1, b ? b + 1 : r->images[k].path);
		fputs("channel=", nv);
		put_escaped(nv, alias);
		fputs(", mountpoint=", nv);
		put_escaped(nv, r->images[k].mountpoint);
		fprintf(nv, ", access=%s\n", r->images[k].rw ? "rw" : "ro");
		free(alias);
	}
	if (r->debug)
		fputs("[debug]\nverbosity=4\n", nv);
	if (r->daemon_sock) /* ZRT forks before main; each request runs main */
		fputs("[precache]\nprecache=yes\n", nv);
	text_close(nvt, "nvram");
}

/* The manifest: the stdio channels (in, out, err), the nvram, the images
 * and the @files; a Job line for a daemon's socket. */
static void write_manifest(const struct run *r, struct text *mft, const char *nvram, const char *in,
			   const char *out, const char *err, const char *sock)
{
	const char *q = "4294967296";
	FILE *mf = text_open(mft);
	fprintf(mf, "Version = 20130611\nProgram = %s\nMemory = %llu, 0\nTimeout = %llu\n", r->prog,
		r->memory, r->timeout);
	if (sock)
		fprintf(mf, "Job = %s\n", sock);
	fprintf(mf, "Channel = %s, /dev/stdin, 0, 0, %s, %s, 0, 0\n", in, q, q);
	fprintf(mf, "Channel = %s, /dev/stdout, 0, 0, 0, 0, %s, %s\n", out, q, q);
	fprintf(mf, "Channel = %s, /dev/stderr, 0, 0, 0, 0, %s, %s\n", err, q, q);
	fprintf(mf, "Channel = %s, /dev/nvram, 1, 0, %s, %s, 0, 0\n", nvram, q, q);
	for (int k = 0; k < r->nimages; k++) {
		const struct image *im = &r->images[k];
		const char *b = strrchr(im->path, '/');
		fprintf(mf, "Channel = %s, /dev/%d.%s, 3, 0, %s, %s, %s, %s\n", im->path, k + 1,
			b ? b + 1 : im->path, q, q, im->rw ? q : "0", im->rw ? q : "0");
	}
	for (int k = 0; k < r->nfiles; k++)
		fprintf(mf, "Channel = %s, %s, 3, 0, %s, %s, %s, %s\n", r->files[k], r->aliases[k], q, q,
			r->writable[k] ? q : "0", r->writable[k] ? q : "0");
	text_close(mft, "manifest");
}

/* --zvm-daemon: the run as a request (zvsh_daemon.c), through files in
 * r->dir; returns zvsh's exit code. */
static int run_request(struct run *r, const char *nvram)
{
	static char report[8192], sock[PATH_MAX];
	char *in = malloc(PATH_MAX + 32), *out = malloc(PATH_MAX + 32), *err = malloc(PATH_MAX + 32);
	struct text mft;
	if (!in || !out || !err)
		die(2, "out of memory");
	zvsh_daemon_stdio(r->dir, in, out, err);
	zvsh_absolute(r->daemon_sock, sock);
	write_manifest(r, &mft, nvram, in, out, err, sock);
	char *path = str("%s/manifest.1", r->dir);
	write_file(path, mft.p, mft.n);
	int zrc = zvsh_daemon_run(sock, path, out, err, report, sizeof report);
	if (!r->save) {
		unlink(path);
		unlink(nvram);
		if (r->member)
			unlink(r->prog);
		unlink(in), unlink(out), unlink(err);
		rmdir(r->dir);
	}
	if (zrc != 0) {
		fprintf(stderr, "zvsh: the request to %s failed; its report:\n%s", sock, report);
		return ZVSH_FAILED;
	}
	return zvsh_user_code(report);
}

/* The session, here: it ends the process with the program's code, or with
 * the report on stderr and ZVSH_FAILED. */
__attribute__((noreturn)) static void run_here(struct run *r, const char *nvram)
{
	struct text mft;
	char why[512];
	write_manifest(r, &mft, nvram, "/dev/stdin", "/dev/stdout", "/dev/stderr", 0);
	if (r->save)
		write_file(str("%s/manifest.1", r->dir), mft.p, mft.n);
	zs.shell = "zvsh: zerovm failed";
	run_check_reserved();
	int rc = manifest_parse(mft.p, mft.n, &zs.mft, why, sizeof why);
	if (rc != 0)
		session_fail(rc, "%s", why);
	zs.have_mft = 1;
	free(mft.p);
	run_session(0, 0);
}

int main(int argc, char **argv)
{
	static struct run r = { .memory = 4294967296ull, .timeout = 50 };
	int i;

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
			r.debug = 1;
			continue;
		}
		if (!v)
			die(2, "%s needs a value", a);
		if (!strcmp(a, "--zvm-memory"))
			r.memory = number(a, v);
		else if (!strcmp(a, "--zvm-timeout"))
			r.timeout = number(a, v);
		else if (!strcmp(a, "--zvm-save-dir"))
			r.save = v;
		else if (!strcmp(a, "--zvm-daemon"))
			r.daemon_sock = v;
		else if (!strcmp(a, "--zvm-image")) {
			if (r.nimages == MAX_IMAGES)
				die(2, "too many images (at most %d)", MAX_IMAGES);
			parse_image(&r.images[r.nimages++], v);
		}
		else
			die(2, "unknown option %s", a);
		i++;
	}
	if (i >= argc)
		die(2, "%s", usage_text);
	if (r.timeout < 1 || r.timeout > 2147483647)
		die(2, "--zvm-timeout must be 1..2147483647");
	r.argv = argv;
	r.argc = argc;
	r.argi = i;
	find_program(&r);

	/* Files only where someone reads them: a saved run, or a daemon's
	 * stdio (zvsh_daemon.c). */
	if (r.save) {
		if (mkdir(r.save, 0700) != 0 && errno != EEXIST)
			die(2, "%s: %s", r.save, strerror(errno));
		r.dir = real(r.save, r.save);
	} else if (r.daemon_sock) {
		const char *t = getenv("TMPDIR");
		r.dir = str("%s/zvsh-XXXXXX", t && *t ? t : "/tmp");
		if (!mkdtemp(r.dir))
			die(2, "cannot make a work directory: %s", strerror(errno));
	}
	if (r.member) {
		char *image = r.prog;
		r.prog = extract(image, r.member, r.dir ? str("%s/boot.1", r.dir) : 0);
		free(image);
	}

	struct text nvt;
	char *nvram;
	write_nvram(&r, &nvt);
	if (r.dir) {
		nvram = str("%s/nvram.1", r.dir);
		write_file(nvram, nvt.p, nvt.n);
	} else {
		int fd = memfd_in("nvram");
		if (fd < 0 || write(fd, nvt.p, nvt.n) != (ssize_t)nvt.n)
			die(2, "cannot write the nvram: %s", strerror(errno));
		nvram = str("/proc/self/fd/%d", fd);
	}
	free(nvt.p);
	if (r.daemon_sock)
		return run_request(&r, nvram);
	run_here(&r, nvram);
}
