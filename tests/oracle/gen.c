/*
 * gen.c - random x86-64 code for the soundness oracle.
 *
 * Programs are made of whole 32-byte bundles, biased toward what the sandbox
 * rules are about: memory operands (mostly with 0x67, sometimes without),
 * stack operations and writes to rsp/esp in every width, masked indirect
 * branch pairs and their near misses, the return sequence and its near
 * misses, direct branches to instruction starts, bundle starts, trampoline
 * slots and random places, string instructions, SSE/x87 memory forms, and a
 * sprinkling of forbidden instructions. Most of what this makes is accepted
 * by a correct validator; the rest exercises its rejections. The encodings
 * here are written from the Intel/AMD manuals and do not share anything with
 * the validator's table.
 */
#include <stdlib.h>
#include <string.h>

#include "oracle.h"

#define BUNDLE 32u

struct ins {
	uint8_t b[48];
	unsigned n;
	int rel_at;       /* offset of a branch displacement, or -1 */
	unsigned rel_size; /* 1 or 4 */
	int at_end;       /* wants to end at a bundle end (calls) */
	unsigned sub[4];  /* offsets of further instruction starts inside */
	unsigned nsub;
};

struct fix {
	size_t insn;  /* offset of the branch instruction */
	size_t at;    /* offset of its displacement */
	size_t end;   /* offset just after the instruction */
	unsigned size;
};

struct prog {
	uint8_t *b;
	size_t n;
	size_t starts[512];
	unsigned nstarts;
	struct fix fix[128];
	unsigned nfix;
};

/* A clean program avoids the known-bad variants (forbidden instructions,
 * stray prefixes, near misses), so that longer programs get accepted. */
static int clean;

static void put8(struct ins *t, unsigned v)
{
	if (t->n < sizeof t->b)
		t->b[t->n++] = (uint8_t)v;
}

static void put32(struct ins *t, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		put8(t, (v >> (8 * i)) & 0xFF);
}

static uint32_t rand_disp(struct rng *r)
{
	switch (rng_below(r, 6)) {
	case 0: return 0;
	case 1: return rng_below(r, 256);
	case 2: return (uint32_t)-(int32_t)rng_below(r, 256);
	case 3: return 0x80000000u + rng_below(r, 16) - 8;
	case 4: return 0xFFFFF000u + rng_below(r, 0x1000);
	default: return (uint32_t)rng_next(r);
	}
}

/*
 * ModRM (+ SIB + displacement). form: 0 memory, 1 register, 2 mostly memory.
 * Returns 1 when a memory form was written.
 */
static int put_modrm(struct rng *r, struct ins *t, unsigned reg, int form)
{
	unsigned mod = rng_below(r, 3), rm = rng_below(r, 8);

	if (form == 1 || (form == 2 && rng_pct(r, 12)))
		mod = 3;
	put8(t, mod << 6 | (reg & 7) << 3 | rm);
	if (mod == 3)
		return 0;
	if (rm == 4) {
		unsigned sib = (unsigned)rng_below(r, 256);
		if (rng_pct(r, 35))
			sib = (sib & 0xF8) | 4; /* rsp base */
		if (rng_pct(r, 20))
			sib = (sib & 0xC7) | 0x20; /* no index */
		put8(t, sib);
		if (mod == 0 && (sib & 7) == 5)
			put32(t, rand_disp(r));
	} else if (mod == 0 && rm == 5) {
		put32(t, rand_disp(r)); /* rip (eip with 0x67) relative */
	}
	if (mod == 1)
		put8(t, rand_disp(r) & 0xFF);
	else if (mod == 2)
		put32(t, rand_disp(r));
	return 1;
}

/* Legacy prefixes and REX. mem: the instruction has a memory operand.
 * mand: a mandatory prefix (0, 0x66, 0xF2, 0xF3) that goes last. Returns the
 * REX byte written (0 for none); *has66 tells whether 0x66 is present. */
