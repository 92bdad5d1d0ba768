/*
 * fastpath_diff.c - the validator with its fast path against the validator
 * without it (validate.c built with VAL_FAST_PATH=0: step() alone, the full
 * decoder and rules on every instruction).
 *
 *   fastpath-diff NAME SEED COUNT FILE...
 *
 * The FILEs (raw code, e.g. the .text of compiled objects) are joined, each
 * padded to a bundle with hlt. Then the whole of it, and COUNT variants
 * (windows of many sizes, at different bundle addresses, with a few bytes
 * changed, inserted or removed), are validated by both, with and without
 * VAL_ALL_ERRORS; the results and the violations reported, in their order,
 * must be the same. Prints "PASS NAME/..." or "FAIL NAME/...: why".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "validator/validator.h"

int val_validate_ref(const uint8_t *code, size_t size, uint32_t addr, unsigned flags,
		     val_error_fn on_error, void *ctx, struct val_result *res);

static unsigned long long rng;

static unsigned rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)rng;
}

/* The violations one run reported, as text. */
struct log {
	char *s;
	size_t n, cap;
};

static void on_error(void *ctx, uint32_t addr, const char *reason)
{
	struct log *l = ctx;
	char line[160];
	int k = snprintf(line, sizeof line, "%#x %s\n", (unsigned)addr, reason);
	if (l->n + (size_t)k + 1 > l->cap) {
		l->cap = (l->n + (size_t)k + 1) * 2;
		l->s = realloc(l->s, l->cap);
		if (!l->s)
			exit(2);
	}
	memcpy(l->s + l->n, line, (size_t)k + 1);
	l->n += (size_t)k;
}

/* Both validators on one input; returns 0 when they agree. */
static int same(const uint8_t *code, size_t size, uint32_t addr, unsigned flags, char *why,
		size_t whylen)
{
	struct log a = { 0, 0, 0 }, b = { 0, 0, 0 };
	struct val_result ra, rb;
	int rca = val_validate(code, size, addr, flags, on_error, &a, &ra);
	int rcb = val_validate_ref(code, size, addr, flags, on_error, &b, &rb);
	int bad = rca != rcb || ra.ok != rb.ok || ra.nerrors != rb.nerrors ||
		  (!ra.ok && (ra.addr != rb.addr || strcmp(ra.reason, rb.reason) != 0)) ||
		  a.n != b.n || (a.n && memcmp(a.s, b.s, a.n) != 0);
	if (bad)
		snprintf(why, whylen, "flags %u, %zu bytes at %#x: fast rc %d ok %d at %#x (%s), "
			 "%zu errors; full rc %d ok %d at %#x (%s), %zu errors", flags, size,
			 (unsigned)addr, rca, ra.ok, (unsigned)ra.addr, ra.ok ? "-" : ra.reason,
			 ra.nerrors, rcb, rb.ok, (unsigned)rb.addr, rb.ok ? "-" : rb.reason,
			 rb.nerrors);
	free(a.s);
	free(b.s);
	return bad;
}

static int both_modes(const uint8_t *code, size_t size, uint32_t addr, char *why, size_t n)
{
	return same(code, size, addr, 0, why, n) || same(code, size, addr, VAL_ALL_ERRORS, why, n);
}

int main(int argc, char **argv)
{
	if (argc < 5) {
		fprintf(stderr, "usage: fastpath-diff NAME SEED COUNT FILE...\n");
		return 2;
	}
	const char *name = argv[1];
	rng = 0x9E3779B97F4A7C15ull ^ strtoull(argv[2], 0, 10);
	long count = atol(argv[3]);
	uint8_t *code = 0;
	size_t n = 0;

	for (int i = 4; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		if (!f) {
			printf("FAIL %s/read: cannot open %s\n", name, argv[i]);
			return 1;
		}
		int ch;
		while ((ch = getc(f)) != EOF) {
			if (n % 4096 == 0 && !(code = realloc(code, n + 4096 + 64)))
				return 2;
			code[n++] = (uint8_t)ch;
		}
		fclose(f);
		while (n % VAL_BUNDLE_SIZE) {
			if (n % 4096 == 0 && !(code = realloc(code, n + 4096 + 64)))
				return 2;
			code[n++] = 0xF4;
		}
	}
	if (n == 0) {
		printf("FAIL %s/read: no code in the files\n", name);
		return 1;
	}
	uint8_t *buf = malloc(n + 64);
	if (!buf)
		return 2;
	char why[512];
	int rc = 0;

	memcpy(buf, code, n);
	memset(buf + n, 0xF4, VAL_HALT_TAIL);
	if (both_modes(buf, n + VAL_HALT_TAIL, VAL_TEXT_START, why, sizeof why)) {
		printf("FAIL %s/whole: %s\n", name, why);
		rc = 1;
	} else {
		printf("PASS %s/whole\n", name);
	}

	static const uint8_t interesting[] = { 0x66, 0x67, 0x2E, 0x3E, 0x40, 0x41, 0x44, 0x48,
					       0x4C, 0xF0, 0xF2, 0xF3, 0x0F, 0x38, 0xE8, 0xE9,
					       0xEB, 0x74, 0x0F, 0x84, 0xFF, 0xC3, 0x83, 0xE0,
					       0x24, 0xC4, 0xEC, 0x89, 0x8B, 0x8D, 0xCC, 0x90 };
	long fails = 0;
	for (long it = 0; it < count; it++) {
		/* windows from a few bundles up to the whole code */
		size_t max = (size_t)1 << (6 + rnd() % 16), len, at;
		if (max > n)
			max = n;
		len = (rnd() % max + VAL_BUNDLE_SIZE) & ~(size_t)(VAL_BUNDLE_SIZE - 1);
		if (len > n)
			len = n;
		at = (rnd() % (n - len + 1)) & ~(size_t)(VAL_BUNDLE_SIZE - 1);
		memcpy(buf, code + at, len);
		for (unsigned k = 0, nm = rnd() % 6; k < nm; k++) {
			size_t p = rnd() % len;
			uint8_t v = rnd() % 2 ? interesting[rnd() % sizeof interesting] : (uint8_t)rnd();
			switch (rnd() % 3) {
			case 0:
				buf[p] = v;
				break;
			case 1: /* insert */
				memmove(buf + p + 1, buf + p, len - p - 1);
				buf[p] = v;
				break;
			default: /* remove */
				memmove(buf + p, buf + p + 1, len - p - 1);
				buf[len - 1] = 0xF4;
				break;
			}
		}
		memset(buf + len, 0xF4, VAL_HALT_TAIL);
		if (rnd() % 16 == 0)
			buf[len + rnd() % VAL_HALT_TAIL] = 0x90; /* a bad tail */
		uint32_t addr = VAL_TEXT_START + VAL_BUNDLE_SIZE * (rnd() % 64);
		if (both_modes(buf, len + VAL_HALT_TAIL, addr, why, sizeof why) && fails++ < 5)
			printf("FAIL %s/variant-%ld: %s\n", name, it, why);
	}
	if (fails) {
		printf("FAIL %s/variants: %ld of %ld differ\n", name, fails, count);
		rc = 1;
	} else {
		printf("PASS %s/variants (%ld)\n", name, count);
	}
	free(buf);
	free(code);
	return rc;
}
