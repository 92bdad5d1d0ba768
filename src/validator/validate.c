/*
 * validate.c - the sandbox rules over decoded instructions (DESIGN.md §3).
 *
 * Pass 1 walks the code bundle by bundle, decodes every instruction with the
 * whitelist decoder, applies the per-instruction rules (0x67 on memory
 * operands, no rsp write but 32-bit esp writes, no unmasked indirect branch,
 * ret only in the return sequence, calls ending at bundle ends, direct targets
 * inside the code or on a trampoline slot) and records two bitmaps: valid
 * branch targets (instruction starts that are not inside a pseudo-instruction)
 * and direct-branch targets. Pass 2 checks targets ⊆ valid starts. Only when
 * that fails does a third walk name the branches at fault.
 *
 * Speed: pass 1 asks the generated fast path (fast.h) first, which settles
 * about 97% of real instructions with a few table lookups and no branch on
 * the kind of instruction; it only ever says "fine, same effects as step()"
 * or "ask step()", the full decoder and rules. And it decodes two streams at
 * once (walk()), since each instruction's length is a chain of dependent
 * loads that one stream cannot overlap.
 */
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "fast.h"
#include "rules.h"
#include "validator.h"

static const char *const E_RSP = "write to rsp that is not a 32-bit write to esp";
static const char *const E_INDIRECT = "unmasked indirect branch (needs andl $-32 on the same register, in the same bundle)";
static const char *const E_RET = "ret outside the return sequence";
static const char *const E_CALLEND = "call does not end at a bundle end";
static const char *const E_OUTSIDE = "direct branch target outside validated code";
static const char *const E_BADTARGET = "direct branch target is not a valid instruction start";
static const char *const E_CROSS = "instruction crosses a bundle boundary";
static const char *const E_TAIL = "code does not end with 32 bytes of hlt";

/* The in-place return (rule 5b): movl (%esp),%r11d; andl $-32,%r11d;
 * movq %r11,(%esp); ret. The three instructions before the ret, exactly. */
static const uint8_t RET_LOAD[] = { 0x67, 0x44, 0x8B, 0x1C, 0x24 };
static const uint8_t RET_MASK[] = { 0x41, 0x83, 0xE3, 0xE0 };
static const uint8_t RET_STORE[] = { 0x67, 0x4C, 0x89, 0x1C, 0x24 };

struct ctx {
	const uint8_t *code;
	size_t size;
	uint32_t addr;
	unsigned flags;
	val_error_fn fn;
	void *fnctx;
	struct val_result *res;
	uint64_t *starts, *targets;
	int quiet; /* report nothing, only stop (walk's second stream) */
};

/* An earlier instruction; it is in the same bundle as the one at off when
 * it ends exactly at off and off is not a bundle start. */
struct prev {
	size_t off, len;
};

static int adjacent(const struct prev *p, size_t off)
{
	return p->off + p->len == off && off % VAL_BUNDLE_SIZE != 0;
}

static int report(struct ctx *c, size_t off, const char *reason)
{
	uint32_t a = c->addr + (uint32_t)off;
	if (c->quiet)
		return 1;
	if (c->res->ok || a < c->res->addr) {
		c->res->addr = a;
		c->res->reason = reason;
	}
	c->res->ok = 0;
	c->res->nerrors++;
	if (c->fn)
		c->fn(c->fnctx, a, reason);
	return !(c->flags & VAL_ALL_ERRORS); /* nonzero: stop */
}

static void set_bit(uint64_t *m, size_t i) { m[i >> 6] |= (uint64_t)1 << (i & 63); }
static void clr_bit(uint64_t *m, size_t i) { m[i >> 6] &= ~((uint64_t)1 << (i & 63)); }

static int is_tramp_slot(int64_t t)
{
	return t >= VAL_TRAMP_START && t < VAL_TRAMP_END && (t & (VAL_BUNDLE_SIZE - 1)) == 0;
}

/* Rule 4: is the instruction before an indirect branch the mask of its
 * register? Both name the register the same way: no REX for rax..rdi, exactly
 * 0x41 for r8..r15 (an empty REX 0x40 on either side is refused, so the two
 * register numbers can only be equal when the bytes are). */