static unsigned prefixes(struct rng *r, struct ins *t, int mem, unsigned mand, int *has66,
			 int allow_rexw)
{
	uint8_t p[8];
	unsigned np = 0, rex = 0;

	if (clean) {
		if (mem)
			p[np++] = 0x67;
		if (!mand && rng_pct(r, 5))
			p[np++] = 0x66;
		goto out;
	}
	if (mem ? rng_pct(r, 94) : rng_pct(r, 3))
		p[np++] = 0x67;
	if (!mand && rng_pct(r, 7))
		p[np++] = 0x66;
	if (mem && rng_pct(r, 4))
		p[np++] = 0xF0;
	if (!mand && rng_pct(r, 2))
		p[np++] = rng_pct(r, 50) ? 0xF2 : 0xF3;
	if (rng_pct(r, 2))
		p[np++] = (uint8_t[]){ 0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65 }[rng_below(r, 6)];
	if (np && rng_pct(r, 1))
		p[np++] = p[0];
out:
	for (unsigned i = np; i > 1; i--) { /* shuffle */
		unsigned j = rng_below(r, i);
		uint8_t x = p[i - 1];
		p[i - 1] = p[j];
		p[j] = x;
	}
	*has66 = mand == 0x66;
	for (unsigned i = 0; i < np; i++) {
		put8(t, p[i]);
		if (p[i] == 0x66)
			*has66 = 1;
	}
	if (mand)
		put8(t, mand);
	if (rng_pct(r, 45)) {
		rex = 0x40 | rng_below(r, 16);
		if (!allow_rexw && rng_pct(r, 80))
			rex &= ~8u;
		put8(t, rex);
	}
	return rex;
}

/* ---- generic ModRM instructions ------------------------------------------- */

enum { IMM0, IMMB, IMMZ, IMMW };

struct form {
	uint8_t map; /* 0: one byte, 1: 0F, 2: 0F38, 3: 0F3A */
	uint8_t op;
	int8_t reg;  /* fixed ModRM.reg, or -1 */
	uint8_t imm;
};

static const struct form forms1[] = {
	{ 0, 0x63, -1, IMM0 }, { 0, 0x69, -1, IMMZ }, { 0, 0x6B, -1, IMMB },
	{ 0, 0x80, -1, IMMB }, { 0, 0x81, -1, IMMZ }, { 0, 0x83, -1, IMMB },
	{ 0, 0x84, -1, IMM0 }, { 0, 0x85, -1, IMM0 }, { 0, 0x86, -1, IMM0 },
	{ 0, 0x87, -1, IMM0 }, { 0, 0x88, -1, IMM0 }, { 0, 0x89, -1, IMM0 },
	{ 0, 0x8A, -1, IMM0 }, { 0, 0x8B, -1, IMM0 }, { 0, 0x8D, -1, IMM0 },
	{ 0, 0x8F, 0, IMM0 },  { 0, 0xC0, -1, IMMB }, { 0, 0xC1, -1, IMMB },
	{ 0, 0xC6, 0, IMMB },  { 0, 0xC7, 0, IMMZ },  { 0, 0xD0, -1, IMM0 },
	{ 0, 0xD1, -1, IMM0 }, { 0, 0xD2, -1, IMM0 }, { 0, 0xD3, -1, IMM0 },
	{ 0, 0xD8, -1, IMM0 }, { 0, 0xD9, -1, IMM0 }, { 0, 0xDA, -1, IMM0 },
	{ 0, 0xDB, -1, IMM0 }, { 0, 0xDC, -1, IMM0 }, { 0, 0xDD, -1, IMM0 },
	{ 0, 0xDE, -1, IMM0 }, { 0, 0xDF, -1, IMM0 }, { 0, 0xF6, 0, IMMB },
	{ 0, 0xF6, 2, IMM0 },  { 0, 0xF6, 3, IMM0 },  { 0, 0xF6, 4, IMM0 },
	{ 0, 0xF6, 6, IMM0 },  { 0, 0xF7, 0, IMMZ },  { 0, 0xF7, 2, IMM0 },
	{ 0, 0xF7, 3, IMM0 },  { 0, 0xF7, 5, IMM0 },  { 0, 0xF7, 7, IMM0 },
	{ 0, 0xFE, 0, IMM0 },  { 0, 0xFE, 1, IMM0 },  { 0, 0xFF, 0, IMM0 },
	{ 0, 0xFF, 1, IMM0 },  { 0, 0xFF, 6, IMM0 },  { 0, 0xFF, 2, IMM0 },
	{ 0, 0xFF, 4, IMM0 },  { 0, 0xFF, 3, IMM0 },  { 0, 0xFF, 5, IMM0 },
	{ 0, 0xC4, -1, IMM0 }, { 0, 0x8C, -1, IMM0 }, { 0, 0x8E, -1, IMM0 },
	{ 0, 0x62, -1, IMM0 },
};

