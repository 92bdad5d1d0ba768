/*
 * decode.h - the x86-64 instruction decoder, driven by the whitelist table.
 *
 * The decoder knows only the instructions listed in insns.def. It splits the
 * prefixes, finds the table entry for the opcode, ModRM form and mandatory
 * prefix, and computes the length. Anything it cannot match is rejected; it
 * never guesses a length for an unknown instruction.
 */
#ifndef ZVM_DECODE_H
#define ZVM_DECODE_H

#include <stddef.h>
#include <stdint.h>

enum { MAP_1B, MAP_0F, MAP_0F38, MAP_0F3A, MAP_COUNT };

/* Mandatory prefix of an entry. */
enum { MP_NONE, MP_66, MP_F2, MP_F3 };

/* ModRM form of an entry. */
enum { MR_NONE, MR_ANY, MR_MEM, MR_REG };

/* Immediate or displacement operand after ModRM/SIB/disp. */
enum { IM_0, IM_B, IM_W, IM_Z, IM_V, IM_REL8, IM_REL32 };

/* Which general-purpose register operands an entry writes. Anything not
 * named here is read only or not a GPR (xmm, mm, x87, memory). */
#define WR_REG   1u /* ModRM.reg */
#define WR_RM    2u /* ModRM.rm, register form */
#define WR_OPREG 4u /* low three opcode bits (+REX.B) */

/* Width of the written GPR: byte; v = 16/32/64 by 0x66 and REX.W; y = 32/64
 * by REX.W; q = always 64. */
enum { SZ_NONE, SZ_B, SZ_V, SZ_Y, SZ_Q };

/* Control transfers. */
enum { BR_NONE, BR_JMP, BR_JCC, BR_CALL, BR_IJMP, BR_ICALL, BR_RET };

/* Entry flags: the optional prefixes an entry takes, and memory behaviour. */
#define F_66     0x001u /* 0x66 as operand-size prefix */
#define F_REP    0x002u /* F3 as rep/repe */
#define F_REPNE  0x004u /* F2 as repne */
#define F_LOCK   0x008u /* lock, memory destination only */
#define F_HINT   0x010u /* 2E/3E branch hints */
#define F_CSNOP  0x020u /* 2E on the long nop */
#define F_NOACC  0x040u /* memory operand computes an address, accesses nothing */
#define F_IMPMEM 0x080u /* implicit memory operand (string ops, xlat) */
#define F_NOREX  0x100u /* no REX prefix */
#define F_NOPFX  0x200u /* no prefix at all (decoders disagree on prefixed forms) */

struct val_op {
	uint8_t map, op, count; /* opcodes op .. op+count-1 */
	uint8_t mp, mr;
	int8_t reg, rm;         /* required ModRM.reg, .rm (register form); -1: any */
	uint8_t imm, wr, sz, br;
	uint16_t flags; /* (the row's name stays in insns.def: no pointer here,
			 * so a static-pie runtime has no relocation per row) */
};

/* Legacy prefixes seen, as bits. */
#define P_66   0x01u
#define P_67   0x02u
#define P_LOCK 0x04u
#define P_F2   0x08u
#define P_F3   0x10u
#define P_SEG  0x20u

struct val_insn {
	const struct val_op *op;
	uint8_t len;
	uint8_t pfx;      /* P_* */
	uint8_t seg;      /* the segment prefix byte, if P_SEG */
	uint8_t rex;      /* 0 when absent */
	uint8_t opcode;   /* the last opcode byte */
	uint8_t has_modrm, mod, reg, rm; /* reg and rm without REX bits */
	uint8_t imm_at;   /* offset of the immediate or displacement of a branch */
	uint8_t wr;       /* the row's WR_* bits */
	uint8_t br;       /* nonzero for a control transfer */
	uint8_t memfl;    /* the row's F_IMPMEM and F_NOACC, as QD_IMPMEM/QD_NOACC >> 22 */
};


/* The table (insns.c) and its per-opcode index. */
extern const struct val_op val_ops[];
extern const size_t val_nops;
int val_table_check(const char **why);
/* The index over the rows, generated at build time (index.c, gen_index.c):
 * rows of key ((map * 256 + opcode) << 3 | ModRM.reg) are
 * val_idx_row[val_idx_start[key] .. val_idx_start[key + 1]); val_row_pfx[r]
 * has bit (66 | F2 << 1 | F3 << 2) set for each prefix combination row r
 * accepts; val_quick holds the fast-path descriptors. */
extern const uint16_t val_idx_start[];
extern const uint16_t val_idx_row[];
extern const uint8_t val_idx_modrm[];
extern const uint8_t val_row_pfx[];
extern const uint64_t val_quick[];
extern const size_t val_index_nops; /* val_nops when the index was made */

