/*
 * fuzz_jail.c - libFuzzer target for the dynamic-code state machine
 * (src/runtime/jail.c) with the real memory map and validator.
 *
 * An input is a sequence of steps over a 16-chunk heap: jail a range, unjail
 * a range (often exactly a unit, often a part of one), or write one of a few
 * code shapes (direct jumps to chosen offsets, masked-jump pairs, a syscall
 * hidden in an immediate, hlt and nop fill) wherever the heap is writable.
 * After every step it checks, independently of jail.c's bookkeeping:
 *   - the invariant: each maximal run of executable heap, validated again as
 *     one unit as it is now, passes the validator (so every direct branch in
 *     it lands on an instruction boundary, and none inside a pseudo-
 *     instruction);
 *   - the unjail rule: it succeeds exactly when the range is a whole unit of
 *     this fuzzer's own model, and then only those bytes change protection;
 *   - a refused jail changes no protection; units and executable pages agree.
 * The escape of issue 18 (unjail half of a unit, rewrite it, jail it alone)
 * breaks the invariant within a few steps when a partial unjail is allowed.
 *
 * No ASan (its shadow would sit inside the range mem_reserve owns); UBSan.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "runtime/jail.h"
#include "runtime/mem.h"
#include "runtime/session.h"
#include "validator/validator.h"

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "invariant failed: %s (line %d)\n", #c, __LINE__); abort(); } } while (0)

#define NCHUNKS    16u
#define HEAP_START 0x00400000u
#define HEAP_END   (HEAP_START + NCHUNKS * MEM_CHUNK)

struct session zs;
static jmp_buf ended;

void say(int level, const char *fmt, ...) { (void)level, (void)fmt; }
void session_fail(int code, const char *fmt, ...) { (void)code, (void)fmt; longjmp(ended, 1); }

/* The fuzzer's own model of the units. */
static struct jail_unit model[JAIL_MAX_UNITS];
static int nmodel;

static void setup(void)
{
	CHECK(mem_reserve() == 0);
	zs.heap_start = HEAP_START;
	zs.heap_end = HEAP_END;
	CHECK(mem_map(HEAP_START, HEAP_END, PROT_READ | PROT_WRITE) == 0);
}

static int model_find(uint64_t start, uint64_t size)
{
	for (int i = 0; i < nmodel; i++)
		if (model[i].start == start && model[i].size == size)
			return i;
	return -1;
}

/* Protection of every heap page, for before/after comparisons. */
static void snapshot(int *prot)
{
	for (unsigned i = 0; i < (HEAP_END - HEAP_START) / MEM_PAGE; i++)
		prot[i] = mem_prot_at(HEAP_START + (uint64_t)i * MEM_PAGE);
}

/* Pages of [start, end) changed from `from` to `to`; all others unchanged. */
static void check_changed(const int *before, uint64_t start, uint64_t end, int from, int to)
{
	int now[(HEAP_END - HEAP_START) / MEM_PAGE];
	snapshot(now);
	for (unsigned i = 0; i < (HEAP_END - HEAP_START) / MEM_PAGE; i++) {
		uint64_t p = HEAP_START + (uint64_t)i * MEM_PAGE;
		if (p >= start && p < end) {
			CHECK(before[i] == from);
			CHECK(now[i] == to);
		} else {
			CHECK(now[i] == before[i]);
		}
	}
}

/* The executable runs that touch [ctx[0], ctx[1]] (the range a step
 * changed; 0 and ~0 for all of them) are validated again, whole. */
static void revalidate(void *ctx, uint64_t start, uint64_t end)
{
	const uint64_t *near = ctx;
	struct val_result res;
	if (end < near[0] || start > near[1])
		return;
	if (start >= HEAP_START && end <= HEAP_END)
		CHECK(val_validate(mem_ptr(start), end - start, (uint32_t)start, 0, 0, 0, &res) == 0);
}

/* Executable bytes change only through jail and unjail (writes go only
 * where mem_check says the heap is writable, which check_state ties to "in
 * no unit"), and only next to the range they changed (check_changed: no
 * other page changes protection), so the costly re-validation is of the
 * runs that touch [lo, hi] alone; lo > hi skips it. */
static void check_state(uint64_t lo, uint64_t hi)
{
	int n;
	const struct jail_unit *u = jail_units(&n);
	/* jail.c's table is the model, in address order */
	CHECK(n == nmodel);
	for (int i = 0; i < n; i++) {
		CHECK(model_find(u[i].start, u[i].size) >= 0);
		CHECK(i == 0 || u[i - 1].start + u[i - 1].size <= u[i].start);
		CHECK(mem_check(u[i].start, u[i].size, PROT_READ | PROT_EXEC));
	}
	/* every executable heap page is in a unit, and none is writable */
	for (uint64_t p = HEAP_START; p < HEAP_END; p += MEM_PAGE) {
		int prot = mem_prot_at(p), in = 0;
		for (int i = 0; i < n; i++)
			in |= p >= u[i].start && p < u[i].start + u[i].size;
		CHECK(!!(prot & PROT_EXEC) == in);
		CHECK(prot == (in ? (PROT_READ | PROT_EXEC) : (PROT_READ | PROT_WRITE)));
	}
	if (lo <= hi)
		mem_foreach(PROT_EXEC, revalidate, (uint64_t[]){ lo, hi });
}

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

