/*
 * zvm-cc - the compiler driver: ordinary C to validated nexes.
 *
 *   C  --clang -S-->  assembly  --zvm-rewrite-->  sandboxed assembly
 *      --clang -c (bundling assembler)-->  object  --ld.lld + nexe.ld-->  nexe
 *      --validator-->  a nexe that does not validate is a link error.
 *
 * It takes the usual driver flags, so Makefiles and configure scripts can use
 * CC=zvm-cc. Its support files live next to it: ../lib/zvm/{nexe.ld,start.o}
 * and ../lib/zvm/include (the guest headers). Its own flag: -mret=inplace
 * (the default) or -mret=pop, the form of `ret` (DESIGN.md rule 5), passed
 * to zvm-rewrite.
 *
 * Two modes:
 *  - hosted (the default): C with the standard library. Headers come from
 *    the sysroot ../sysroot/include (musl for x32; clang's own builtin
 *    headers such as the intrinsics stay reachable: -nostdlibinc), and a
 *    program links ../sysroot/lib/crt1.o (ZRT's entry), then libc.a and
 *    libzrt.a (ZRT: system calls emulated on the ZeroVM traps);
 *  - freestanding (-ffreestanding or -nostdlib): no libc; a program links
 *    start.o, which calls main(0, 0) and passes its result to zvm_exit.
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

#include "lib/version.h"
#include "validator/validator.h"

extern char **environ;

#define TARGET "--target=x86_64-linux-gnux32"

/* Flags every compile gets: the x32 ABI, no stack protector or CET, static
 * non-PIC code (the nexe is loaded at fixed addresses), r11 left to the
 * rewriter, no TLS segment (emulated TLS). */
static const char *const forced_cflags[] = {
	TARGET, "-fno-stack-protector", "-fcf-protection=none", "-fno-pic", "-fno-pie",
	"-femulated-tls", "-mno-red-zone", 0
};

struct vec { char **v; int n, cap; };