/* 0F map opcodes with a ModRM byte (the immediate ones are listed apart). */
static const uint8_t ops0f[] = {
	0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x1F, 0x28, 0x29, 0x2A,
	0x2B, 0x2C, 0x2D, 0x2E, 0x2F, 0x40, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47,
	0x48, 0x49, 0x4A, 0x4B, 0x4C, 0x4D, 0x4E, 0x4F, 0x50, 0x51, 0x52, 0x53, 0x54,
	0x55, 0x56, 0x57, 0x58, 0x59, 0x5A, 0x5B, 0x5C, 0x5D, 0x5E, 0x5F, 0x60, 0x61,
	0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6A, 0x6B, 0x6C, 0x6D, 0x6E,
	0x6F, 0x74, 0x75, 0x76, 0x7E, 0x7F, 0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96,
	0x97, 0x98, 0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9E, 0x9F, 0xA3, 0xA5, 0xAB, 0xAD,
	0xAE, 0xAF, 0xB0, 0xB1, 0xB3, 0xB6, 0xB7, 0xB8, 0xBB, 0xBC, 0xBD, 0xBE, 0xBF,
	0xC0, 0xC1, 0xC3, 0xC7, 0xD1, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD7, 0xD8, 0xD9,
	0xDA, 0xDB, 0xDC, 0xDD, 0xDE, 0xDF, 0xE0, 0xE1, 0xE2, 0xE3, 0xE4, 0xE5, 0xE6,
	0xE7, 0xE8, 0xE9, 0xEA, 0xEB, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF2, 0xF3,
	0xF4, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE, 0x00, 0x01,
	0x02, 0x03, 0x0D, 0x19, 0x1E, 0x78, 0x79, 0x7C, 0x7D, 0xB9, 0xFF,
};
static const uint8_t ops0f_ib[] = { 0x70, 0x71, 0x72, 0x73, 0xA4, 0xAC, 0xBA, 0xC2, 0xC4,
				    0xC5, 0xC6 };
static const uint8_t ops0f38[] = {
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x10,
	0x14, 0x15, 0x17, 0x1C, 0x1D, 0x1E, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x28,
	0x29, 0x2A, 0x2B, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x37, 0x38, 0x39, 0x3A,
	0x3B, 0x3C, 0x3D, 0x3E, 0x3F, 0x40, 0x41, 0xF0, 0xF1, 0xF6, 0xC8, 0xCF,
};
static const uint8_t ops0f3a[] = { 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F,
				   0x14, 0x15, 0x16, 0x17, 0x20, 0x21, 0x22, 0x40,
				   0x41, 0x42, 0x44, 0x60, 0x61, 0x62, 0x63, 0xCC };

static void put_imm(struct rng *r, struct ins *t, unsigned imm, int has66)
{
	uint32_t v = rng_pct(r, 50) ? rng_below(r, 256) : (uint32_t)rng_next(r);

	if (rng_pct(r, 15))
		v = 0xFFFFFFE0u; /* -32, the mask */
	switch (imm) {
	case IMMB: put8(t, v & 0xFF); break;
	case IMMW: put8(t, v & 0xFF); put8(t, (v >> 8) & 0xFF); break;
	case IMMZ:
		if (has66) {
			put8(t, v & 0xFF);
			put8(t, (v >> 8) & 0xFF);
		} else {
			put32(t, v);
		}
		break;
	}
}

static void gen_modrm_insn(struct rng *r, struct ins *t, int form)
{
	int has66;
	unsigned pick = rng_below(r, 100);

	if (form == 2)
		form = rng_pct(r, 12) ? 1 : 0;
	if (pick < 40) { /* the ALU block */
		unsigned op = rng_below(r, 8) * 8 + rng_below(r, 4);
		prefixes(r, t, form != 1, 0, &has66, 1);
		put8(t, op);
		put_modrm(r, t, rng_below(r, 8), form);
	} else if (pick < 70) {
		const struct form *f = &forms1[rng_below(r, sizeof forms1 / sizeof *forms1)];
		prefixes(r, t, form != 1, 0, &has66, 1);
		put8(t, f->op);
		put_modrm(r, t, f->reg >= 0 ? (unsigned)f->reg : rng_below(r, 8), form);
		put_imm(r, t, f->imm, has66);
	} else {
		static const uint8_t mands[] = { 0, 0, 0, 0, 0x66, 0x66, 0x66, 0xF3, 0xF2 };
		unsigned mand = mands[rng_below(r, clean ? 4 : sizeof mands)];
		unsigned map = rng_below(r, 10), imm = IMM0, op;
		prefixes(r, t, form != 1, mand, &has66, 1);
		put8(t, 0x0F);
		if (map < 6) {
			op = ops0f[rng_below(r, sizeof ops0f)];
		} else if (map < 7) {
			op = ops0f_ib[rng_below(r, sizeof ops0f_ib)];
			imm = IMMB;
		} else if (map < 9) {
			put8(t, 0x38);
			op = ops0f38[rng_below(r, sizeof ops0f38)];
		} else {
			put8(t, 0x3A);
			op = ops0f3a[rng_below(r, sizeof ops0f3a)];
			imm = IMMB;
		}
		put8(t, op);
		put_modrm(r, t, rng_below(r, 8), form);
		put_imm(r, t, imm, 0);
	}
}