/* Fields of a fast-path descriptor (val_quick). */
#define QD_ROW_MASK    0xFFFull     /* row + 1; 0: no fast path */
#define QD_MODRM_SHIFT 12           /* a ModRM byte follows */
#define QD_MR_SHIFT    13           /* the row's ModRM form, 2 bits */
#define QD_NOREX       (1ull << 15)
#define QD_66          (1ull << 16) /* 0x66 allowed */
#define QD_2E          (1ull << 17) /* 0x2E allowed */
#define QD_IMM_SHIFT   32           /* 4 x 4 bits: immediate bytes by 66 | W << 1 */
#define QD_WR_SHIFT    18           /* the row's WR_* bits, 3 bits */
#define QD_BR          (1ull << 21) /* a control transfer */
#define QD_IMPMEM      (1ull << 22)
#define QD_NOACC       (1ull << 23)

/* Tables of decode.c. */
extern const uint8_t val_prefix_bit[256]; /* legacy prefix byte -> P_* bit */
extern const uint8_t val_imm_bytes[7][4]; /* [IM_*][66 | REX.W << 1] */
extern const uint8_t val_fast_pfx[256];   /* 66, 67, 2E -> P_* (fast path) */
extern const uint8_t val_modrm_extra[256]; /* bytes after ModRM, but SIB base 5 */

/* The displacement of a relative branch decoded at p. */
static inline int32_t val_rel(const uint8_t *p, const struct val_insn *in)
{
	const uint8_t *d = p + in->imm_at;
	if (in->op->imm == IM_REL8)
		return (int8_t)d[0];
	return (int32_t)((uint32_t)d[0] | (uint32_t)d[1] << 8 | (uint32_t)d[2] << 16 |
			 (uint32_t)d[3] << 24);
}

#define VAL_E_TRUNC "truncated instruction"
#define VAL_E_UNKNOWN "instruction not in the whitelist"
#define VAL_E_PREFIX "prefix not allowed on this instruction"

/*
 * Decodes one instruction; returns its length, or 0 with *why set.
 * Inline, so that the validator's walk keeps the result in registers.
 * Bytes are read only below n; the length is computed first and checked
 * against n before any displacement or immediate is read.
 */
