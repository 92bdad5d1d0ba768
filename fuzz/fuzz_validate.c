/*
 * fuzz_validate.c - libFuzzer target on val_validate() and val_decode_length().
 *
 * The input is code for guest address 0x20000. It is validated as given (most
 * sizes are not whole bundles: the argument check must answer -1, never
 * crash) and padded to whole bundles plus a bundle of hlt (so that the rules
 * themselves run), once stopping at the first error and once with
 * VAL_ALL_ERRORS. Invariants checked (abort() on failure, so libFuzzer saves
 * the input):
 *   - the return value is -1, 0 or 1; 0 iff ok; ok iff nerrors == 0 (for 0/1);
 *   - when invalid: addr inside the code, a reason, nerrors >= 1, exactly 1
 *     without VAL_ALL_ERRORS; the callback ran nerrors times, each time with an
 *     address inside the code and a reason;
 *   - both modes agree on ok; with every error, the lowest address is at or
 *     below the first-error address;
 *   - the same input gives the same answer twice;
 *   - val_decode_length() returns 0 or 1..15, never more than n, at every
 *     offset;
 *   - accepted code decodes from its start as a sequence of whitelisted
 *     instructions, none crossing a 32-byte boundary, ending with hlt.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "validator/validator.h"

#define ADDR 0x20000u
#define MAXN 8192u

struct seen {
	size_t calls;
	uint32_t lo, hi;
	int bad;
};

static void on_error(void *ctx, uint32_t addr, const char *reason)
{
	struct seen *s = ctx;
	s->calls++;
	if (addr < s->lo || addr >= s->hi || !reason || !*reason)
		s->bad = 1;
}

#define CHECK(c)                                                                   \
	do {                                                                           \
		if (!(c)) {                                                                \
			fprintf(stderr, "fuzz_validate: invariant failed: %s (line %d)\n", #c, \
				__LINE__);                                                 \
			abort();                                                           \
		}                                                                          \
	} while (0)

static void check_one(const uint8_t *code, size_t n, unsigned flags, struct val_result *out)
{
	struct val_result r, r2;
	struct seen s = { 0, ADDR, (uint32_t)(ADDR + n), 0 };

	memset(&r, 0xA5, sizeof r);
	int rc = val_validate(code, n, ADDR, flags, on_error, &s, &r);
	CHECK(rc == -1 || rc == 0 || rc == 1);
	if (rc == -1) {
		CHECK(!r.ok);
		CHECK(r.reason != NULL);
		*out = r;
		return;
	}
	CHECK((rc == 0) == (r.ok == 1));
	CHECK(r.ok == 0 || r.ok == 1);
	CHECK(r.ok == (r.nerrors == 0));
	CHECK(!s.bad);
	CHECK(s.calls == r.nerrors);
	if (!r.ok) {
		CHECK(r.addr >= ADDR && r.addr < ADDR + n);
		CHECK(r.reason != NULL && r.reason[0] != 0);
		CHECK(r.nerrors >= 1);
		if (!(flags & VAL_ALL_ERRORS))
			CHECK(r.nerrors == 1);
	}
	/* Deterministic, and the callback is optional. */
	int rc2 = val_validate(code, n, ADDR, flags, NULL, NULL, &r2);
	CHECK(rc2 == rc && r2.ok == r.ok && r2.nerrors == r.nerrors);
	if (!r.ok)
		CHECK(r2.addr == r.addr);
	*out = r;
}

/* Accepted code: a chain of whitelisted instructions inside bundles. */
static void check_accepted(const uint8_t *code, size_t n)
{
	size_t off = 0;
	while (off < n) {
		int len = val_decode_length(code + off, n - off, NULL);
		CHECK(len >= 1 && len <= 15);
		CHECK(off / 32 == (off + (size_t)len - 1) / 32);
		off += (size_t)len;
	}
	CHECK(off == n);
	for (size_t i = n - 32; i < n; i++)
		CHECK(code[i] == 0xF4);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t buf[MAXN + 64];
	struct val_result a, b;

	if (size > MAXN)
		size = MAXN;

	/* The length decoder at every offset (bounded work). */
	for (size_t i = 0; i < size && i < 512; i++) {
		const char *why = NULL;
		int len = val_decode_length(data + i, size - i, &why);
		CHECK(len >= 0 && len <= 15 && (size_t)len <= size - i);
		if (len == 0)
			CHECK(why != NULL);
	}

	/* As given: usually not whole bundles. */
	if (size > 0) {
		uint8_t *copy = malloc(size); /* exact size, so ASan sees overreads */
		if (!copy)
			return 0;
		memcpy(copy, data, size);
		check_one(copy, size, 0, &a);
		free(copy);
	}

	/* Padded to whole bundles plus the hlt tail. */
	size_t n = (size + 31) / 32 * 32 + 32;
	memcpy(buf, data, size);
	memset(buf + size, 0xF4, n - size);
	uint8_t *code = malloc(n);
	if (!code)
		return 0;
	memcpy(code, buf, n);
	check_one(code, n, 0, &a);
	check_one(code, n, VAL_ALL_ERRORS, &b);
	CHECK(a.ok == b.ok);
	if (!a.ok)
		CHECK(b.addr <= a.addr && b.nerrors >= 1);
	if (a.ok)
		check_accepted(code, n);
	free(code);
	return 0;
}