/* ---- the rest ------------------------------------------------------------- */

static void bytes(struct ins *t, const char *hex)
{
	static const char digits[] = "0123456789abcdef";
	unsigned v = 0, k = 0;

	for (const char *p = hex; *p; p++) {
		const char *d = strchr(digits, *p | 0x20);
		if (*p == ' ' || !d)
			continue;
		v = v << 4 | (unsigned)(d - digits);
		if (++k == 2) {
			put8(t, v);
			v = k = 0;
		}
	}
}

/* One of a list of encodings; the allowed ones come before a NULL, the
 * forbidden ones after it, and clean programs take only the first. */
static void pick(struct rng *r, struct ins *t, const char *const *forms, unsigned n)
{
	unsigned good = 0;
	while (forms[good])
		good++;
	unsigned i = rng_below(r, clean ? good : n);
	if (!forms[i])
		i = 0;
	bytes(t, forms[i]);
}

/* Writes to rsp/esp/sp/spl: the allowed 32-bit forms and forbidden others. */
static void gen_rsp(struct rng *r, struct ins *t)
{
	static const char *const forms[] = {
		/* allowed: 32-bit destination esp */
		"89 c4", "89 cc", "44 89 c4", "8b e0", "8b e3", "83 c4 08", "83 ec 10",
		"83 e4 f0", "81 c4 00 01 00 00", "81 ec 00 10 00 00", "67 8d 64 24 08",
		"8d 64 24 f8", "bc 00 ff ff ff", "bc 10 00 00 00", "bc 04 00 00 00",
		"bc fc ff ff ff", "94", "87 e0", "87 c4", "0f b6 e0", "0f b7 e3",
		"31 e4", "29 c4", "01 c4", "c1 e4 04", "d1 ec", "f7 dc", "0f af e0",
		"67 8b 24 24", "67 8b 64 24 08", "67 03 24 24", "0f 44 e0", "83 c4 f8",
		"ff c4", "ff cc", "44 8b e0", "41 8b e3", "bc 00 00 00 00",
		"67 87 24 24", "67 0f c1 24 24", "67 0f b1 24 24", NULL,
		/* forbidden: 64-, 16- and 8-bit writes */
		"48 89 c4", "48 83 c4 08", "48 8d 64 24 08", "5c", "41 5c", "66 89 c4",
		"40 88 c4", "48 bc 00 00 00 00 05 00 00 00", "c9", "48 94", "66 83 c4 08",
		"48 0f b6 e0", "48 87 e0", "48 ff c4", "66 bc 00 10", "40 b4 00", "48 8b e0",
		"4c 8b e0", "48 f7 dc", "66 0f 7e c4", "66 48 0f 7e c4", "f2 48 0f 2d e0",
		"c8 08 00 00", "48 0f c1 e4", "48 67 0f c1 24 24", "48 67 87 24 24",
		"67 48 8b 24 24", "48 31 e4", "48 c7 c4 00 01 00 00", "48 0f 44 e0",
		"66 58", "66 5c", "c4 e2 58 f2 c0", "49 87 c4", "49 89 c4",
	};
	pick(r, t, forms, sizeof forms / sizeof *forms);
}

static void gen_stack(struct rng *r, struct ins *t)
{
	int has66;

	switch (rng_below(r, 8)) {
	case 0: case 1:
		if (rng_pct(r, 30))
			put8(t, 0x41);
		put8(t, 0x50 + rng_below(r, 8));
		break;
	case 2: case 3:
		if (rng_pct(r, 30))
			put8(t, 0x41);
		put8(t, 0x58 + rng_below(r, 8));
		break;
	case 4:
		put8(t, 0x68);
		put32(t, (uint32_t)rng_next(r));
		break;
	case 5:
		put8(t, 0x6A);
		put8(t, rng_below(r, 256));
		break;
	case 6: /* push mem */
		prefixes(r, t, 1, 0, &has66, 0);
		put8(t, 0xFF);
		put_modrm(r, t, 6, 0);
		break;
	default: /* pop mem */
		prefixes(r, t, 1, 0, &has66, 0);
		put8(t, 0x8F);
		put_modrm(r, t, 0, 0);
		break;
	}
}

