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

/*
 * Index: key = ((map * 256 + opcode) << 3) | ModRM.reg (reg 0 for opcodes
 * without ModRM) holds rows idx_row[idx_start[key] .. idx_start[key + 1]),
 * so a group opcode (80-83, F6/F7, FF, x87...) finds its one or two rows at
 * once. row_pfx[r] has bit (66 | F2 << 1 | F3 << 2) set for every combination
 * of those prefixes row r accepts.
 */
#define NKEY (MAP_COUNT * 256 * 8)
#define MAXREFS 8192
uint16_t val_idx_start[NKEY + 1];
uint16_t val_idx_row[MAXREFS];
uint8_t val_idx_modrm[MAP_COUNT * 256]; /* 1: a ModRM byte follows */
uint8_t val_row_pfx[sizeof val_ops / sizeof val_ops[0]];
/* Fast path: for keys of the one-byte and 0F maps with exactly one row that
 * has no mandatory prefix, val_quick[key] is that row + 1, when it has no rm
 * constraint and no F_NOPFX (0 otherwise). With no F2/F3 in front, rows with
 * a mandatory prefix never fit, so that row is the one the general search
 * would choose; the fast path checks the 66/67/2E/REX it allows. */
uint64_t val_quick[2 * 256 * 8];

/* A fast-path descriptor: the QD_* fields of decode.h packed in 64 bits. */
static uint64_t quick_desc(unsigned r, unsigned modrm)
{
	const struct val_op *o = &val_ops[r];
	uint64_t d = (uint64_t)(r + 1) | (uint64_t)modrm << QD_MODRM_SHIFT |
		     (uint64_t)o->mr << QD_MR_SHIFT;
	if (o->flags & F_NOREX)
		d |= QD_NOREX;
	if (o->flags & F_66)
		d |= QD_66;
	if (o->flags & (F_CSNOP | F_HINT))
		d |= QD_2E;
	d |= (uint64_t)o->wr << QD_WR_SHIFT;
	if (o->br != BR_NONE)
		d |= QD_BR;
	if (o->flags & F_IMPMEM)
		d |= QD_IMPMEM;
	if (o->flags & F_NOACC)
		d |= QD_NOACC;
	for (unsigned v = 0; v < 4; v++) /* immediate bytes for 66 | REX.W << 1 */
		d |= (uint64_t)val_imm_bytes[o->imm][v] << (QD_IMM_SHIFT + 4 * v);
	return d;
}
static const char *idx_error;

/* Does row o accept this combination of 66, F2 and F3? */
static int prefix_allowed(const struct val_op *o, int p66, int f2, int f3)
{
	int o66 = !!(o->flags & F_66);

	switch (o->mp) {
	case MP_66:
		return p66 && !f2 && !f3;
	case MP_F2:
		return f2 && !f3 && (!p66 || o66);
	case MP_F3:
		return f3 && !f2 && (!p66 || o66);
	default:
		return (!f2 || (o->flags & F_REPNE)) && (!f3 || (o->flags & F_REP)) &&
		       (!p66 || o66);
	}
}

static unsigned row_keys(const struct val_op *o, unsigned k, unsigned *keys)
{
	unsigned n = 0, base = ((unsigned)o->map * 256 + o->op + k) << 3;
	if (o->mr == MR_NONE) {
		keys[n++] = base;
		return n;
	}
	for (unsigned r = 0; r < 8; r++)
		if (o->reg < 0 || (unsigned)o->reg == r)
			keys[n++] = base | r;
	return n;
}

__attribute__((constructor)) static void build_index(void)
{
	static uint16_t fill[NKEY];
	static uint8_t seen[MAP_COUNT * 256];
	size_t total = 0;
	unsigned keys[8];

	for (size_t i = 0; i < val_nops; i++) {
		const struct val_op *o = &val_ops[i];
		if (o->count == 0 || o->op + o->count > 256) {
			idx_error = "a row's opcode range leaves its map";
			return;
		}
		for (unsigned k = 0; k < o->count; k++) {
			unsigned n = row_keys(o, k, keys);
			for (unsigned j = 0; j < n; j++)
				val_idx_start[keys[j] + 1]++;
			total += n;
		}
		uint8_t m = 0;
		for (unsigned c = 0; c < 8; c++)
			if (prefix_allowed(o, c & 1, (c >> 1) & 1, (c >> 2) & 1))
				m |= (uint8_t)(1u << c);
		val_row_pfx[i] = m;
	}
	if (total > MAXREFS) {
		idx_error = "index too small for the table";
		return;
	}
	for (unsigned b = 0; b < NKEY; b++)
		val_idx_start[b + 1] += val_idx_start[b];
	for (size_t i = 0; i < val_nops; i++) {
		const struct val_op *o = &val_ops[i];
		for (unsigned k = 0; k < o->count; k++) {
			unsigned op = o->map * 256u + o->op + k;
			uint8_t m = o->mr != MR_NONE;
			if (seen[op] && val_idx_modrm[op] != m)
				idx_error = "rows of one opcode disagree on ModRM";
			seen[op] = 1;
			val_idx_modrm[op] = m;
			unsigned n = row_keys(o, k, keys);
			for (unsigned j = 0; j < n; j++)
				val_idx_row[val_idx_start[keys[j]] + fill[keys[j]]++] = (uint16_t)i;
		}
	}
	/* Opcodes without ModRM are looked up with reg 0 only. */
	for (unsigned key = 0; key < 2 * 256 * 8; key++) {
		unsigned np = 0, r = 0;
		if ((key & 7) && !val_idx_modrm[key >> 3])
			continue; /* filled from reg 0 */
		for (unsigned k = val_idx_start[key]; k < val_idx_start[key + 1]; k++)
			if (val_ops[val_idx_row[k]].mp == MP_NONE) {
				np++;
				r = val_idx_row[k];
			}
		if (np == 1 && val_ops[r].rm < 0 && !(val_ops[r].flags & F_NOPFX)) {
			unsigned op = key >> 3;
			if (val_idx_modrm[op])
				val_quick[key] = quick_desc(r, 1);
			else /* the byte after the opcode is no ModRM: any "reg" */
				for (unsigned g = 0; g < 8; g++)
					val_quick[op << 3 | g] = quick_desc(r, 0);
		}
	}
}

int val_table_check(const char **why)
{
	const char *e = idx_error;
	if (!e && val_idx_start[NKEY] == 0)
		e = "the table is empty";
	if (why)
		*why = e;
	return e ? -1 : 0;
}
