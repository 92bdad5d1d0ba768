/*
 * zvm-validate - checks nexes (or raw code) against the sandbox rules.
 *
 *   zvm-validate [--raw] [--all] FILE...
 *
 * Prints "FILE: ok" or "FILE: invalid at 0xADDR: REASON" (every violation,
 * in address order, with --all). Exit status: 0 every file valid, 1 some file
 * invalid, 2 usage or I/O error.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/version.h"
#include "validator/validator.h"

#define RAW_ADDR VAL_TEXT_START

struct err { uint32_t addr; const char *reason; size_t seq; };
struct errs { struct err *v; size_t n, cap; int oom; };

static void collect(void *ctx, uint32_t addr, const char *reason)
{
	struct errs *e = ctx;
	if (e->n == e->cap) {
		size_t cap = e->cap ? e->cap * 2 : 16;
		struct err *v = realloc(e->v, cap * sizeof *v);
		if (!v) {
			e->oom = 1;
			return;
		}
		e->v = v;
		e->cap = cap;
	}
	e->v[e->n] = (struct err){ addr, reason, e->n };
	e->n++;
}

static int by_addr(const void *a, const void *b)
{
	const struct err *x = a, *y = b;
	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Reads a whole file; returns NULL with errno set on failure. */
static uint8_t *slurp(const char *path, size_t *size)
{
	int fd = open(path, O_RDONLY);
	struct stat st;
	uint8_t *buf = 0;

	if (fd < 0)
		return 0;
	if (fstat(fd, &st) < 0)
		goto fail;
	if (!S_ISREG(st.st_mode)) {
		errno = EINVAL;
		goto fail;
	}
	buf = malloc(st.st_size ? (size_t)st.st_size : 1);
	if (!buf)
		goto fail;
	size_t got = 0;
	while (got < (size_t)st.st_size) {
		ssize_t r = read(fd, buf + got, (size_t)st.st_size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = EIO;
			goto fail;
		}
		got += (size_t)r;
	}
	close(fd);
	*size = got;
	return buf;
fail:
	{
		int e = errno;
		free(buf);
		close(fd);
		errno = e;
	}
	return 0;
}

/* Returns 0 valid, 1 invalid, 2 error. */
static int check_file(const char *path, int raw, unsigned flags)
{
	size_t size;
	uint8_t *img = slurp(path, &size);
	const uint8_t *code = img;
	uint32_t addr = RAW_ADDR;
	struct errs errs = { 0, 0, 0, 0 };
	struct val_result res;
	int rc;

	if (!img) {
		fprintf(stderr, "zvm-validate: %s: %s\n", path, strerror(errno));
		return 2;
	}
	if (!raw) {
		struct val_nexe nx;
		char msg[256];
		if (val_elf_check(img, size, &nx, msg, sizeof msg) != 0) {
			printf("%s: invalid: %s\n", path, msg);
			free(img);
			return 1;
		}
		code = img + nx.seg[nx.text].offset;
		size = nx.seg[nx.text].filesz;
		addr = nx.seg[nx.text].vaddr;
	}
	rc = val_validate(code, size, addr, flags, collect, &errs, &res);
	if (errs.oom) {
		fprintf(stderr, "zvm-validate: %s: out of memory\n", path);
		rc = 2;
	} else if (rc == 0) {
		printf("%s: ok\n", path);
	} else if (rc < 0) {
		printf("%s: invalid at 0x%x: %s\n", path, (unsigned)res.addr, res.reason);
		rc = 1;
	} else if (flags & VAL_ALL_ERRORS) {
		qsort(errs.v, errs.n, sizeof *errs.v, by_addr);
		for (size_t i = 0; i < errs.n; i++)
			printf("%s: invalid at 0x%x: %s\n", path, (unsigned)errs.v[i].addr,
			       errs.v[i].reason);
	} else {
		printf("%s: invalid at 0x%x: %s\n", path, (unsigned)res.addr, res.reason);
	}
	free(errs.v);
	free(img);
	return rc;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: zvm-validate [--raw] [--all] FILE...\n"
		   "  --raw  FILE is bare code loaded at guest address 0x%x\n"
		   "  --all  report every violation, not only the first\n",
		RAW_ADDR);
}

int main(int argc, char **argv)
{
	int raw = 0, i, worst = 0, nfiles = 0;
	unsigned flags = 0;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		} else if (!strcmp(argv[i], "--raw")) {
			raw = 1;
		} else if (!strcmp(argv[i], "--all")) {
			flags |= VAL_ALL_ERRORS;
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(argv[i], "--version")) {
			fputs(ZVM_VERSION_LINE("zvm-validate"), stdout);
			return 0;
		} else {
			fprintf(stderr, "zvm-validate: unknown option %s\n", argv[i]);
			usage(stderr);
			return 2;
		}
	}
	for (; i < argc; i++, nfiles++) {
		int rc = check_file(argv[i], raw, flags);
		if (rc > worst)
			worst = rc;
	}
	if (!nfiles) {
		usage(stderr);
		return 2;
	}
	if (fflush(stdout) != 0)
		return 2;
	return worst;
}