static void gen_string(struct rng *r, struct ins *t)
{
	static const uint8_t ops[] = { 0xA4, 0xA5, 0xA6, 0xA7, 0xAA, 0xAB,
				       0xAC, 0xAD, 0xAE, 0xAF, 0xD7 };
	if (clean || rng_pct(r, 92))
		put8(t, 0x67);
	if (rng_pct(r, 40))
		put8(t, rng_pct(r, 70) ? 0xF3 : 0xF2);
	if (!clean && rng_pct(r, 10))
		put8(t, 0x66);
	if (rng_pct(r, 25))
		put8(t, 0x48);
	put8(t, ops[rng_below(r, sizeof ops)]);
}

static void gen_branch(struct rng *r, struct ins *t)
{
	unsigned k = rng_below(r, 20);

	if (!clean && rng_pct(r, 3))
		put8(t, 0x66);
	if (!clean && rng_pct(r, 3))
		put8(t, rng_pct(r, 50) ? 0x2E : 0x3E);
	if (!clean && rng_pct(r, 2))
		put8(t, 0x48);
	if (k < 5) {
		put8(t, 0xEB);
		t->rel_at = (int)t->n, t->rel_size = 1;
		put8(t, 0);
	} else if (k < 9) {
		put8(t, 0xE9);
		t->rel_at = (int)t->n, t->rel_size = 4;
		put32(t, 0);
	} else if (k < 13) {
		put8(t, 0x70 + rng_below(r, 16));
		t->rel_at = (int)t->n, t->rel_size = 1;
		put8(t, 0);
	} else if (k < 15) {
		put8(t, 0x0F);
		put8(t, 0x80 + rng_below(r, 16));
		t->rel_at = (int)t->n, t->rel_size = 4;
		put32(t, 0);
	} else if (k < 18) {
		put8(t, 0xE8);
		t->rel_at = (int)t->n, t->rel_size = 4;
		put32(t, 0);
		t->at_end = clean || rng_pct(r, 92);
	} else {
		if (rng_pct(r, 30))
			put8(t, 0x67);
		put8(t, 0xE0 + rng_below(r, 4));
		t->rel_at = (int)t->n, t->rel_size = 1;
		put8(t, 0);
	}
}

/* andl $-32,%eR ; jmp/call *%rR, and near misses. */
static void gen_masked(struct rng *r, struct ins *t)
{
	unsigned reg = rng_below(r, 16), reg2 = reg, imm = 0xE0;
	int call = rng_pct(r, 35), w = 0, split = 0;

	if (!clean && rng_pct(r, 4))
		reg2 = rng_below(r, 16);
	if (!clean && rng_pct(r, 3))
		imm = rng_pct(r, 50) ? 0xF0 : 0xC0;
	if (!clean && rng_pct(r, 3))
		w = 1;
	if (!clean && rng_pct(r, 2))
		split = 1;
	if (!clean && rng_pct(r, 6)) /* any REX on the mask */
		put8(t, 0x40 | rng_below(r, 16));
	else if (reg >= 8 || w)
		put8(t, 0x40 | (w ? 8 : 0) | (reg >= 8 ? 1 : 0));
	put8(t, 0x83);
	put8(t, 0xE0 | (reg & 7));
	put8(t, imm);
	if (split)
		put8(t, 0x90);
	t->sub[t->nsub++] = t->n;
	if (!clean && rng_pct(r, 4))
		put8(t, (uint8_t[]){ 0x66, 0x67, 0xF2, 0xF3, 0x2E, 0x3E }[rng_below(r, 6)]);
	if (!clean && rng_pct(r, 6)) /* any REX on the branch */
		put8(t, 0x40 | rng_below(r, 16));
	else if (reg2 >= 8)
		put8(t, 0x41);
	put8(t, 0xFF);
	put8(t, (call ? 0xD0 : 0xE0) | (reg2 & 7));
	t->at_end = call && (clean || rng_pct(r, 95));
}