static int masked_by(const struct ctx *c, const struct prev *p, size_t off,
		     const struct val_insn *br)
{
	uint8_t want[4];
	unsigned n = 0;

	if (!adjacent(p, off) || br->pfx || (br->rex != 0 && br->rex != 0x41))
		return 0;
	if (br->rex)
		want[n++] = 0x41;
	want[n++] = 0x83;
	want[n++] = (uint8_t)(0xE0 | br->rm);
	want[n++] = 0xE0;
	return p->len == n && memcmp(c->code + p->off, want, n) == 0;
}

static int is(const struct ctx *c, const struct prev *p, const uint8_t *bytes, size_t n)
{
	return p->len == n && memcmp(c->code + p->off, bytes, n) == 0;
}

/* Rule 5b: ret closes the in-place return, the four in one bundle. Sound
 * because the guest has one thread: the slot ret reads is the one the
 * 8-byte store just wrote, the masked value zero-extended. */
static int ret_sequence(const struct ctx *c, const struct prev *p3, const struct prev *p2,
			const struct prev *p1, size_t off)
{
	return adjacent(p1, off) && adjacent(p2, p1->off) && adjacent(p3, p2->off) &&
	       is(c, p3, RET_LOAD, sizeof RET_LOAD) && is(c, p2, RET_MASK, sizeof RET_MASK) &&
	       is(c, p1, RET_STORE, sizeof RET_STORE);
}

static int64_t branch_target(const struct ctx *c, size_t off, const struct val_insn *in)
{
	return (int64_t)c->addr + (int64_t)off + in->len + val_rel(c->code + off, in);
}

static int direct_branch(const struct val_insn *in)
{
	return in->op->br == BR_JMP || in->op->br == BR_JCC || in->op->br == BR_CALL;
}

/* Rules 4-7 for a control transfer; out of line, as most instructions are
 * not branches. Returns nonzero to stop. */
__attribute__((noinline)) static int check_branch(struct ctx *c, size_t off,
						  const struct val_insn *in,
						  const struct prev *p3, const struct prev *p2,
						  const struct prev *p1)
{
	switch (in->op->br) {
	case BR_JMP:
	case BR_JCC:
	case BR_CALL: {
		int64_t t = branch_target(c, off, in);
		if (t >= c->addr && t < (int64_t)c->addr + (int64_t)c->size)
			set_bit(c->targets, (size_t)(t - c->addr));
		else if (!is_tramp_slot(t) && report(c, off, E_OUTSIDE))
			return 1;
		break;
	}
	case BR_IJMP:
	case BR_ICALL:
		if (!masked_by(c, p1, off, in)) {
			if (report(c, off, E_INDIRECT))
				return 1;
		} else {
			clr_bit(c->starts, off);
		}
		break;
	case BR_RET:
		if (!ret_sequence(c, p3, p2, p1, off) || in->pfx) {
			if (report(c, off, E_RET))
				return 1;
		} else {
			clr_bit(c->starts, p2->off);
			clr_bit(c->starts, p1->off);
			clr_bit(c->starts, off);
		}
		break;
	}
	if ((in->op->br == BR_CALL || in->op->br == BR_ICALL) &&
	    (c->addr + off + in->len) % VAL_BUNDLE_SIZE != 0 && report(c, off, E_CALLEND))
		return 1;
	return 0;
}

__attribute__((noinline, cold)) static int fail_at(struct ctx *c, size_t off, const char *e)
{
	return report(c, off, e);
}

/* One instruction through the full decoder and every rule. Returns nonzero
 * to stop, else advances *offp. Out of line: the fast path handles most code.
 * Stopping quietly in the middle leaves effects that doing the instruction
 * again repeats exactly (bits set, and cleared again). */
__attribute__((noinline)) static int step(struct ctx *c, size_t *offp, struct prev *p3,
					  struct prev *p2, struct prev *p1)
{
	size_t off = *offp, bundle_end = (off | (VAL_BUNDLE_SIZE - 1)) + 1;
	struct val_insn in;
	const char *why;
	const char *e;

	int len = val_decode(c->code + off, c->size - off, &in, &why);
	if (!len || off + (size_t)len > bundle_end) {
		if (fail_at(c, off, len ? E_CROSS : why))
			return 1;
		*offp = bundle_end;
		return 0;
	}
	set_bit(c->starts, off);
	if ((e = val_check_mem(&in)) != 0 && fail_at(c, off, e))
		return 1;
	if (in.wr && val_writes_rsp(&in) && fail_at(c, off, E_RSP))
		return 1;
	if (in.br && check_branch(c, off, &in, p3, p2, p1))
		return 1;
	*p3 = *p2;
	*p2 = *p1;
	p1->off = off;
	p1->len = in.len;
	*offp = off + in.len;
	return 0;
}