/* Writes shape k at heap address at, if its bytes are writable. tgt is a
 * second heap address for branches. */
static void write_shape(unsigned k, uint64_t at, uint64_t tgt)
{
	uint8_t b[64];
	size_t n;
	switch (k % 6) {
	case 0: /* jmp rel32 */
		b[0] = 0xe9, put32(b + 1, (uint32_t)(tgt - (at + 5))), n = 5;
		break;
	case 1: /* andl $-32,%eax; jmp *%rax: its second half at +3 */
		memcpy(b, "\x83\xe0\xe0\xff\xe0", 5), n = 5;
		break;
	case 2: /* mov $0x9090050f,%eax: a syscall hidden at +1 */
		memcpy(b, "\xb8\x0f\x05\x90\x90", 5), n = 5;
		break;
	case 3: /* call rel32 ending on a bundle end, after nops */
		memset(b, 0x90, 27), b[27] = 0xe8, put32(b + 28, (uint32_t)(tgt - (at + 32))), n = 32;
		break;
	case 4: /* jcc rel8 */
		b[0] = 0x74, b[1] = (uint8_t)(tgt - (at + 2)), n = 2;
		break;
	default: /* a bundle of nops */
		memset(b, 0x90, 32), n = 32;
		break;
	}
	if (at + n <= HEAP_END && mem_check(at, n, PROT_WRITE))
		memcpy(mem_ptr(at), b, n);
}

/* One step of three bytes: op, x, y. */
static void step(uint8_t op, uint8_t x, uint8_t y)
{
	int before[(HEAP_END - HEAP_START) / MEM_PAGE];
	uint64_t start = HEAP_START + (uint64_t)(x % NCHUNKS) * MEM_CHUNK;
	uint64_t size;
	int32_t r = -1;

	snapshot(before);
	switch (op % 4) {
	case 0: /* jail 1..32 pages, sometimes from a page inside the chunk */
		if (op & 0x80)
			start += (uint64_t)(y % 16) * MEM_PAGE;
		size = (uint64_t)((y >> 2) % 32 + 1) * MEM_PAGE;
		r = jail_trap(start, size);
		if (r == 0) {
			check_changed(before, start, start + size, PROT_READ | PROT_WRITE, PROT_READ | PROT_EXEC);
			model[nmodel++] = (struct jail_unit){ start, size };
		} else {
			CHECK(r == -EINVAL || r == -EPERM || r == -ENOMEM);
			check_changed(before, 0, 0, 0, 0);
		}
		break;
	case 1: { /* unjail: a unit whole, or a part of one, or around one */
		int k;
		if (nmodel && !(op & 0x40)) {
			const struct jail_unit *u = &model[y % nmodel];
			start = u->start, size = u->size;
			switch ((op >> 2) % 4) {
			case 1: start += MEM_PAGE, size -= MEM_PAGE; break;  /* its tail */
			case 2: size -= MEM_PAGE; break;                     /* its head */
			case 3: size += MEM_PAGE; break;                     /* a page more */
			}
		} else {
			size = (uint64_t)(y % 32 + 1) * MEM_PAGE;
		}
		r = unjail_trap(start, size);
		k = size ? model_find(start, size) : -1;
		if (k >= 0) {
			CHECK(r == 0);
			check_changed(before, start, start + size, PROT_READ | PROT_EXEC, PROT_READ | PROT_WRITE);
			model[k] = model[--nmodel];
		} else {
			CHECK(r == -EINVAL);
			check_changed(before, 0, 0, 0, 0);
		}
		break;
	}
	case 2: /* write a shape at a bundle (or any) offset; target anywhere */
		start += (op & 0x80) ? (uint64_t)y * 32 % MEM_CHUNK : (uint64_t)y * 257 % MEM_CHUNK;
		write_shape(op >> 2, start, HEAP_START + (uint64_t)(x * 4099u + y * 3u) % (HEAP_END - HEAP_START));
		break;
	default: /* fill a writable page with hlt (valid filler) */
		start += (uint64_t)(y % 16) * MEM_PAGE;
		if (mem_check(start, MEM_PAGE, PROT_WRITE))
			memset(mem_ptr(start), 0xf4, MEM_PAGE);
		break;
	}
	if (op % 4 < 2 && r == 0)
		check_state(start, start + size);
	else
		check_state(1, 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static int ready;
	if (!ready) {
		setup();
		ready = 1;
	}
	/* every input starts from a heap of hlt with no units */
	memset(mem_ptr(HEAP_START), 0xf4, HEAP_END - HEAP_START);
	if (setjmp(ended) != 0)
		CHECK(!"a jail or unjail failed the session");
	for (size_t i = 0; i + 3 <= len && i < 3 * 256; i += 3)
		step(data[i], data[i + 1], data[i + 2]);
	check_state(0, ~(uint64_t)0); /* all of it once more, as it is at the end */
	while (nmodel > 0) {
		CHECK(unjail_trap(model[0].start, model[0].size) == 0);
		model[0] = model[--nmodel];
	}
	check_state(0, ~(uint64_t)0);
	return 0;
}
