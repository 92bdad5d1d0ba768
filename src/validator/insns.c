/*
 * insns.c - the whitelist table and its per-opcode index.
 *
 * The rows come from insns.def. At start-up they are indexed by (map, opcode)
 * so the decoder finds the candidate rows of an opcode with one array lookup;
 * rows of one opcode stay in table order. The index build also checks that
 * the rows of one opcode agree on whether a ModRM byte follows, since the
 * decoder must know the length before it can choose a row.
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
	{ map, op, n, mp, mr, reg, rm, imm, wr, sz, br, fl, name },

const struct val_op val_ops[] = {
#include "insns.def"
};
const size_t val_nops = sizeof val_ops / sizeof val_ops[0];

/* Index: bucket b = map*256 + opcode holds rows idx_row[idx_start[b] ..
 * idx_start[b+1]). */
#define NBUCKET (MAP_COUNT * 256)
#define MAXREFS 2048
static uint16_t idx_start[NBUCKET + 1];
static uint16_t idx_row[MAXREFS];
static uint8_t idx_modrm[NBUCKET]; /* 0 none, 1 ModRM follows, 2 conflict */
static const char *idx_error;

__attribute__((constructor)) static void build_index(void)
{
	static uint16_t fill[NBUCKET];
	size_t total = 0;

	for (size_t i = 0; i < val_nops; i++) {
		const struct val_op *o = &val_ops[i];
		if (o->count == 0 || o->op + o->count > 256) {
			idx_error = "a row's opcode range leaves its map";
			return;
		}
		for (unsigned k = 0; k < o->count; k++)
			idx_start[o->map * 256 + o->op + k + 1]++;
		total += o->count;
	}
	if (total > MAXREFS) {
		idx_error = "index too small for the table";
		return;
	}
	for (unsigned b = 0; b < NBUCKET; b++)
		idx_start[b + 1] += idx_start[b];
	for (size_t i = 0; i < val_nops; i++) {
		const struct val_op *o = &val_ops[i];
		for (unsigned k = 0; k < o->count; k++) {
			unsigned b = o->map * 256 + o->op + k;
			uint8_t m = o->mr != MR_NONE;
			if (fill[b] && idx_modrm[b] != m)
				idx_error = "rows of one opcode disagree on ModRM";
			idx_modrm[b] = m;
			idx_row[idx_start[b] + fill[b]++] = (uint16_t)i;
		}
	}
}

int val_table_check(const char **why)
{
	const char *e = idx_error;
	if (!e && idx_start[NBUCKET] == 0)
		e = "the table is empty";
	if (why)
		*why = e;
	return e ? -1 : 0;
}

/* Rows for one opcode: *rows receives a pointer into the index. */
unsigned val_rows(unsigned map, unsigned op, const uint16_t **rows, int *modrm)
{
	unsigned b = map * 256 + op;
	*rows = &idx_row[idx_start[b]];
	*modrm = idx_modrm[b];
	return idx_start[b + 1] - idx_start[b];
}