static void gen_return(struct rng *r, struct ins *t)
{
	unsigned k = rng_below(r, clean ? 19 : 24);

	if (k < 16) { /* in place */
		bytes(t, "67 44 8b 1c 24");
		t->sub[t->nsub++] = t->n;
		bytes(t, "41 83 e3 e0");
		t->sub[t->nsub++] = t->n;
		bytes(t, "67 4c 89 1c 24");
		t->sub[t->nsub++] = t->n;
		put8(t, 0xC3);
	} else if (k < 19) { /* through r11 */
		bytes(t, "41 5b");
		t->sub[t->nsub++] = t->n;
		bytes(t, "41 83 e3 e0");
		t->sub[t->nsub++] = t->n;
		bytes(t, "41 ff e3");
	} else {
		/* near misses: the validator must refuse each (the dropped
		 * two-store form first, then variants of the in-place one) */
		static const char *const misses[] = {
			"c3", "67 83 24 24 e0 67 c7 44 24 04 00 00 00 00 c3",
			"67 83 24 24 e0 c3", "67 c7 44 24 04 00 00 00 00 c3",
			"41 83 e3 e0 67 4c 89 1c 24 c3", "67 44 8b 1c 24 67 4c 89 1c 24 c3",
			"67 44 8b 1c 24 41 83 e3 e0 c3",
			"67 44 8b 1c 24 41 83 e3 f0 67 4c 89 1c 24 c3",
			"67 44 8b 1c 24 41 83 e3 e0 67 44 89 1c 24 c3",
			"67 44 8b 1c 24 41 83 e3 e0 67 4c 89 5c 24 04 c3",
			"67 44 8b 1c 24 41 83 e3 e0 67 4c 89 1c 24 c2 08 00",
			"67 44 8b 1c 24 41 83 e3 e0 67 4c 89 1c 24 c2 00 00",
			"67 44 8b 1c 24 41 83 e3 e0 67 4c 89 1c 24 f3 c3",
			"67 44 8b 1c 24 41 83 e3 e0 67 4c 89 1c 24 66 c3",
			"67 44 8b 1c 24 41 83 e3 e0 67 4c 89 1c 24 48 c3",
			"67 44 8b 1c 24 41 83 e3 e0 67 4c 89 1c 24 cb",
			"67 44 8b 14 24 41 83 e2 e0 67 4c 89 14 24 c3",
			"67 44 8b 1c 24 41 83 e2 e0 67 4c 89 1c 24 c3",
			"67 44 8b 1c 24 49 83 e3 e0 67 4c 89 1c 24 c3",
			"67 4c 8b 1c 24 41 83 e3 e0 67 4c 89 1c 24 c3",
			"44 8b 1c 24 41 83 e3 e0 4c 89 1c 24 c3",
			"67 44 8b 1c 24 90 41 83 e3 e0 67 4c 89 1c 24 c3",
			"67 44 8b 1c 24 41 83 e3 e0 90 67 4c 89 1c 24 c3",
			"67 44 8b 1c 24 41 83 e3 e0 67 4c 89 1c 24 90 c3",
		};
		bytes(t, misses[rng_below(r, sizeof misses / sizeof *misses)]);
	}
}

static void gen_misc(struct rng *r, struct ins *t)
{
	static const char *const forms[] = {
		"90", "66 90", "0f 1f 00", "0f 1f 40 00", "0f 1f 44 00 00",
		"66 0f 1f 44 00 00", "0f 1f 80 00 00 00 00", "66 2e 0f 1f 84 00 00 00 00 00",
		"98", "48 98", "99", "48 99", "9e", "9f", "f5", "f8", "f9", "fc", "fd",
		"0f c8", "41 0f cb", "48 0f c9", "b8 78 56 34 12", "48 b8 00 00 00 00 05 00 00 00",
		"48 b8 f8 ff ff ff ff ff ff ff", "49 bb 00 00 02 00 00 00 00 00",
		"b0 7f", "41 b7 01", "31 c0", "48 31 c0", "f4", "f3 90", "0f ae e8",
		"0f ae f0", "0f ae f8", "9b", "d9 c9", "d9 ee", "de c1", "0f 77", NULL,
		/* forbidden outright */
		"0f 05", "0f 34", "cd 80", "cc", "f1", "ce", "0f 31", "0f a2", "0f 01 d0",
		"9c", "9d", "0f 0b", "cb", "ca 08 00", "cf", "48 cf", "e4 60", "ec", "6c",
		"0f a0", "0f a1", "0f a9", "8e d8", "0f 01 f9", "0f c7 f8", "0f c7 f0",
		"0f ff 00", "f3 0f ae c0", "f3 0f ae d8", "0f 01 ef", "c5 f8 77",
		"62 f1 7c 48 10 00", "d5 00 90", "a0 00 00 00 00 00 00 00 00",
		"a1 00 00 00 00 05 00 00 00", "67 a1 00 00 00 00",
		"64 67 8b 00", "65 67 8b 00", "67 0f ae 38", "67 0f ae 00", "67 0f ae 08",
		"67 0f c7 20", "67 0f 38 f8 00", "0f 01 fc", "66 0f f7 c1", "0f f7 c1",
		"f3 0f 1e fa", "67 0f a3 00", "67 0f ab 00", "67 48 0f a3 00", "67 0f ba 20 05",
	};
	pick(r, t, forms, sizeof forms / sizeof *forms);
}

