/*
 * gen_fast.c - writes the walk's fast-path tables as C constant tables.
 *
 *   gen-fast > build/gen/val_fast.c
 *
 * The tables are derived, not written: for every key (0F?, opcode,
 * ModRM.reg) a tentative descriptor is made from the rows val_decode() finds,
 * then val_fast_step() runs on every prefix order, REX, ModRM and SIB shape
 * of that key, and each configuration whose "yes" disagrees once with
 * val_decode() and the rules of rules.h (length, branch kind and
 * displacement, 0x67, rsp) loses its bit. So the fast path can only say yes
 * where the full decoder and rules say yes.
 */
#include <stdio.h>
#include <string.h>

#include "decode.h"
#include "fast.h"
#include "rules.h"

static uint64_t fast[NFAST];
static uint16_t cls[3][256];
static uint32_t pfx[NPFX];
static uint8_t modrm[2 * 8 * 256];
static const struct val_fast_tabs tabs = { fast, cls, pfx, modrm };

/* Byte classes before the opcode: none, 66, 67, 2E, 0F, then REX as
 * C_REX + (W | R << 1 | B << 2) (X changes nothing here). */
enum { C_NONE, C_66, C_67, C_2E, C_0F, C_REX, NCLASS = C_REX + 8 };

static void make_small_tables(void)
{
	static const unsigned fc[C_REX] = { 0, FC_66, FC_67, FC_2E, 0 };
	for (unsigned b = 0; b < 256; b++) {
		unsigned c = b == 0x66 ? C_66 : b == 0x67 ? C_67 : b == 0x2E ? C_2E :
			     b == 0x0F ? C_0F : C_NONE;
		if ((b & 0xF0) == 0x40)
			c = C_REX + ((b >> 3) & 1) + ((b >> 2) & 1) * 2 + (b & 1) * 4;
		cls[0][b] = (uint16_t)c;
		cls[1][b] = (uint16_t)(NCLASS * c);
		cls[2][b] = (uint16_t)(NCLASS * NCLASS * c);
	}
	for (unsigned i = 0; i < NPFX; i++) {
		unsigned cs[3] = { i % NCLASS, i / NCLASS % NCLASS, i / (NCLASS * NCLASS) };
		unsigned n = 0, set = 0, rb = 0, w = 0, is0f = 0;
		/* Legacy prefixes, REX, 0F, in that order, each once; whatever
		 * breaks that order ends them and is read as the opcode. */
		for (; n < 3 && cs[n] != C_NONE && !is0f; n++) {
			unsigned c = cs[n], f = c >= C_REX ? FC_REX : fc[c];
			if (c == C_0F) {
				is0f = 1;
				continue;
			}
			if ((set & f) || (set & FC_REX))
				break;
			set |= f;
			if (c >= C_REX) {
				unsigned v = c - C_REX;
				w = v & 1;
				rb = ((v >> 2) & 1) | ((v >> 1) & 1) << 2; /* B, R as FE_RB */
			}
		}
		unsigned isel = FD_IMM + 4 * (!!(set & FC_66) | w << 1);
		pfx[i] = 8 * n | (n + 1) << 6 | (is0f ? FE_0F : 0) | set << 12 | isel << 16 |
			 rb << 24;
	}
	for (unsigned hm = 0; hm < 2; hm++)
		for (unsigned base = 0; base < 8; base++)
			for (unsigned m = 0; m < 256; m++) {
				unsigned len = 0;
				if (hm)
					len = 1 + val_modrm_extra[m] +
					      ((m & 0xC7) == 0x04 && base == 5 ? 4 : 0);
				modrm[hm << 11 | base << 8 | m] =
					(uint8_t)(len | (m < 0xC0 ? FC_MEM : 0) |
						  ((m & 0xC7) == 0xC4 ? FM_RM4 : 0));
			}
}

/* One sample instruction: prefixes in the given order, REX, opcode, then
 * ModRM and SIB (or the byte after the opcode), zeros after. */
struct sample {
	uint8_t b[32];
};