/* 0 only in tests/fastpath's reference build: step() alone. */
#ifndef VAL_FAST_PATH
#define VAL_FAST_PATH 1
#endif

static const struct val_fast_tabs TABS = { val_fast, val_fast_class, val_fast_prefix,
					    val_fast_modrm };

/* Does the fast path (fast.h) accept the instruction at off? A direct branch
 * also needs its target inside the code and a call its end on a bundle end;
 * anything else goes to step(), which knows trampolines and reports. Without
 * a branch on the kind of instruction: the target bit goes to the word `sink`
 * past the bitmap unless this is an accepted direct branch. */
static inline __attribute__((always_inline)) unsigned
fast_accept(const uint8_t *code, size_t size, uint64_t *targets, size_t off,
	    const struct val_fast *f, size_t sink)
{
	uint32_t raw;
	memcpy(&raw, code + off + f->at, sizeof raw); /* at <= 11: inside the 16 bytes */
	unsigned sh = (unsigned)(f->d >> FD_RELSH) & 31; /* rel8: sign-extend the low byte */
	int64_t rel = (int32_t)(raw << sh) >> sh;
	size_t end = off + f->len, t = end + (size_t)rel; /* wraps below 0 */
	unsigned direct = !!(f->d & FD_DIRECT), call = !!(f->d & FD_CALL);
	/* Bytes left in the bundle: 0..31, or huge when the instruction
	 * crosses its end; a call must leave none. */
	size_t room = (off | (VAL_BUNDLE_SIZE - 1)) + 1 - end;
	unsigned ok = f->ok & (room <= ((VAL_BUNDLE_SIZE - 1) & (call - 1))) &
		      !(direct & (t >= size));
	targets[ok & direct ? t >> 6 : sink] |= (uint64_t)1 << (t & 63);
	return ok;
}

/* A stream of the walk: the next offset and the starts of the last three
 * instructions. In a stream each instruction ends where the next starts, or
 * the next starts a bundle, so the starts say all step() needs to know. */
struct pos {
	size_t off, s1, s2, s3;
};

static int step_at(struct ctx *c, struct pos *ps)
{
	struct prev p1 = { ps->s1, ps->off - ps->s1 }, p2 = { ps->s2, ps->s1 - ps->s2 };
	struct prev p3 = { ps->s3, ps->s2 - ps->s3 };
	int stop = step(c, &ps->off, &p3, &p2, &p1);
	ps->s1 = p1.off;
	ps->s2 = p2.off;
	ps->s3 = p3.off;
	return stop;
}

/* Pass 1 over [ps.off, to) as one stream. Returns nonzero when it stopped
 * early. Where 16 bytes are left, the fast path tries first: when it says
 * yes, step() would have accepted the instruction with the same length and
 * the same effects. */
static int walk_range(struct ctx *c, struct pos ps, size_t to)
{
	const uint8_t *code = c->code;
	const size_t size = c->size, fast_end = size - 16, sink = (size + 63) / 64;
	uint64_t *starts = c->starts, *targets = c->targets;

	while (ps.off < to) {
		if (VAL_FAST_PATH && ps.off <= fast_end) {
			struct val_fast f;
			val_fast_step(code + ps.off, &TABS, &f);
			if (fast_accept(code, size, targets, ps.off, &f, sink)) {
				set_bit(starts, ps.off);
				ps.s3 = ps.s2;
				ps.s2 = ps.s1;
				ps.s1 = ps.off;
				ps.off += f.len;
				continue;
			}
		}
		if (step_at(c, &ps))
			return 1;
	}
	return 0;
}

/*
 * Pass 1. Returns nonzero when it stopped early. Decoding is a chain (each
 * length gives the next start), so two chains run side by side for the CPU
 * to overlap: A from 0, B from the middle (a bundle start, so B needs no
 * earlier state). Only A reports along the way: B runs step() quietly,
 * pauses at its first violation and resumes once A is done, so violations
 * are still found and reported in address order.
 */
