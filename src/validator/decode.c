/*
 * decode.c - decodes one x86-64 instruction against the whitelist.
 *
 * Layout of an instruction: legacy prefixes, an optional REX byte right
 * before the opcode, one to three opcode bytes, ModRM, SIB, displacement,
 * immediate. The structural prefix rules live here (DESIGN.md rule 9): each
 * legacy prefix at most once, F2 never with F3, REX once and last, 15 bytes at
 * most, segment prefixes only where the row allows them, lock only on a
 * lockable row with a memory destination. The rules that need context (0x67,
 * rsp, branches) are in validate.c.
 */
#include "decode.h"
#include "validator.h"

static const char *const E_TRUNC = "truncated instruction";
static const char *const E_UNKNOWN = "instruction not in the whitelist";

static int prefix_allowed(const struct val_op *o, unsigned pfx)
{
	int p66 = !!(pfx & P_66), f2 = !!(pfx & P_F2), f3 = !!(pfx & P_F3);
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

static unsigned imm_size(unsigned kind, unsigned pfx, unsigned rex)
{
	switch (kind) {
	case IM_B:
	case IM_REL8:
		return 1;
	case IM_W:
		return 2;
	case IM_Z: /* REX.W overrides 0x66: the immediate stays 32 bits */
		return (pfx & P_66) && !(rex & 8) ? 2 : 4;
	case IM_V:
		return (rex & 8) ? 8 : (pfx & P_66) ? 2 : 4;
	case IM_REL32:
		return 4;
	default:
		return 0;
	}
}

int val_decode(const uint8_t *p, size_t n, struct val_insn *in, const char **why)
{
	size_t i = 0;
	unsigned pfx = 0, rex = 0, seg = 0, map, op;
	const char *err = E_UNKNOWN;

	if (n > 15)
		n = 15 + 1; /* enough to tell "too long" from "truncated" */
	for (;; i++) {
		unsigned bit;
		if (i >= n) {
			err = E_TRUNC;
			goto fail;
		}
		switch (p[i]) {
		case 0x66: bit = P_66; break;
		case 0x67: bit = P_67; break;
		case 0xF0: bit = P_LOCK; break;
		case 0xF2: bit = P_F2; break;
		case 0xF3: bit = P_F3; break;
		case 0x26: case 0x2E: case 0x36: case 0x3E: case 0x64: case 0x65:
			bit = P_SEG;
			seg = p[i];
			break;
		default:
			goto prefixes_done;
		}
		if (pfx & bit) {
			err = "repeated prefix";
			goto fail;
		}
		pfx |= bit;
	}
prefixes_done:
	if ((pfx & P_F2) && (pfx & P_F3)) {
		err = "conflicting F2 and F3 prefixes";
		goto fail;
	}
	if ((p[i] & 0xF0) == 0x40) {
		rex = p[i++];
		if (i >= n) {
			err = E_TRUNC;
			goto fail;
		}
		switch (p[i]) {
		case 0x26: case 0x2E: case 0x36: case 0x3E: case 0x64: case 0x65:
		case 0x66: case 0x67: case 0xF0: case 0xF2: case 0xF3:
		case 0x40: case 0x41: case 0x42: case 0x43: case 0x44: case 0x45:
		case 0x46: case 0x47: case 0x48: case 0x49: case 0x4A: case 0x4B:
		case 0x4C: case 0x4D: case 0x4E: case 0x4F:
			err = "REX prefix not immediately before the opcode";
			goto fail;
		}
	}
	map = MAP_1B;
	if (p[i] == 0x0F) {
		if (++i >= n) {
			err = E_TRUNC;
			goto fail;
		}
		map = MAP_0F;
		if (p[i] == 0x38 || p[i] == 0x3A) {
			map = p[i] == 0x38 ? MAP_0F38 : MAP_0F3A;
			if (++i >= n) {
				err = E_TRUNC;
				goto fail;
			}
		}
	}
	op = p[i++];

	const uint16_t *rows;
	int has_modrm;
	unsigned nrows = val_rows(map, op, &rows, &has_modrm);
	if (nrows == 0)
		goto fail;

	unsigned mod = 0, reg = 0, rm = 0;
	if (has_modrm) {
		if (i >= n) {
			err = E_TRUNC;
			goto fail;
		}
		unsigned m = p[i++];
		mod = m >> 6;
		reg = (m >> 3) & 7;
		rm = m & 7;
		if (mod != 3) {
			unsigned base = rm;
			if (rm == 4) { /* SIB */
				if (i >= n) {
					err = E_TRUNC;
					goto fail;
				}
				base = p[i++] & 7;
			}
			if (mod == 1)
				i += 1;
			else if (mod == 2 || (mod == 0 && base == 5))
				i += 4;
		}
	}

	/* Choose the first row whose ModRM form and prefixes fit. */
	const struct val_op *o = 0;
	int form_matched = 0;
	for (unsigned k = 0; k < nrows; k++) {
		const struct val_op *c = &val_ops[rows[k]];
		if ((c->mr == MR_MEM && mod == 3) || (c->mr == MR_REG && mod != 3))
			continue;
		if (c->reg >= 0 && (unsigned)c->reg != reg)
			continue;
		if (c->rm >= 0 && (mod != 3 || (unsigned)c->rm != rm))
			continue;
		form_matched = 1;
		if (prefix_allowed(c, pfx)) {
			o = c;
			break;
		}
	}
	if (!o) {
		if (form_matched)
			err = "prefix not allowed on this instruction";
		goto fail;
	}

	size_t imm_at = i;
	i += imm_size(o->imm, pfx, rex);
	if (i > 15) {
		err = "instruction longer than 15 bytes";
		goto fail;
	}
	if (i > n) {
		err = E_TRUNC;
		goto fail;
	}
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
	if ((o->flags & F_NOPFX) && (pfx || rex)) {
		err = "prefix not allowed on this instruction";
		goto fail;
	}
	if (rex && (o->flags & F_NOREX)) {
		err = "prefix not allowed on this instruction";
		goto fail;
	}

	in->op = o;
	in->len = (uint8_t)i;
	in->pfx = (uint8_t)pfx;
	in->seg = (uint8_t)seg;
	in->rex = (uint8_t)rex;
	in->opcode = (uint8_t)op;
	in->has_modrm = (uint8_t)has_modrm;
	in->mod = (uint8_t)mod;
	in->reg = (uint8_t)reg;
	in->rm = (uint8_t)rm;
	in->imm8 = imm_at < i ? p[imm_at] : 0;
	in->rel = 0;
	if (o->imm == IM_REL8)
		in->rel = (int8_t)p[imm_at];
	else if (o->imm == IM_REL32)
		in->rel = (int32_t)((uint32_t)p[imm_at] | (uint32_t)p[imm_at + 1] << 8 |
				    (uint32_t)p[imm_at + 2] << 16 | (uint32_t)p[imm_at + 3] << 24);
	return (int)i;
fail:
	if (why)
		*why = err;
	return 0;
}

int val_decode_length(const uint8_t *p, size_t n, const char **why)
{
	struct val_insn in;
	return val_decode(p, n, &in, why);
}
