/*
 * index.c - builds the decoder's index over the whitelist rows.
 *
 * Run at build time by gen_index.c, which writes the result as constant
 * tables (build/gen/val_index.c). Rows of one opcode stay in table order;
 * the build checks that they agree on whether a ModRM byte follows, since
 * the decoder must know the length before it can choose a row.
 */
#include "decode.h"
#include "index.h"

/*
 * Index: key = ((map * 256 + opcode) << 3) | ModRM.reg (reg 0 for opcodes
 * without ModRM) holds rows idx_row[idx_start[key] .. idx_start[key + 1]),
 * so a group opcode (80-83, F6/F7, FF, x87...) finds its one or two rows at
 * once. row_pfx[r] has bit (66 | F2 << 1 | F3 << 2) set for every combination
 * of those prefixes row r accepts.
 */
uint16_t ix_start[NKEY + 1];
uint16_t ix_row[MAXREFS];
uint8_t ix_modrm[MAP_COUNT * 256]; /* 1: a ModRM byte follows */
uint8_t ix_row_pfx[MAXROWS];
/* Fast path: for keys of the one-byte and 0F maps with exactly one row that
 * has no mandatory prefix, ix_quick[key] is that row + 1, when it has no rm
 * constraint and no F_NOPFX (0 otherwise). With no F2/F3 in front, rows with
 * a mandatory prefix never fit, so that row is the one the general search
 * would choose; the fast path checks the 66/67/2E/REX it allows. */
uint64_t ix_quick[NQUICK];

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

const char *ix_build(void)
{
	const char *idx_error = 0;

	if (val_nops > MAXROWS)
		return "too many rows";

	static uint16_t fill[NKEY];
	static uint8_t seen[MAP_COUNT * 256];
	size_t total = 0;
	unsigned keys[8];

	for (size_t i = 0; i < val_nops; i++) {
		const struct val_op *o = &val_ops[i];
		if (o->count == 0 || o->op + o->count > 256) {
			return "a row's opcode range leaves its map";
		}
		for (unsigned k = 0; k < o->count; k++) {
			unsigned n = row_keys(o, k, keys);
			for (unsigned j = 0; j < n; j++)
				ix_start[keys[j] + 1]++;
			total += n;
		}
		uint8_t m = 0;
		for (unsigned c = 0; c < 8; c++)
			if (prefix_allowed(o, c & 1, (c >> 1) & 1, (c >> 2) & 1))
				m |= (uint8_t)(1u << c);
		ix_row_pfx[i] = m;
	}
	if (total > MAXREFS) {
		return "index too small for the table";
	}
	for (unsigned b = 0; b < NKEY; b++)
		ix_start[b + 1] += ix_start[b];
	for (size_t i = 0; i < val_nops; i++) {
		const struct val_op *o = &val_ops[i];
		for (unsigned k = 0; k < o->count; k++) {
			unsigned op = o->map * 256u + o->op + k;
			uint8_t m = o->mr != MR_NONE;
			if (seen[op] && ix_modrm[op] != m)
				idx_error = "rows of one opcode disagree on ModRM";
			seen[op] = 1;
			ix_modrm[op] = m;
			unsigned n = row_keys(o, k, keys);
			for (unsigned j = 0; j < n; j++)
				ix_row[ix_start[keys[j]] + fill[keys[j]]++] = (uint16_t)i;
		}
	}
	/* Opcodes without ModRM are looked up with reg 0 only. */
	for (unsigned key = 0; key < 2 * 256 * 8; key++) {
		unsigned np = 0, r = 0;
		if ((key & 7) && !ix_modrm[key >> 3])
			continue; /* filled from reg 0 */
		for (unsigned k = ix_start[key]; k < ix_start[key + 1]; k++)
			if (val_ops[ix_row[k]].mp == MP_NONE) {
				np++;
				r = ix_row[k];
			}
		if (np == 1 && val_ops[r].rm < 0 && !(val_ops[r].flags & F_NOPFX)) {
			unsigned op = key >> 3;
			if (ix_modrm[op])
				ix_quick[key] = quick_desc(r, 1);
			else /* the byte after the opcode is no ModRM: any "reg" */
				for (unsigned g = 0; g < 8; g++)
					ix_quick[op << 3 | g] = quick_desc(r, 0);
		}
	}
	return idx_error;
}