/* One instruction (or a short pseudo-instruction) of a random kind. */
static void gen_item(struct rng *r, struct ins *t)
{
	unsigned k = rng_below(r, 100);

	memset(t, 0, sizeof *t);
	t->rel_at = -1;
	if (k < 38)
		gen_modrm_insn(r, t, 2);
	else if (k < 44)
		gen_modrm_insn(r, t, 1);
	else if (k < 51)
		gen_stack(r, t);
	else if (k < 56)
		gen_string(r, t);
	else if (k < 68)
		gen_branch(r, t);
	else if (k < 76)
		gen_masked(r, t);
	else if (k < 82)
		gen_return(r, t);
	else if (k < 89)
		gen_rsp(r, t);
	else if (k < 97 || clean)
		gen_misc(r, t);
	else
		for (unsigned i = 0, n = 1 + rng_below(r, 5); i < n; i++)
			put8(t, rng_below(r, 256));
}

static void pad(struct rng *r, struct prog *p, size_t to)
{
	int nops = rng_pct(r, 70);

	while (p->n < to) {
		size_t left = to - p->n;
		if (nops && left >= 2 && rng_pct(r, 50)) {
			unsigned k = left >= 5 ? 5 : (unsigned)left;
			static const uint8_t nop[6][5] = { { 0 }, { 0x90 }, { 0x66, 0x90 },
							  { 0x0F, 0x1F, 0x00 },
							  { 0x0F, 0x1F, 0x40, 0x00 },
							  { 0x0F, 0x1F, 0x44, 0x00, 0x00 } };
			if (p->nstarts < sizeof p->starts / sizeof *p->starts)
				p->starts[p->nstarts++] = p->n;
			memcpy(p->b + p->n, nop[k], k);
			p->n += k;
		} else {
			if (p->nstarts < sizeof p->starts / sizeof *p->starts)
				p->starts[p->nstarts++] = p->n;
			p->b[p->n++] = nops ? 0x90 : 0xF4;
		}
	}
}

static void place(struct prog *p, const struct ins *t)
{
	if (p->nstarts < sizeof p->starts / sizeof *p->starts)
		p->starts[p->nstarts++] = p->n;
	for (unsigned i = 0; i < t->nsub; i++)
		if (p->nstarts < sizeof p->starts / sizeof *p->starts)
			p->starts[p->nstarts++] = p->n + t->sub[i];
	if (t->rel_at >= 0 && p->nfix < sizeof p->fix / sizeof *p->fix)
		p->fix[p->nfix++] = (struct fix){ p->n, p->n + (size_t)t->rel_at,
						  p->n + t->n, t->rel_size };
	memcpy(p->b + p->n, t->b, t->n);
	p->n += t->n;
}

/* Chooses a target for each direct branch and writes its displacement. */
static void fix_branches(struct rng *r, struct prog *p)
{
	const int64_t base = 0x20000;

	for (unsigned i = 0; i < p->nfix; i++) {
		const struct fix *f = &p->fix[i];
		int64_t next = base + (int64_t)f->end, target;
		unsigned k = rng_below(r, clean ? 82 : 100);

		if (k < 62 && p->nstarts)
			target = base + (int64_t)p->starts[rng_below(r, p->nstarts)];
		else if (k < 72)
			target = base + (int64_t)(rng_below(r, (uint32_t)(p->n / BUNDLE)) * BUNDLE);
		else if (k < 82)
			target = 0x10000 + 32 * (int64_t)rng_below(r, 0x800);
		else if (k < 90)
			target = base + (int64_t)rng_below(r, (uint32_t)p->n + 1);
		else if (k < 93)
			target = 0x10000 + (int64_t)rng_below(r, 0x10000);
		else if (k < 95)
			target = base + (int64_t)p->n + 32 * (int64_t)rng_below(r, 4);
		else if (k < 97)
			target = (int64_t)0xFFFFFFFFFF600000ull; /* the vsyscall page */
		else
			target = (int64_t)(uint32_t)rng_next(r);
		int64_t rel = target - next;
		if (f->size == 1) {
			if (rel < -128 || rel > 127)
				rel = (int64_t)rng_below(r, 256) - 128;
			p->b[f->at] = (uint8_t)rel;
		} else {
			uint32_t v = (uint32_t)rel;
			for (int j = 0; j < 4; j++)
				p->b[f->at + (size_t)j] = (uint8_t)(v >> (8 * j));
		}
	}
}