static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("zvm-cc: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static void push(struct vec *a, const char *s)
{
	if (a->n + 2 > a->cap) {
		a->cap = a->cap ? a->cap * 2 : 32;
		a->v = realloc(a->v, (size_t)a->cap * sizeof *a->v);
		if (!a->v)
			die("out of memory");
	}
	a->v[a->n++] = strdup(s);
	a->v[a->n] = 0;
	if (!a->v[a->n - 1])
		die("out of memory");
}

static void append(struct vec *a, const struct vec *b)
{
	for (int i = 0; i < b->n; i++)
		push(a, b->v[i]);
}

static int verbose;
static const char *ret_form; /* -mret=inplace|pop: passed to zvm-rewrite */
static char *tmpfiles[256];
static int ntmp;

static void cleanup(void)
{
	for (int i = 0; i < ntmp; i++)
		unlink(tmpfiles[i]);
}

static char *tmpname(const char *suffix)
{
	const char *dir = getenv("TMPDIR");
	char path[PATH_MAX];
	int fd;

	snprintf(path, sizeof path, "%s/zvm-cc-XXXXXX%s", dir && *dir ? dir : "/tmp", suffix);
	fd = mkstemps(path, (int)strlen(suffix));
	if (fd < 0)
		die("cannot create a temporary file: %s", strerror(errno));
	close(fd);
	if (ntmp == (int)(sizeof tmpfiles / sizeof tmpfiles[0]))
		die("too many temporary files");
	tmpfiles[ntmp++] = strdup(path);
	return tmpfiles[ntmp - 1];
}

static int run(struct vec *cmd)
{
	pid_t pid;
	int st;

	if (verbose) {
		for (int i = 0; i < cmd->n; i++)
			fprintf(stderr, "%s%s", i ? " " : " ", cmd->v[i]);
		fputc('\n', stderr);
	}
	if (posix_spawnp(&pid, cmd->v[0], 0, 0, cmd->v, environ) != 0)
		die("cannot run %s: %s", cmd->v[0], strerror(errno));
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			die("waitpid: %s", strerror(errno));
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* The directory holding this program, to find zvm-rewrite and lib/zvm. */
static char bindir[PATH_MAX];

static void find_bindir(void)
{
	ssize_t n = readlink("/proc/self/exe", bindir, sizeof bindir - 1);
	if (n <= 0)
		die("cannot find my own path");
	bindir[n] = 0;
	char *slash = strrchr(bindir, '/');
	if (slash)
		*slash = 0;
}

static const char *support(const char *name)
{
	static char buf[4][PATH_MAX];
	static int k;
	char *p = buf[k++ & 3];
	snprintf(p, PATH_MAX, "%s/../lib/zvm/%s", bindir, name);
	return p;
}

static const char *ext(const char *path)
{
	const char *base = strrchr(path, '/');
	const char *dot = strrchr(base ? base : path, '.');
	return dot ? dot + 1 : "";
}

/* out = basename of in with its extension replaced. */
static char *swap_ext(const char *in, const char *newext)
{
	const char *base = strrchr(in, '/');
	base = base ? base + 1 : in;
	const char *dot = strrchr(base, '.');
	size_t n = dot ? (size_t)(dot - base) : strlen(base);
	char *o = malloc(n + strlen(newext) + 2);
	if (!o)
		die("out of memory");
	memcpy(o, base, n);
	sprintf(o + n, ".%s", newext);
	return o;
}

/* Reads @file arguments (response files), one level deep per occurrence. */
static void expand_args(int argc, char **argv, struct vec *out)
{
	for (int i = 1; i < argc; i++) {
		if (argv[i][0] != '@' || !argv[i][1]) {
			push(out, argv[i]);
			continue;
		}
		FILE *f = fopen(argv[i] + 1, "r");
		if (!f)
			die("cannot read response file %s: %s", argv[i] + 1, strerror(errno));
		char word[4096];
		int n = 0, c, quote = 0;
		while ((c = fgetc(f)) != EOF) {
			if (quote) {
				if (c == quote)
					quote = 0;
				else if (n < (int)sizeof word - 1)
					word[n++] = (char)c;
			} else if (c == '"' || c == '\'') {
				quote = c;
			} else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
				if (n) {
					word[n] = 0;
					push(out, word);
					n = 0;
				}
			} else if (c == '\\' && (c = fgetc(f)) != EOF) {
				if (n < (int)sizeof word - 1)
					word[n++] = (char)c;
			} else if (n < (int)sizeof word - 1) {
				word[n++] = (char)c;
			}
		}
		if (n) {
			word[n] = 0;
			push(out, word);
		}
		fclose(f);
	}
}

enum { MODE_LINK, MODE_OBJ, MODE_ASM, MODE_PRE };

struct input { char *path; const char *lang; };

struct opts {
	int mode, nostdlib, nostartfiles, nodefaultlibs, freestanding, nostdinc;
	const char *out;
	struct vec cflags, ldflags, ldlibs;
	struct input in[1024];
	int nin;
};

/* Does this flag take the next argument as its value? */
static int takes_value(const char *a)
{
	static const char *const two[] = { "-I", "-D", "-U", "-include", "-isystem", "-idirafter",
					   "-iquote", "-MF", "-MT", "-MQ", "-imacros", "-iprefix",
					   "-Xclang", "-mllvm", 0 };
	for (int i = 0; two[i]; i++)
		if (!strcmp(a, two[i]))
			return 1;
	return 0;
}

static void parse(struct vec *args, struct opts *o)
{
	const char *lang = 0;

	for (int i = 0; i < args->n; i++) {
		char *a = args->v[i];
		if (a[0] != '-' || !a[1]) {
			if (o->nin == (int)(sizeof o->in / sizeof o->in[0]))
				die("too many inputs");
			o->in[o->nin++] = (struct input){ a, lang };
			continue;
		}
		if (!strcmp(a, "-c"))
			o->mode = MODE_OBJ;
		else if (!strcmp(a, "-S"))
			o->mode = MODE_ASM;
		else if (!strcmp(a, "-E"))
			o->mode = MODE_PRE;
		else if (!strcmp(a, "-o")) {
			if (++i == args->n)
				die("-o needs an argument");
			o->out = args->v[i];
		} else if (!strncmp(a, "-o", 2))
			o->out = a + 2;
		else if (!strcmp(a, "-v"))
			verbose = 1;
		else if (!strcmp(a, "-mret=inplace") || !strcmp(a, "-mret=pop"))
			ret_form = a;
		else if (!strncmp(a, "-mret=", 6))
			die("%s: the return forms are -mret=inplace (the default) and -mret=pop", a);
		else if (!strcmp(a, "-x")) {
			if (++i == args->n)
				die("-x needs an argument");
			lang = strcmp(args->v[i], "none") ? args->v[i] : 0;
		} else if (!strncmp(a, "-x", 2))
			lang = strcmp(a + 2, "none") ? a + 2 : 0;
		else if (!strcmp(a, "-nostdlib"))
			o->nostdlib = 1;
		else if (!strcmp(a, "-nostartfiles"))
			o->nostartfiles = 1;
		else if (!strcmp(a, "-nodefaultlibs"))
			o->nodefaultlibs = 1;
		else if (!strcmp(a, "-ffreestanding")) {
			o->freestanding = 1;
			push(&o->cflags, a);
		} else if (!strcmp(a, "-nostdinc") || !strcmp(a, "-nostdlibinc")) {
			o->nostdinc = 1;
			push(&o->cflags, a);
		}
		else if (!strcmp(a, "-static") || !strcmp(a, "-pipe") || !strcmp(a, "-no-pie") ||
			 !strcmp(a, "-rdynamic"))
			; /* always static, always piped through files */
		else if (!strcmp(a, "-shared") || !strcmp(a, "-m32") || !strcmp(a, "-m64") ||
			 !strcmp(a, "-fpic") || !strcmp(a, "-fPIC") || !strcmp(a, "-pie") ||
			 !strncmp(a, "--target", 8) || !strcmp(a, "-target"))
			die("%s is not supported: nexes are static x32 programs", a);
		else if (!strncmp(a, "-L", 2)) {
			push(&o->ldflags, a);
			if (!a[2] && i + 1 < args->n)
				push(&o->ldflags, args->v[++i]);
		} else if (!strncmp(a, "-l", 2)) {
			push(&o->ldlibs, a);
			if (!a[2] && i + 1 < args->n)
				push(&o->ldlibs, args->v[++i]);
		} else if (!strncmp(a, "-Wl,", 4)) {
			char *s = strdup(a + 4), *tok, *save;
			for (tok = strtok_r(s, ",", &save); tok; tok = strtok_r(0, ",", &save))
				push(&o->ldflags, tok);
			free(s);
		} else if (takes_value(a)) {
			push(&o->cflags, a);
			if (++i == args->n)
				die("%s needs an argument", a);
			push(&o->cflags, args->v[i]);
		} else {
			push(&o->cflags, a); /* -I.. -D.. -O.. -g -W.. -f.. -m.. -std= -M.. */
		}
	}
}

static const char *lang_of(const struct input *in)
{
	const char *e = ext(in->path);
	if (in->lang)
		return in->lang;
	if (!strcmp(e, "c") || !strcmp(e, "h"))
		return "c";
	if (!strcmp(e, "i"))
		return "cpp-output";
	if (!strcmp(e, "s"))
		return "assembler";
	if (!strcmp(e, "S"))
		return "assembler-with-cpp";
	return "object";
}

static int hosted(const struct opts *o)
{
	return !o->freestanding && !o->nostdlib;
}

static const char *sysroot(const char *name)
{
	static char buf[8][PATH_MAX];
	static int k;
	char *p = buf[k++ & 7];
	snprintf(p, PATH_MAX, "%s/../sysroot/%s", bindir, name);
	return p;
}

static const char *const no_builtin_alloc[] = {
	"-fno-builtin-malloc", "-fno-builtin-calloc", "-fno-builtin-realloc", "-fno-builtin-aligned_alloc",
	"-fno-builtin-posix_memalign", "-fno-builtin-memalign", "-fno-builtin-valloc", 0,
};

static int has_flag(const struct vec *v, const char *f);

static void clang_base(struct vec *cmd, const struct opts *o)
{
	push(cmd, "clang");
	for (int i = 0; forced_cflags[i]; i++)
		push(cmd, forced_cflags[i]);
	if (hosted(o) && !o->nostdinc) {
		push(cmd, "-nostdlibinc");
		push(cmd, "-isystem");
		push(cmd, sysroot("include"));
	}
	/* clang (12 and later) takes the allocators for functions that write no
	 * memory the program can see, errno included, and keeps a value of errno
	 * across a failed malloc (llvm-project issue 63142): not builtins, they
	 * are ordinary calls. */
	if (hosted(o))
		for (int i = 0; no_builtin_alloc[i]; i++)
			push(cmd, no_builtin_alloc[i]);
	push(cmd, "-isystem");
	push(cmd, support("include"));
	append(cmd, &o->cflags);
	/* After the user's flags, since clang lets a later -O turn the SLP
	 * vectorizer back on; -fslp-vectorize keeps it. clang's x32 cost model
	 * lets it turn two 8-byte loads that follow two 8-byte stores into one
	 * 16-byte load, which store forwarding cannot serve: a switch
	 * interpreter's swap ran 1.68x native with it, 1.00x without (make
	 * bench; no other benchmark moved by more than 4%). */
	if (!has_flag(&o->cflags, "-fslp-vectorize"))
		push(cmd, "-fno-slp-vectorize");
}

static void rewrite(const char *in, const char *out)
{
	struct vec cmd = { 0 };
	char tool[PATH_MAX];
	snprintf(tool, sizeof tool, "%s/zvm-rewrite", bindir);
	push(&cmd, tool);
	if (ret_form)
		push(&cmd, ret_form);
	push(&cmd, "-o");
	push(&cmd, out);
	push(&cmd, in);
	if (run(&cmd) != 0) {
		unlink(out);
		exit(1);
	}
}

static int has_flag(const struct vec *v, const char *f)
{
	for (int i = 0; i < v->n; i++)
		if (!strcmp(v->v[i], f))
			return 1;
	return 0;
}

/* -MD/-MMD name the dependency file and target after the real output, not
 * after the temporary assembly file clang writes. */
static void dep_target(struct vec *cmd, const struct opts *o, const char *out)
{
	if (!has_flag(&o->cflags, "-MD") && !has_flag(&o->cflags, "-MMD"))
		return;
	if (!has_flag(&o->cflags, "-MF")) {
		size_t n = strlen(out);
		const char *dot = strrchr(out, '.');
		const char *slash = strrchr(out, '/');
		char *d = malloc(n + 3);
		if (!d)
			die("out of memory");
		if (dot && (!slash || dot > slash))
			n = (size_t)(dot - out);
		memcpy(d, out, n);
		strcpy(d + n, ".d");
		push(cmd, "-MF");
		push(cmd, d);
		free(d);
	}
	if (!has_flag(&o->cflags, "-MT") && !has_flag(&o->cflags, "-MQ")) {
		push(cmd, "-MT");
		push(cmd, out);
	}
}

/* One input to an object (or, in -S mode, to rewritten assembly). */
static void compile(const struct opts *o, const struct input *in, const char *out)
{
	const char *lang = lang_of(in);
	const char *asm_in = in->path;
	struct vec cmd = { 0 };

	if (!strcmp(lang, "c") || !strcmp(lang, "cpp-output") || !strcmp(lang, "assembler-with-cpp")) {
		char *s = tmpname(".s");
		clang_base(&cmd, o);
		push(&cmd, strcmp(lang, "assembler-with-cpp") ? "-S" : "-E");
		push(&cmd, "-x");
		push(&cmd, lang);
		push(&cmd, in->path);
		push(&cmd, "-o");
		push(&cmd, s);
		dep_target(&cmd, o, out);
		if (run(&cmd) != 0)
			exit(1);
		asm_in = s;
	} else if (strcmp(lang, "assembler")) {
		die("%s: cannot compile %s input", in->path, lang);
	}
	char *safe = o->mode == MODE_ASM ? (char *)out : tmpname(".s");
	rewrite(asm_in, safe);
	if (o->mode == MODE_ASM)
		return;
	struct vec as = { 0 };
	push(&as, "clang");
	push(&as, TARGET);
	push(&as, "-c");
	push(&as, "-x");
	push(&as, "assembler");
	push(&as, safe);
	push(&as, "-o");
	push(&as, out);
	if (run(&as) != 0)
		exit(1);
}

/* The final check: the linked nexe must pass the validator. */
static int validate_nexe(const char *path)
{
	int fd = open(path, O_RDONLY);
	struct stat st;
	struct val_nexe nx;
	struct val_result res;
	char err[256];
	int ok = 0;

	if (fd < 0 || fstat(fd, &st) != 0 || st.st_size <= 0) {
		fprintf(stderr, "zvm-cc: %s: cannot read the linked program\n", path);
		if (fd >= 0)
			close(fd);
		return 0;
	}
	uint8_t *img = mmap(0, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (img == MAP_FAILED)
		return 0;
	if (val_elf_check(img, (size_t)st.st_size, &nx, err, sizeof err) != 0) {
		fprintf(stderr, "zvm-cc: %s: not a valid nexe: %s\n", path, err);
	} else {
		const struct val_segment *t = &nx.seg[nx.text];
		if (val_validate(img + t->offset, t->filesz, t->vaddr, 0, 0, 0, &res) != 0)
			fprintf(stderr, "zvm-cc: %s: invalid at 0x%x: %s\n", path, (unsigned)res.addr,
				res.reason);
		else
			ok = 1;
	}
	munmap(img, (size_t)st.st_size);
	return ok;
}

int main(int argc, char **argv)
{
	struct vec args = { 0 };
	struct opts o;

	memset(&o, 0, sizeof o);
	find_bindir();
	atexit(cleanup);
	expand_args(argc, argv, &args);
	parse(&args, &o);
	if (o.nin == 0) {
		if (o.cflags.n && !strcmp(o.cflags.v[0], "--help")) {
			fputs("usage: zvm-cc [clang's flags] [-mret=pop|mask] FILE...\n"
			      "Compiles C to a validated nexe (hosted with musl and ZRT; -ffreestanding\n"
			      "or -nostdlib without). Other flags go to clang.\n", stdout);
			return 0;
		}
		/* Our line, then clang's; -dumpversion stays clang's alone, for
		 * the build systems that parse it. */
		if (o.cflags.n && !strcmp(o.cflags.v[0], "--version"))
			fputs(ZVM_VERSION_LINE("zvm-cc"), stdout), fflush(stdout);
		if (o.cflags.n && (!strcmp(o.cflags.v[0], "--version") || !strcmp(o.cflags.v[0], "-dumpversion"))) {
			struct vec cmd = { 0 };
			clang_base(&cmd, &o);
			return run(&cmd);
		}
		die("no input files");
	}
	if (o.mode == MODE_PRE) {
		struct vec cmd = { 0 };
		clang_base(&cmd, &o);
		push(&cmd, "-E");
		for (int i = 0; i < o.nin; i++) {
			if (o.in[i].lang) {
				push(&cmd, "-x");
				push(&cmd, o.in[i].lang);
			}
			push(&cmd, o.in[i].path);
		}
		if (o.out) {
			push(&cmd, "-o");
			push(&cmd, o.out);
		}
		return run(&cmd);
	}
	if (o.mode != MODE_LINK) {
		if (o.out && o.nin > 1)
			die("-o with -c or -S takes one input");
		for (int i = 0; i < o.nin; i++) {
			if (!strcmp(lang_of(&o.in[i]), "object"))
				continue;
			const char *out = o.out ? o.out : swap_ext(o.in[i].path, o.mode == MODE_ASM ? "s" : "o");
			compile(&o, &o.in[i], out);
		}
		return 0;
	}

	/* Link: compile what needs compiling, then ld.lld with our script. */
	struct vec ld = { 0 };
	const char *out = o.out ? o.out : "a.out";
	push(&ld, "ld.lld");
	push(&ld, "-m");
	push(&ld, "elf32_x86_64");
	push(&ld, "-static");
	push(&ld, "-z");
	push(&ld, "noexecstack");
	push(&ld, "--no-rosegment");
	push(&ld, "-T");
	push(&ld, support("nexe.ld"));
	if (!o.nostartfiles) /* -nostdlib still gets the start file */
		push(&ld, hosted(&o) ? sysroot("lib/crt1.o") : support("start.o"));
	for (int i = 0; i < o.nin; i++) {
		if (!strcmp(lang_of(&o.in[i]), "object")) {
			push(&ld, o.in[i].path);
			continue;
		}
		char *obj = tmpname(".o");
		compile(&o, &o.in[i], obj);
		push(&ld, obj);
	}
	append(&ld, &o.ldflags);
	if (hosted(&o)) {
		push(&ld, "-L");
		push(&ld, sysroot("lib"));
	}
	append(&ld, &o.ldlibs);
	if (hosted(&o) && !o.nodefaultlibs) {
		push(&ld, "--start-group");
		push(&ld, sysroot("lib/libc.a"));
		push(&ld, sysroot("lib/libzrt.a"));
		push(&ld, "--end-group");
	}
	push(&ld, "-o");
	push(&ld, out);
	if (run(&ld) != 0)
		return 1;
	if (!validate_nexe(out)) {
		unlink(out);
		return 1;
	}
	return 0;
}
