/*
 * rules.h - the per-instruction sandbox rules over one decoded instruction.
 *
 * Shared by the validator's walk (validate.c) and by gen-fast, which derives
 * the walk's fast-path table from them at build time, so that a rule is
 * written once. Each returns nonzero (or an error text) when the instruction
 * breaks the rule.
 */
#ifndef ZVM_RULES_H
#define ZVM_RULES_H

#include "decode.h"

#define VAL_E_MEM67 "memory operand without 0x67 prefix"
#define VAL_E_NOMEM67 "0x67 prefix without a memory operand"

/* Rule 3: the only rsp writes are 32-bit writes to esp (and push/pop/call,
 * which are implicit and not listed as GPR writes). */
static inline int val_writes_rsp(const struct val_insn *in)
{
	unsigned regn = in->reg | (in->rex & 4u) << 1, rmn = in->rm | (in->rex & 1u) << 3;
	unsigned opn = (in->opcode & 7u) | (in->rex & 1u) << 3;
	unsigned hit = (!!(in->wr & WR_REG) & (regn == 4)) |
		       (!!(in->wr & WR_RM) & (in->mod == 3) & (rmn == 4)) |
		       (!!(in->wr & WR_OPREG) & (opn == 4));

	if (!hit) /* almost always: branch-free up to here */
		return 0;
	switch (in->op->sz) {
	case SZ_B:
		return in->rex != 0; /* spl with REX; ah without */
	case SZ_V:
		return (in->rex & 8) || (in->pfx & P_66);
	case SZ_Y:
		return (in->rex & 8) != 0;
	default:
		return 1;
	}
}

/* Rule 2: explicit memory operands and implicit ones need 0x67; 0x67 needs a
 * memory operand. */
static inline const char *val_check_mem(const struct val_insn *in)
{
	unsigned explicit = in->has_modrm & (in->mod != 3);
	unsigned imp = in->memfl & 1, noacc = (in->memfl >> 1) & 1;
	unsigned p67 = !!(in->pfx & P_67), no67 = !p67;
	unsigned need = imp | (explicit & !noacc);

	if (!((p67 & !(explicit | imp)) | (no67 & need)))
		return 0;
	return p67 ? VAL_E_NOMEM67 : VAL_E_MEM67;
}

#endif