static int walk(struct ctx *c)
{
	const uint8_t *code = c->code;
	const size_t size = c->size, mid = size / 2 & ~(size_t)63, fast_end = size - 16;
	const size_t sink = (size + 63) / 64;
	uint64_t *starts = c->starts, *targets = c->targets;
	struct pos a = { 0, 0, 0, 0 }, b = { mid, mid, mid, mid };

	if (!VAL_FAST_PATH)
		return walk_range(c, (struct pos){ 0, 0, 0, 0 }, size);

	while (a.off < mid && b.off <= fast_end) {
		struct val_fast fa, fb;
		val_fast_step(code + a.off, &TABS, &fa);
		val_fast_step(code + b.off, &TABS, &fb);
		unsigned oka = fast_accept(code, size, targets, a.off, &fa, sink);
		unsigned okb = fast_accept(code, size, targets, b.off, &fb, sink + 1);
		if (oka) {
			set_bit(starts, a.off);
			a = (struct pos){ a.off + fa.len, a.off, a.s1, a.s2 };
		} else if (step_at(c, &a)) {
			return 1;
		}
		if (okb) {
			set_bit(starts, b.off);
			b = (struct pos){ b.off + fb.len, b.off, b.s1, b.s2 };
		} else {
			struct pos ps = b;
			c->quiet = 1;
			int stop = step_at(c, &ps);
			c->quiet = 0;
			if (stop)
				break;
			b = ps;
		}
	}
	if (walk_range(c, a, mid))
		return 1;
	return walk_range(c, b, size);
}

/* Third walk, only when pass 2 found a bad target: name the branches. */
static void blame(struct ctx *c)
{
	size_t off = 0;

	while (off < c->size) {
		struct val_insn in;
		size_t bundle_end = (off | (VAL_BUNDLE_SIZE - 1)) + 1;
		if (!val_decode(c->code + off, c->size - off, &in, 0) ||
		    off + in.len > bundle_end) {
			off = bundle_end;
			continue;
		}
		if (direct_branch(&in)) {
			int64_t t = branch_target(c, off, &in);
			if (t >= c->addr && t < (int64_t)c->addr + (int64_t)c->size) {
				size_t i = (size_t)(t - c->addr);
				if (!(c->starts[i >> 6] >> (i & 63) & 1) &&
				    report(c, off, E_BADTARGET))
					return;
			}
		}
		off += in.len;
	}
}

/* Rule 1's tail: the code ends with at least 32 bytes of hlt. */
static int check_tail(struct ctx *c)
{
	for (size_t i = c->size - VAL_HALT_TAIL; i < c->size; i++)
		if (c->code[i] != 0xF4)
			return report(c, i, E_TAIL);
	return 0;
}

int val_table_check(const char **why)
{
	const char *e = 0;
	if (val_index_nops != val_nops)
		e = "the generated index does not match the table (stale build)";
	if (why)
		*why = e;
	return e ? -1 : 0;
}

int val_validate(const uint8_t *code, size_t size, uint32_t addr, unsigned flags,
		 val_error_fn on_error, void *fnctx, struct val_result *res)
{
	struct ctx c = { code, size, addr, flags, on_error, fnctx, res, 0, 0, 0 };
	const char *why;

	*res = (struct val_result){ 1, 0, 0, 0 };
	if (val_table_check(&why) != 0) {
		res->ok = 0;
		res->reason = why;
		return -1;
	}
	if (!code || addr % VAL_BUNDLE_SIZE || size % VAL_BUNDLE_SIZE ||
	    size < VAL_HALT_TAIL || (uint64_t)addr + size > ((uint64_t)1 << 32)) {
		res->ok = 0;
		res->addr = addr;
		res->reason = "code must be bundle aligned, a whole number of bundles "
			      "(at least one), and below 4 GiB";
		return -1;
	}
	size_t words = (size + 63) / 64;
	c.starts = calloc(words, sizeof *c.starts);
	c.targets = calloc(words + 2, sizeof *c.targets); /* + the fast path's sinks */
	if (!c.starts || !c.targets) {
		free(c.starts);
		free(c.targets);
		res->ok = 0;
		res->reason = "out of memory";
		return -1;
	}
	if (!walk(&c) && !check_tail(&c)) {
		for (size_t w = 0; w < words; w++) {
			if (c.targets[w] & ~c.starts[w]) {
				blame(&c);
				break;
			}
		}
	}
	free(c.starts);
	free(c.targets);
	return res->ok ? 0 : 1;
}