size_t gen_program(struct rng *r, uint8_t *out)
{
	struct prog p = { .b = out };
	unsigned nb = 1 + rng_below(r, rng_pct(r, 80) ? 6 : (GEN_MAX / BUNDLE - 1));

	/* GEN_CLEAN=0/1 forces one kind (to study acceptance rates) */
	clean = getenv("GEN_CLEAN") ? atoi(getenv("GEN_CLEAN")) : rng_pct(r, 50);

	for (unsigned b = 0; b < nb; b++) {
		size_t end = (size_t)(b + 1) * BUNDLE;
		unsigned tries = 0;
		while (p.n < end && tries < 8) {
			struct ins t;
			gen_item(r, &t);
			if (t.n == 0)
				continue;
			if (t.at_end) {
				if (p.n + t.n > end) {
					tries++;
					continue;
				}
				pad(r, &p, end - t.n);
				place(&p, &t);
				continue;
			}
			if (p.n + t.n > end) {
				/* rarely, let it cross: the validator must refuse */
				if (!clean && rng_pct(r, 3) && p.n + t.n <= (size_t)nb * BUNDLE) {
					place(&p, &t);
					continue;
				}
				tries++;
				continue;
			}
			place(&p, &t);
		}
		pad(r, &p, end);
	}
	/* The tail: at least one bundle of hlt. */
	size_t tail = (size_t)nb * BUNDLE;
	if (p.n > tail)
		tail = (p.n + BUNDLE - 1) / BUNDLE * BUNDLE;
	memset(out + p.n, 0xF4, tail - p.n);
	for (size_t i = p.n; i < tail; i++)
		if (p.nstarts < sizeof p.starts / sizeof *p.starts)
			p.starts[p.nstarts++] = i;
	p.n = tail;
	memset(out + p.n, 0xF4, BUNDLE);
	p.n += BUNDLE;
	fix_branches(r, &p);
	return p.n;
}

void gen_mutate(struct rng *r, uint8_t *code, size_t n)
{
	unsigned times = 1 + rng_below(r, 3);
	size_t body = n > BUNDLE ? n - BUNDLE : n;

	if (body == 0)
		return;
	while (times--) {
		size_t at = rng_below(r, (uint32_t)body);
		switch (rng_below(r, 7)) {
		case 0: /* flip a bit */
			code[at] ^= (uint8_t)(1u << rng_below(r, 8));
			break;
		case 1: /* a random byte */
			code[at] = (uint8_t)rng_below(r, 256);
			break;
		case 2: { /* an interesting byte */
			static const uint8_t v[] = { 0x67, 0x66, 0x48, 0x41, 0x40, 0xF4, 0x90,
						     0xC3, 0xE0, 0x24, 0x04, 0x83, 0xFF, 0x0F,
						     0x00, 0xF3, 0xF2, 0xF0, 0x2E, 0x3E, 0x5C,
						     0xE4, 0xC4, 0x64, 0x65, 0x80, 0x7F };
			code[at] = v[rng_below(r, sizeof v)];
			break;
		}
		case 3: { /* overwrite with a fresh instruction */
			struct ins t;
			gen_item(r, &t);
			for (unsigned i = 0; i < t.n && at + i < body; i++)
				code[at + i] = t.b[i];
			break;
		}
		case 4: { /* copy a run of bytes from elsewhere */
			size_t from = rng_below(r, (uint32_t)body);
			size_t len = 1 + rng_below(r, 16);
			for (size_t i = 0; i < len && at + i < body && from + i < body; i++)
				code[at + i] = code[from + i];
			break;
		}
		case 5: /* nudge a byte (often a displacement) */
			code[at] = (uint8_t)(code[at] + (rng_pct(r, 50) ? 1 : -1) *
						       (int)(1 + rng_below(r, 4)));
			break;
		default: /* delete a byte, shifting the rest of the bundle */
			{
				size_t end = (at / BUNDLE + 1) * BUNDLE;
				if (end > body)
					end = body;
				memmove(code + at, code + at + 1, end - at - 1);
				code[end - 1] = 0xF4;
			}
			break;
		}
	}
}