static void build(struct sample *s, const uint8_t *pre, unsigned npre, unsigned rex,
		  unsigned is0f, unsigned op, unsigned m, unsigned sib)
{
	unsigned n = 0;
	memset(s->b, 0, sizeof s->b);
	for (unsigned i = 0; i < npre; i++)
		s->b[n++] = pre[i];
	if (rex)
		s->b[n++] = (uint8_t)rex;
	if (is0f)
		s->b[n++] = 0x0F;
	s->b[n++] = (uint8_t)op;
	s->b[n++] = (uint8_t)m;
	s->b[n++] = (uint8_t)sib;
}

/* Does the full decoder and rule set agree with the fast step's "yes"? */
static int agrees(const struct sample *s, const struct val_fast *f)
{
	struct val_insn in;
	uint64_t d = f->d;
	if (val_decode(s->b, sizeof s->b, &in, 0) != (int)f->len)
		return 0;
	if (val_check_mem(&in) || val_writes_rsp(&in))
		return 0;
	switch (in.op->br) {
	case BR_NONE:
		return !(d & FD_DIRECT);
	case BR_JMP:
	case BR_JCC:
	case BR_CALL:
		return (d & FD_DIRECT) && in.imm_at == f->at &&
		       ((d >> FD_RELSH) & 31) == (in.op->imm == IM_REL8 ? 24u : 0u) &&
		       !(d & FD_CALL) == (in.op->br != BR_CALL);
	default:
		return 0; /* indirect branches and ret need the previous instructions */
	}
}

/* Every shape of one key: calls fn on each sample. */
typedef void sample_fn(const struct sample *s, unsigned key);

static void each_sample(unsigned key, sample_fn *fn)
{
	static const uint8_t legacy[3] = { 0x66, 0x67, 0x2E };
	static const uint8_t rexes[] = { 0, 0x40, 0x41, 0x44, 0x45, 0x48, 0x49, 0x4C, 0x4D, 0x4F };
	unsigned is0f = key >> 11, op = (key >> 3) & 0xFF, reg = key & 7;
	struct sample s;

	for (unsigned set = 0; set < 8; set++) {
		uint8_t pre[3];
		unsigned n = 0;
		for (unsigned i = 0; i < 3; i++)
			if (set >> i & 1)
				pre[n++] = legacy[i];
		/* every order of the legacy prefixes */
		for (unsigned perm = 0; perm < 6; perm++) {
			uint8_t o[3];
			static const uint8_t P[6][3] = { { 0, 1, 2 }, { 0, 2, 1 }, { 1, 0, 2 },
							 { 1, 2, 0 }, { 2, 0, 1 }, { 2, 1, 0 } };
			unsigned ok = 1;
			for (unsigned i = 0; i < n; i++) {
				if (P[perm][i] >= n)
					ok = 0;
				else
					o[i] = pre[P[perm][i]];
			}
			if (!ok)
				continue;
			for (unsigned r = 0; r < sizeof rexes; r++) {
				for (unsigned mod = 0; mod < 4; mod++) {
					for (unsigned rm = 0; rm < 8; rm++) {
						unsigned m = mod << 6 | reg << 3 | rm;
						build(&s, o, n, rexes[r], is0f, op, m, 0x24);
						fn(&s, key);
						if (rm == 4 || (mod == 0 && rm == 5)) {
							build(&s, o, n, rexes[r], is0f, op, m, 0x25);
							fn(&s, key);
						}
					}
				}
			}
		}
	}
}

/* Pass 1: what the rows of a key say (first row found; union of writes). */
static const struct val_op *first_row;
static unsigned hazards;

static void collect(const struct sample *s, unsigned key)
{
	struct val_insn in;
	if (!val_decode(s->b, sizeof s->b, &in, 0))
		return;
	if (!first_row)
		first_row = in.op;
	/* By FD_HZ's index: REX.B | rm is register 4 << 1 | REX.R << 2. */
	for (unsigned i = 0; i < 8; i++) {
		unsigned b = i & 1, rm4 = (i >> 1) & 1, r = (i >> 2) & 1;
		if (((in.wr & WR_REG) && (key & 7) == 4 && !r) ||
		    ((in.wr & WR_RM) && rm4 && !b) ||
		    ((in.wr & WR_OPREG) && ((key >> 3) & 7) == 4 && !b))
			hazards |= 1u << i;
	}
}