static inline __attribute__((always_inline)) int
val_decode(const uint8_t *p, size_t n, struct val_insn *in, const char **why)
{
	size_t i = 0;
	unsigned pfx = 0, rex = 0, seg = 0, map, op, bit;
	const char *err = VAL_E_UNKNOWN;

	/* Fast path: at most one each of 66, 67 and 2E, a REX, then an opcode
	 * of the one-byte or 0F map whose key has a single plain row (see
	 * val_quick) that allows those prefixes. With 16 bytes at hand no read
	 * can pass n: the longest such form is 15 bytes. (A branch-free version
	 * measured slower: these branches predict well on real CPUs.) */
	if (n >= 16) {
		unsigned b = p[0], c, k, m, fp = 0, f, frex = 0;
		size_t at = 0;
		while ((f = val_fast_pfx[b]) != 0 && !(fp & f)) {
			fp |= f;
			b = p[++at];
		}
		if ((b & 0xF0) == 0x40) {
			frex = b;
			b = p[++at];
		}
		c = b;
		k = (unsigned)at + 1;
		if (b == 0x0F) { /* 0F 38 and 0F 3A have no rows in this map */
			c = 256 + p[k];
			k++;
		}
		m = p[k]; /* a ModRM, or a byte the descriptor ignores */
		uint64_t d = val_quick[c << 3 | ((m >> 3) & 7)];
		if (d & QD_ROW_MASK) { /* a repeated prefix lands here as an opcode without rows */
			unsigned hm = (unsigned)(d >> QD_MODRM_SHIFT) & 1;
			unsigned mr = (unsigned)(d >> QD_MR_SHIFT) & 3, mod = m >> 6;
			if (!(frex && (d & QD_NOREX)) && !((fp & P_66) && !(d & QD_66)) &&
			    !((fp & P_SEG) && !(d & QD_2E)) &&
			    !(mr == MR_MEM && mod == 3) && !(mr == MR_REG && mod != 3)) {
				size_t len = k;
				if (hm) {
					len = k + 1 + val_modrm_extra[m];
					if ((m & 0xC7) == 0x04 && (p[k + 1] & 7) == 5)
						len += 4; /* SIB without base: disp32 */
				} else {
					mod = 0;
					m = 0;
				}
				size_t imm_at = len;
				len += (d >> (QD_IMM_SHIFT + 4 * (!!(fp & P_66) | (frex & 8) >> 2))) & 0xF;
				if (len <= 15) {
					in->op = &val_ops[(d & QD_ROW_MASK) - 1];
					in->len = (uint8_t)len;
					in->pfx = (uint8_t)fp;
					in->rex = (uint8_t)frex;
					in->opcode = (uint8_t)c;
					in->has_modrm = (uint8_t)hm;
					in->mod = (uint8_t)mod;
					in->reg = (uint8_t)((m >> 3) & 7);
					in->rm = (uint8_t)(m & 7);
					in->seg = (uint8_t)(fp & P_SEG ? 0x2E : 0);
					in->imm_at = (uint8_t)imm_at;
					in->wr = (uint8_t)((d >> QD_WR_SHIFT) & 7);
					in->br = (uint8_t)!!(d & QD_BR);
					in->memfl = (uint8_t)((d >> 22) & 3);
					return (int)len;
				}
			}
		}
	}
	if (n == 0)
		goto trunc;
	while ((bit = val_prefix_bit[p[i]]) != 0) {
		if (pfx & bit) {
			err = "repeated prefix";
			goto fail;
		}
		pfx |= bit;
		if (bit == P_SEG)
			seg = p[i];
		if (++i >= n)
			goto trunc;
	}
	if ((pfx & P_F2) && (pfx & P_F3)) {
		err = "conflicting F2 and F3 prefixes";
		goto fail;
	}
	if ((p[i] & 0xF0) == 0x40) {
		rex = p[i];
		if (++i >= n)
			goto trunc;
		if (val_prefix_bit[p[i]] || (p[i] & 0xF0) == 0x40) {
			err = "REX prefix not immediately before the opcode";
			goto fail;
		}
	}
	map = MAP_1B;
	if (p[i] == 0x0F) {
		if (++i >= n)
			goto trunc;
		map = MAP_0F;
		if (p[i] == 0x38 || p[i] == 0x3A) {
			map = p[i] == 0x38 ? MAP_0F38 : MAP_0F3A;
			if (++i >= n)
				goto trunc;
		}
	}
	op = p[i++];

	unsigned code = map * 256 + op, mod = 0, reg = 0, rm = 0;
	size_t len = i;
	if (val_idx_modrm[code]) {
		if (i >= n)
			goto trunc;
		unsigned m = p[i];
		mod = m >> 6;
		reg = (m >> 3) & 7;
		rm = m & 7;
		len = i + 1;
		if (mod != 3) {
			unsigned base = rm;
			if (rm == 4) { /* SIB */
				if (len >= n)
					goto trunc;
				base = p[len++] & 7;
			}
			if (mod == 1)
				len += 1;
			else if (mod == 2 || (mod == 0 && base == 5))
				len += 4;
		}
	}

	/* The first row of this opcode and reg whose form and prefixes fit. */
	unsigned key = code << 3 | reg;
	unsigned combo = !!(pfx & P_66) | !!(pfx & P_F2) << 1 | !!(pfx & P_F3) << 2;
	const struct val_op *o = 0;
	int form_matched = 0;
	for (unsigned k = val_idx_start[key]; k < val_idx_start[key + 1]; k++) {
		unsigned r = val_idx_row[k];
		const struct val_op *c = &val_ops[r];
		if ((c->mr == MR_MEM && mod == 3) || (c->mr == MR_REG && mod != 3))
			continue;
		if (c->rm >= 0 && (mod != 3 || (unsigned)c->rm != rm))
			continue;
		form_matched = 1;
		if (val_row_pfx[r] >> combo & 1) {
			o = c;
			break;
		}
	}
	if (!o) {
		if (form_matched)
			err = VAL_E_PREFIX;
		goto fail;
	}

	size_t imm_at = len;
	len += val_imm_bytes[o->imm][!!(pfx & P_66) | (rex & 8) >> 2];
	if (len > 15) {
		err = "instruction longer than 15 bytes";
		goto fail;
	}
	if (len > n)
		goto trunc;
	if (pfx & (P_SEG | P_LOCK)) {
		if (pfx & P_SEG) {
			int hint = (o->flags & F_HINT) && (seg == 0x2E || seg == 0x3E);
			int csnop = (o->flags & F_CSNOP) && seg == 0x2E;
			if (!hint && !csnop) {
				err = "segment prefix not allowed";
				goto fail;
			}
		}
		if ((pfx & P_LOCK) && (!(o->flags & F_LOCK) || mod == 3)) {
			err = "lock prefix on a non-lockable instruction or register destination";
			goto fail;
		}
	}
	if (o->flags & (F_NOPFX | F_NOREX)) {
		if ((o->flags & F_NOPFX) ? (pfx || rex) : rex != 0) {
			err = VAL_E_PREFIX;
			goto fail;
		}
	}

	in->op = o;
	in->len = (uint8_t)len;
	in->pfx = (uint8_t)pfx;
	in->rex = (uint8_t)rex;
	in->opcode = (uint8_t)op;
	in->has_modrm = val_idx_modrm[code];
	in->mod = (uint8_t)mod;
	in->reg = (uint8_t)reg;
	in->rm = (uint8_t)rm;
	in->seg = (uint8_t)seg;
	in->imm_at = (uint8_t)imm_at;
	in->wr = o->wr;
	in->br = o->br != BR_NONE;
	in->memfl = (uint8_t)(!!(o->flags & F_IMPMEM) | !!(o->flags & F_NOACC) << 1);
	return (int)len;
trunc:
	err = VAL_E_TRUNC;
fail:
	if (why)
		*why = err;
	return 0;
}

#endif
