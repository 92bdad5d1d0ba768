/*
 * decode.c - the exported length decoder.
 *
 * The decoder itself is val_decode() in decode.h, inline so that the
 * validator's walk keeps each decoded instruction in registers. It applies
 * the structural prefix rules (DESIGN.md rule 9): each legacy prefix at most
 * once, F2 never with F3, REX once and last, 15 bytes at most, segment
 * prefixes only where the row allows them, lock only on a lockable row with a
 * memory destination. The rules that need context (0x67, rsp, branches) are
 * in validate.c.
 */
#include "decode.h"
#include "validator.h"

int val_decode_length(const uint8_t *p, size_t n, const char **why)
{
	struct val_insn in;
	return val_decode(p, n, &in, why);
}