static int is_prefix_byte(unsigned b)
{
	return val_prefix_bit[b] != 0 || (b & 0xF0) == 0x40;
}

/* Pass 2: a configuration keeps its bit only while every sample agrees,
 * and only if some sample reached it. */
static int mismatch;
static uint32_t reached;

static void verify(const struct sample *s, unsigned key)
{
	struct val_fast f;
	val_fast_step(s->b, &tabs, &f);
	if (f.key != key) {
		/* Only four bytes before the opcode may do this: the fourth is
		 * read as an opcode, whose descriptor is 0. Anything else is a
		 * bug here. */
		unsigned op = (f.key >> 3) & 0xFF;
		if (f.key >> 11 || !(op == 0x0F || is_prefix_byte(op))) {
			if (!mismatch)
				fprintf(stderr, "gen-fast: key %#x decoded as %#x\n", key, f.key);
			mismatch = 1;
		}
		return;
	}
	reached |= 1u << f.cfg;
	if (f.ok && !agrees(s, &f))
		fast[key] &= ~(1ull << f.cfg);
}

int main(void)
{
	make_small_tables();
	for (unsigned key = 0; key < NFAST; key++) {
		unsigned is0f = key >> 11, op = (key >> 3) & 0xFF;
		if (is0f ? (op == 0x38 || op == 0x3A) : (op == 0x0F || is_prefix_byte(op)))
			continue; /* escapes and prefixes: never fast */
		first_row = 0;
		hazards = 0;
		each_sample(key, collect);
		if (!first_row)
			continue;
		const struct val_op *o = first_row;
		if (o->br != BR_NONE && o->br != BR_JMP && o->br != BR_JCC && o->br != BR_CALL)
			continue;
		uint64_t d = 0xFFFFFFFFull | (uint64_t)hazards << FD_HZ;
		if (val_idx_modrm[is0f * 256 + op])
			d |= FD_HM;
		for (unsigned v = 0; v < 4; v++)
			d |= (uint64_t)val_imm_bytes[o->imm][v] << (FD_IMM + 4 * v);
		if (o->br != BR_NONE)
			d |= FD_DIRECT;
		if (o->imm == IM_REL8)
			d |= 24ull << FD_RELSH;
		if (o->br == BR_CALL)
			d |= FD_CALL;
		fast[key] = d;
		reached = 0;
		each_sample(key, verify);
		fast[key] &= ~0xFFFFFFFFull | reached;
		if (!(fast[key] & 0xFFFFFFFFull))
			fast[key] = 0;
	}
	if (mismatch) {
		fprintf(stderr, "gen-fast: a sample decoded under another key\n");
		return 1;
	}

	printf("/* Generated by gen-fast from insns.def and the rules: do not edit. */\n"
	       "#include \"validator/fast.h\"\n\n");
	printf("const uint64_t val_fast[NFAST] = {");
	for (unsigned i = 0; i < NFAST; i++)
		printf("%s0x%llx,", i % 4 ? " " : "\n\t", (unsigned long long)fast[i]);
	printf("\n};\n\nconst uint16_t val_fast_class[3][256] = {");
	for (unsigned i = 0; i < 3 * 256; i++)
		printf("%s%s%u,%s", i % 256 ? "" : "\n\t{", i % 16 ? " " : "\n\t",
		       cls[i / 256][i % 256], i % 256 == 255 ? "\n\t}," : "");
	printf("\n};\n\nconst uint32_t val_fast_prefix[NPFX] = {");
	for (unsigned i = 0; i < NPFX; i++)
		printf("%s0x%x,", i % 6 ? " " : "\n\t", pfx[i]);
	printf("\n};\n\nconst uint8_t val_fast_modrm[2 * 8 * 256] = {");
	for (unsigned i = 0; i < 2 * 8 * 256; i++)
		printf("%s%u,", i % 16 ? " " : "\n\t", modrm[i]);
	printf("\n};\n");
	return fflush(stdout) != 0;
}
