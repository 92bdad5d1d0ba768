/*
 * fast.h - the walk's fast path: a few table lookups decide most instructions.
 *
 * For the common shape (at most three prefix bytes out of 66, 67, 2E and a
 * final REX; a one-byte or 0F opcode; ModRM, SIB, displacement, immediate)
 * val_fast_step() finds the length and whether the instruction is allowed
 * and obeys rules 2 and 3 (0x67, rsp), with no data-dependent branch. Its
 * answer is only ever "yes" or "ask the full decoder": gen-fast (gen_fast.c)
 * builds the tables at build time by running this very function against
 * val_decode() and the rules of rules.h on every prefix order, REX, ModRM and
 * SIB shape, and keeps a "yes" only where they agree.
 */
#ifndef ZVM_FAST_H
#define ZVM_FAST_H

#include <stdint.h>
#include <string.h>

#define NFAST (2 * 256 * 8) /* descriptors by (0F?, opcode, ModRM.reg) */
#define NPFX  2197          /* prefix entries by the classes of 3 bytes */

/* Bits of a configuration (cfg): the set of fast prefixes seen, and whether
 * ModRM names memory. */
#define FC_66  1u
#define FC_67  2u
#define FC_2E  4u
#define FC_REX 8u
#define FC_MEM 16u

/* A descriptor (val_fast): bit cfg of the low 32 says "allowed and
 * rule-abiding in configuration cfg"; then the immediate bytes by
 * 66 | REX.W << 1, and what the walk must still look at. */
#define FD_IMM    32            /* 4 x 4 bits */
#define FD_HZ     48            /* 8 bits by REX.B | rm4 << 1 | REX.R << 2: may write rsp */
#define FD_DIRECT (1ull << 56)  /* jmp, jcc, call with a relative target */
#define FD_CALL   (1ull << 57)
#define FD_RELSH  58            /* 24 for rel8, 0 for rel32: (int32)(d << s) >> s */
#define FD_HM     (1ull << 63)  /* a ModRM byte follows (>> 52: val_fast_modrm's half) */

/* A prefix entry (val_fast_prefix), by the classes of the first three bytes
 * (none, 66, 67, 2E, 0F, and REX by its W, R and B): where the opcode is,
 * whether 0F came before it, REX.R and REX.B, which immediate size applies,
 * the FC_* set. A
 * repeated prefix or one after REX or 0F ends the prefixes early, so that it
 * is read as an opcode, which has no descriptor; so does a fourth prefix. */
#define FE_OSH(e)  ((e) & 63u)           /* 8 * bytes before the opcode */
#define FE_AT(e)   (((e) >> 6) & 7u)     /* bytes up to and with the opcode */
#define FE_0F      0x800u                /* 0F map: as in a val_fast index */
#define FE_CFG(e)  (((e) >> 12) & 15u)
#define FE_ISEL(e) (((e) >> 16) & 63u)   /* FD_IMM + 4 * (66 | REX.W << 1) */
#define FE_RB(e)   (((e) >> 24) & 5u)    /* REX.B, REX.R as in an FD_HZ index */

/* A ModRM entry (val_fast_modrm[hm][SIB base][ModRM]): bytes of ModRM, SIB
 * and displacement (0 without ModRM), FC_MEM when mod != 3, and FM_RM4 when
 * rm is register 4 (without REX.B). */
#define FM_LEN(x) ((x) & 15u)
#define FM_RM4    32u

extern const uint64_t val_fast[NFAST];
extern const uint16_t val_fast_class[3][256]; /* class, 13 * class, 169 * class */
extern const uint32_t val_fast_prefix[NPFX];
extern const uint8_t val_fast_modrm[2 * 8 * 256];

struct val_fast_tabs {
	const uint64_t *desc;
	const uint16_t (*cls)[256];
	const uint32_t *pfx;
	const uint8_t *modrm;
};

struct val_fast {
	uint64_t d;   /* the descriptor */
	unsigned len; /* the length, when ok */
	unsigned at;  /* offset of the immediate (a branch's displacement) */
	unsigned ok;  /* 1: allowed, rules 2 and 3 hold */
	unsigned key; /* index into desc, and the configuration */
	unsigned cfg;
};

/*
 * Needs 16 readable bytes at p. The tables are a parameter so that gen-fast
 * can run it on the tables it is building.
 */
static inline __attribute__((always_inline)) void
val_fast_step(const uint8_t *p, const struct val_fast_tabs *t, struct val_fast *f)
{
	uint64_t w;
	memcpy(&w, p, sizeof w);
	uint32_t e = t->pfx[t->cls[0][w & 0xFF] + t->cls[1][(w >> 8) & 0xFF] +
			    t->cls[2][(w >> 16) & 0xFF]];
	uint64_t x = w >> FE_OSH(e); /* opcode, ModRM, SIB */
	unsigned key = (e & FE_0F) | (unsigned)(x & 0xFF) << 3 | ((unsigned)(x >> 11) & 7);
	uint64_t d = t->desc[key];
	unsigned me = t->modrm[((d >> 52) & 0x800) | ((x >> 8) & 0x7FF)];
	unsigned at = FE_AT(e) + FM_LEN(me);
	unsigned len = at + ((unsigned)(d >> FE_ISEL(e)) & 15);
	unsigned cfg = FE_CFG(e) | (me & FC_MEM);
	/* A possible rsp write goes to the full rules. */
	unsigned hz = (unsigned)(d >> (FD_HZ + (FE_RB(e) | ((me / FM_RM4) & 1) << 1)));
	f->d = d;
	f->len = len;
	f->at = at;
	f->key = key;
	f->cfg = cfg;
	/* No need to check len <= 15: these shapes reach 14 at most, and
	 * gen-fast would drop a longer one (val_decode() rejects it). */
	f->ok = (unsigned)(d >> cfg) & ~hz & 1;
}

#endif
