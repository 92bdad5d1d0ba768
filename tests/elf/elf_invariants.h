/*
 * elf_invariants.h - what val_elf_check() promises about an image it accepts,
 * checked independently of elf.c (shared by tests/elf/elf_test.c and
 * fuzz/fuzz_elf.c). Also touches every file byte each segment names, so that
 * ASan catches an offset that val_elf_check() let past the end of the image.
 */
#ifndef ZVM_ELF_INVARIANTS_H
#define ZVM_ELF_INVARIANTS_H

#include <stddef.h>
#include <stdint.h>

#include "validator/validator.h"

/* Returns NULL when *nx describes `image` as promised, else what is wrong. */
static inline const char *elf_invariant_error(const uint8_t *image, size_t size,
					      const struct val_nexe *nx)
{
	const uint64_t page = 0x1000;
	volatile uint8_t sink = 0;

	if (nx->nseg < 1 || nx->nseg > VAL_MAX_SEGMENTS)
		return "nseg out of range";
	if (nx->text >= nx->nseg)
		return "text index out of range";
	for (unsigned k = 0; k < nx->nseg; k++) {
		const struct val_segment *s = &nx->seg[k];
		uint64_t end = (uint64_t)s->vaddr + s->memsz;
		if (s->memsz == 0)
			return "empty segment in the output";
		if (s->filesz > s->memsz)
			return "filesz > memsz";
		if ((uint64_t)s->offset + s->filesz > size)
			return "segment file bytes past the end of the image";
		for (uint32_t j = 0; j < s->filesz; j++)
			sink ^= image[s->offset + j];
		if (s->vaddr < VAL_TEXT_START || end > VAL_DATA_LIMIT)
			return "segment outside [VAL_TEXT_START, VAL_DATA_LIMIT)";
		if (s->vaddr % page != s->offset % page)
			return "segment not mappable (vaddr and offset differ mod page)";
		if (s->prot & ~(VAL_PROT_R | VAL_PROT_W | VAL_PROT_X))
			return "unknown prot bits";
		if ((s->prot & VAL_PROT_X) && k != nx->text)
			return "executable segment that is not the text";
		if (k > 0) {
			const struct val_segment *p = &nx->seg[k - 1];
			if (p->vaddr > s->vaddr)
				return "segments not sorted";
			uint64_t pend = ((uint64_t)p->vaddr + p->memsz + page - 1) / page * page;
			if (pend > s->vaddr / page * page)
				return "segments share a page";
		}
	}
	const struct val_segment *t = &nx->seg[nx->text];
	if (t->vaddr != VAL_TEXT_START)
		return "text not at VAL_TEXT_START";
	if (t->prot != (VAL_PROT_R | VAL_PROT_X))
		return "text is not exactly R+X";
	if (t->filesz != t->memsz || t->memsz % VAL_BUNDLE_SIZE != 0)
		return "text size not whole bundles from the file";
	if ((uint64_t)t->vaddr + t->memsz > VAL_TEXT_LIMIT)
		return "text above VAL_TEXT_LIMIT";
	if (nx->entry < t->vaddr || nx->entry - t->vaddr >= t->memsz)
		return "entry outside the text";
	if (nx->entry % VAL_BUNDLE_SIZE != 0)
		return "entry not bundle aligned";
	(void)sink;
	return NULL;
}

#endif
