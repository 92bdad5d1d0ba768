/*
 * fast.h - the walk's fast path: one table lookup decides most instructions.
 *
 * For the common shape (at most three prefix bytes out of 66, 67, 2E and a
 * final REX; a one-byte or 0F opcode; ModRM, SIB, displacement, immediate)
 * val_fast_step() finds the length and whether the instruction is allowed
 * and obeys rules 2 and 3 (0x67, rsp) with a few loads and no data-dependent
 * branch. Its answer is only ever "yes" or "ask the full decoder": gen-fast
 * (gen_fast.c) builds the table at build time by running this very function
 * against val_decode() and the rules of rules.h on every prefix order, REX,
 * ModRM and SIB shape, and keeps a "yes" only where they agree.
 */
#ifndef ZVM_FAST_H
#define ZVM_FAST_H

#include <stdint.h>
#include <string.h>

#define NFAST (2 * 256 * 8) /* (0F?, opcode, ModRM.reg) */

/* Prefix classes (val_fast_class) and bits of a configuration (cfg): the set
 * of fast prefixes seen, and whether ModRM names memory. */
#define FC_66  1u
#define FC_67  2u
#define FC_2E  4u
#define FC_REX 8u
#define FC_MEM 16u

/* Fields of a descriptor (val_fast): bit cfg of the low 32 says "allowed and
 * rule-abiding in configuration cfg"; then the immediate bytes by
 * 66 | REX.W << 1, and what the walk must still look at. */
#define FD_IMM   32           /* 4 x 4 bits */
#define FD_HM    48           /* a ModRM byte follows */
#define FD_HZREG 49           /* writes ModRM.reg, which is 4: rsp unless REX.R */
#define FD_HZRM  50           /* writes ModRM.rm: rsp if it is register 4 (no REX.B) */
#define FD_HZOP  51           /* writes opcode register 4: rsp unless REX.B */
#define FD_DIRECT (1ull << 52) /* jmp, jcc, call with a relative target */
#define FD_REL8  (1ull << 53)
#define FD_CALL  (1ull << 54)

/* Entry of val_fast_pfx3 (by the classes of the first three bytes). */
#define FP_NP(e)  ((e) & 3u)        /* prefix bytes */
#define FP_CFG(e) (((e) >> 2) & 15u) /* their FC_* set */
#define FP_BAD    0x40u             /* repeated, or REX not last */

extern const uint64_t val_fast[NFAST];
extern const uint8_t val_fast_class[256];
extern const uint8_t val_fast_pfx3[4096];
extern const uint8_t val_modrm_extra[256];

struct val_fast {
	uint64_t d;      /* the descriptor */
	unsigned len;    /* the length, when ok */
	unsigned at;     /* offset of the immediate (a branch's displacement) */
	unsigned ok;     /* 1: allowed, rules 2 and 3 hold, len <= 15 */
	unsigned key;    /* index into val_fast, and the configuration */
	unsigned cfg;
};

/*
 * Needs 16 readable bytes at p. The tables are parameters so that gen-fast
 * can run it on the table it is building.
 */
static inline __attribute__((always_inline)) void
val_fast_step(const uint8_t *p, const uint64_t *desc, const uint8_t *cls,
	      const uint8_t *pfx3, struct val_fast *f)
{
	uint64_t w;
	memcpy(&w, p, sizeof w);
	unsigned e = pfx3[cls[w & 0xFF] | cls[(w >> 8) & 0xFF] << 4 | cls[(w >> 16) & 0xFF] << 8];
	unsigned np = FP_NP(e), fp = FP_CFG(e);
	/* The REX byte is the last prefix byte, when there is one. */
	unsigned rex = (unsigned)((w << 8) >> (8 * np)) & 0xFFu & -(fp >> 3 & 1u);
	unsigned is0f = ((w >> (8 * np)) & 0xFF) == 0x0F;
	unsigned k = np + is0f; /* the opcode byte; ModRM and SIB follow */
	unsigned op = (unsigned)(w >> (8 * k)) & 0xFF;
	unsigned m = (unsigned)(w >> (8 * k + 8)) & 0xFF;
	unsigned sib = (unsigned)(w >> (8 * k + 16)) & 0xFF;
	unsigned key = is0f << 11 | op << 3 | ((m >> 3) & 7);
	uint64_t d = desc[key];
	unsigned cfg = fp | (m < 0xC0) << 4;
	unsigned hm = (unsigned)(d >> FD_HM) & 1;
	unsigned mlen = (1 + val_modrm_extra[m] +
			 4 * (((m & 0xC7) == 0x04) & ((sib & 7) == 5))) & -hm;
	unsigned at = k + 1 + mlen;
	unsigned len = at + ((unsigned)(d >> (FD_IMM + 4 * ((fp & 1) | ((rex >> 2) & 2)))) & 15);
	/* A possible rsp write goes to the full rules. */
	unsigned hz = ((unsigned)(d >> FD_HZREG) & ~(rex >> 2)) |
		      ((unsigned)(d >> FD_HZRM) & ((m & 0xC7) == 0xC4) & ~rex) |
		      ((unsigned)(d >> FD_HZOP) & ~rex);
	f->d = d;
	f->len = len;
	f->at = at;
	f->key = key;
	f->cfg = cfg;
	f->ok = (unsigned)(d >> cfg) & 1 & ~hz & !(e & FP_BAD) & (len <= 15);
}

#endif
