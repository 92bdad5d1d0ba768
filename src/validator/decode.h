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
	uint16_t flags;
	const char *name;
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
	int32_t rel;      /* branch displacement (sign-extended) */
	uint8_t imm8;     /* first immediate byte (for the mask pattern) */
};

/* Decodes one instruction; returns its length, or 0 with *why set. */
int val_decode(const uint8_t *p, size_t n, struct val_insn *in, const char **why);

/* The table (insns.c) and its per-opcode index. */
extern const struct val_op val_ops[];
extern const size_t val_nops;
int val_table_check(const char **why);
unsigned val_rows(unsigned map, unsigned op, const uint16_t **rows, int *modrm);

#endif
