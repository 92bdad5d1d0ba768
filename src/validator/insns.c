/*
 * insns.c - the whitelist table, compiled from insns.def.
 *
 * The decoder's index over these rows is generated from them at build time
 * (index.c, run by gen_index.c), so a process pays nothing to set it up.
 */
#include "decode.h"

#define M1  MAP_1B
#define M0F MAP_0F
#define M38 MAP_0F38
#define M3A MAP_0F3A
#define NP  MP_NONE
#define P66 MP_66
#define PF2 MP_F2
#define PF3 MP_F3
#define NOM MR_NONE
#define ANY MR_ANY
#define MEM MR_MEM
#define REG MR_REG
#define X   (-1)
#define I0  IM_0
#define IB  IM_B
#define IW  IM_W
#define IZ  IM_Z
#define IV  IM_V
#define J8  IM_REL8
#define J32 IM_REL32
#define W0  0
#define WG  WR_REG
#define WE  WR_RM
#define WGE (WR_REG | WR_RM)
#define WO  WR_OPREG
#define S0  SZ_NONE
#define SB  SZ_B
#define SV  SZ_V
#define SY  SZ_Y
#define SQ  SZ_Q
#define B0     BR_NONE
#define BJMP   BR_JMP
#define BJCC   BR_JCC
#define BCALL  BR_CALL
#define BIJMP  BR_IJMP
#define BICALL BR_ICALL
#define BRET   BR_RET
#define O66    F_66
#define REP    F_REP
#define REPNE  F_REPNE
#define LOCK   F_LOCK
#define HINT   F_HINT
#define CSNOP  F_CSNOP
#define NOACC  F_NOACC
#define IMPMEM F_IMPMEM
#define NOREX  F_NOREX
#define NOPFX  F_NOPFX

#define I(map, op, n, mp, mr, reg, rm, imm, wr, sz, br, fl, name) \
	{ map, op, n, mp, mr, reg, rm, imm, wr, sz, br, fl },

const struct val_op val_ops[] = {
#include "insns.def"
};
const size_t val_nops = sizeof val_ops / sizeof val_ops[0];
