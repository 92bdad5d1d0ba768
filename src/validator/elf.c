/*
 * elf.c - structural checks of a nexe image (ELF32 for x86-64, static).
 *
 * The image is untrusted bytes. Every field is read through little-endian
 * helpers from offsets proved to lie inside [image, image + size) first, all
 * arithmetic on file offsets and guest addresses is done in 64 bits so nothing
 * wraps, and nothing is allocated. On success the PT_LOAD segments come back
 * sorted by address, pairwise disjoint at page granularity (the loader maps
 * pages), inside [VAL_TEXT_START, VAL_DATA_LIMIT), each mappable from the file,
 * and exactly one of them executable: the text, R+X, starting at
 * VAL_TEXT_START, holding the entry point on a bundle start.
 */
#include <stdarg.h>
#include <stdio.h>

#include "validator.h"

/* The ELF constants used here (kept local: the validator depends on nothing). */
#define EHDR_SIZE 52u  /* Elf32_Ehdr */
#define PHDR_SIZE 32u  /* Elf32_Phdr */
#define MAX_PHNUM 16u
#define PAGE 0x1000u

#define EI_CLASS 4
#define EI_DATA 5
#define EI_VERSION 6
#define EI_NIDENT 16
#define ELFCLASS32 1
#define ELFDATA2LSB 1
#define EV_CURRENT 1
#define ET_EXEC 2
#define EM_X86_64 62

#define PT_NULL 0u
#define PT_LOAD 1u
#define PT_DYNAMIC 2u
#define PT_INTERP 3u
#define PT_NOTE 4u
#define PT_PHDR 6u
#define PT_TLS 7u
#define PT_GNU_EH_FRAME 0x6474e550u
#define PT_GNU_STACK 0x6474e551u
#define PT_GNU_RELRO 0x6474e552u
#define PT_GNU_PROPERTY 0x6474e553u

#define PF_X 1u
#define PF_W 2u
#define PF_R 4u

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

__attribute__((format(printf, 3, 4))) static int fail(char *err, size_t errlen,
						      const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

#define FAIL(...) return fail(err, errlen, __VA_ARGS__)

static uint64_t page_down(uint64_t a)
{
	return a & ~(uint64_t)(PAGE - 1);
}

static uint64_t page_up(uint64_t a)
{
	return (a + PAGE - 1) & ~(uint64_t)(PAGE - 1);
}

static const char *type_name(unsigned t)
{
	static const char *const names[] = { "ET_NONE", "ET_REL", "ET_EXEC", "ET_DYN", "ET_CORE" };
	return t < sizeof names / sizeof names[0] ? names[t] : "unknown";
}

/* The checks of the ELF header that do not depend on the program headers. */
static int check_header(const uint8_t *im, size_t size, char *err, size_t errlen)
{
	if (size < 4)
		FAIL("not an ELF file: only %zu bytes", size);
	if (im[0] != 0x7f || im[1] != 'E' || im[2] != 'L' || im[3] != 'F')
		FAIL("not an ELF file: bad magic %02x %02x %02x %02x", im[0], im[1], im[2], im[3]);
	if (size < EI_NIDENT)
		FAIL("ELF identification truncated: file is %zu bytes, e_ident is %u", size,
		     EI_NIDENT);
	if (im[EI_CLASS] != ELFCLASS32)
		FAIL("EI_CLASS %u is not ELFCLASS32 (a nexe is x32: ELF32 for x86-64)",
		     im[EI_CLASS]);
	if (im[EI_DATA] != ELFDATA2LSB)
		FAIL("EI_DATA %u is not ELFDATA2LSB (little endian)", im[EI_DATA]);
	if (im[EI_VERSION] != EV_CURRENT)
		FAIL("EI_VERSION %u is not EV_CURRENT (1)", im[EI_VERSION]);
	if (size < EHDR_SIZE)
		FAIL("ELF header truncated: file is %zu bytes, the header is %u", size,
		     EHDR_SIZE);

	unsigned type = rd16(im + 16), machine = rd16(im + 18);
	uint32_t version = rd32(im + 20);
	unsigned ehsize = rd16(im + 40), phentsize = rd16(im + 42), phnum = rd16(im + 44);
	uint32_t phoff = rd32(im + 28);

	if (type != ET_EXEC)
		FAIL("e_type %u (%s) is not ET_EXEC: a nexe is a static executable", type,
		     type_name(type));
	if (machine != EM_X86_64)
		FAIL("e_machine %u is not EM_X86_64 (62)", machine);
	if (version != EV_CURRENT)
		FAIL("e_version %u is not EV_CURRENT (1)", (unsigned)version);
	if (ehsize != EHDR_SIZE)
		FAIL("e_ehsize %u is not %u", ehsize, EHDR_SIZE);
	if (phentsize != PHDR_SIZE)
		FAIL("e_phentsize %u is not %u", phentsize, PHDR_SIZE);
	if (phnum == 0)
		FAIL("e_phnum is 0: no program headers");
	if (phnum > MAX_PHNUM)
		FAIL("e_phnum %u is absurd (max %u)", phnum, MAX_PHNUM);
	uint64_t phend = (uint64_t)phoff + (uint64_t)phnum * PHDR_SIZE;
	if (phend > size)
		FAIL("program headers [0x%x, 0x%llx) extend past the end of the file (%zu bytes)",
		     (unsigned)phoff, (unsigned long long)phend, size);
	return 0;
}

/* One PT_LOAD header; fills *s. Sets *text to i when it is the text. */
static int check_load(const uint8_t *ph, unsigned i, size_t size, int *text,
		      struct val_segment *s, char *err, size_t errlen)
{
	uint32_t off = rd32(ph + 4), va = rd32(ph + 8), filesz = rd32(ph + 16);
	uint32_t memsz = rd32(ph + 20), flags = rd32(ph + 24), align = rd32(ph + 28);
	uint64_t fend = (uint64_t)off + filesz, end = (uint64_t)va + memsz;

	if (flags & ~(PF_R | PF_W | PF_X))
		FAIL("program header %u: unknown p_flags bits 0x%x", i,
		     (unsigned)(flags & ~(PF_R | PF_W | PF_X)));
	if (filesz > memsz)
		FAIL("program header %u: p_filesz 0x%x exceeds p_memsz 0x%x", i, (unsigned)filesz,
		     (unsigned)memsz);
	if (fend > size)
		FAIL("program header %u: file bytes [0x%x, 0x%llx) extend past the end of the file "
		     "(%zu bytes)",
		     i, (unsigned)off, (unsigned long long)fend, size);
	if (end > 0x100000000ull)
		FAIL("program header %u: segment [0x%x, 0x%x) wraps around", i, (unsigned)va,
		     (unsigned)(uint32_t)end);
	if (align < PAGE || (align & (align - 1)) != 0)
		FAIL("program header %u: p_align 0x%x is not a power of two of at least the page "
		     "size 0x%x",
		     i, (unsigned)align, PAGE);
	if (va % PAGE != off % PAGE)
		FAIL("program header %u: p_vaddr 0x%x and p_offset 0x%x differ modulo the page "
		     "size, so the segment cannot be mapped",
		     i, (unsigned)va, (unsigned)off);
	if (va < VAL_TEXT_START)
		FAIL("program header %u: segment [0x%x, 0x%llx) starts below the text at 0x%x "
		     "(null guard and trampolines)",
		     i, (unsigned)va, (unsigned long long)end, VAL_TEXT_START);
	if (end > VAL_DATA_LIMIT)
		FAIL("program header %u: segment [0x%x, 0x%llx) reaches the user manifest and stack "
		     "area at 0x%x",
		     i, (unsigned)va, (unsigned long long)end, VAL_DATA_LIMIT);
	if ((flags & (PF_W | PF_X)) == (PF_W | PF_X))
		FAIL("program header %u: segment [0x%x, 0x%llx) is writable and executable", i,
		     (unsigned)va, (unsigned long long)end);
	if (flags & PF_X) {
		if (*text >= 0)
			FAIL("program header %u: a second executable segment [0x%x, 0x%llx) (the "
			     "text is program header %d); only the text may be executable",
			     i, (unsigned)va, (unsigned long long)end, *text);
		if (va != VAL_TEXT_START)
			FAIL("program header %u: the text segment starts at 0x%x, not at 0x%x", i,
			     (unsigned)va, VAL_TEXT_START);
		if (!(flags & PF_R))
			FAIL("program header %u: the text segment is execute-only; it must be R+X",
			     i);
		if (memsz == 0)
			FAIL("program header %u: the text segment is empty", i);
		if (end > VAL_TEXT_LIMIT)
			FAIL("program header %u: the text segment [0x%x, 0x%llx) ends above the code "
			     "limit 0x%x",
			     i, (unsigned)va, (unsigned long long)end, VAL_TEXT_LIMIT);
		if (filesz != memsz)
			FAIL("program header %u: the text segment has p_filesz 0x%x != p_memsz 0x%x "
			     "(code is never zero-filled)",
			     i, (unsigned)filesz, (unsigned)memsz);
		if (memsz % VAL_BUNDLE_SIZE != 0)
			FAIL("program header %u: the text segment size 0x%x is not a multiple of the "
			     "%u-byte bundle",
			     i, (unsigned)memsz, VAL_BUNDLE_SIZE);
		*text = (int)i;
	}
	s->vaddr = va;
	s->memsz = memsz;
	s->offset = off;
	s->filesz = filesz;
	s->prot = (flags & PF_R ? VAL_PROT_R : 0) | (flags & PF_W ? VAL_PROT_W : 0) |
		  (flags & PF_X ? VAL_PROT_X : 0);
	return 0;
}

/* Types other than PT_LOAD: whitelisted, and the stack never executable. */
static int check_other(const uint8_t *ph, unsigned i, char *err, size_t errlen)
{
	uint32_t type = rd32(ph), flags = rd32(ph + 24);

	switch (type) {
	case PT_NULL:
	case PT_NOTE:
	case PT_PHDR:
	case PT_TLS:
	case PT_GNU_EH_FRAME:
	case PT_GNU_RELRO:
	case PT_GNU_PROPERTY:
		return 0;
	case PT_GNU_STACK:
		if (flags & PF_X)
			FAIL("program header %u: PT_GNU_STACK asks for an executable stack", i);
		return 0;
	case PT_INTERP:
		FAIL("program header %u: PT_INTERP: a nexe is static and has no interpreter", i);
	case PT_DYNAMIC:
		FAIL("program header %u: PT_DYNAMIC: a nexe is static and has no dynamic section",
		     i);
	default:
		FAIL("program header %u: unknown type 0x%x", i, (unsigned)type);
	}
}

int val_elf_check(const uint8_t *image, size_t size, struct val_nexe *out, char *err,
		  size_t errlen)
{
	struct val_nexe nx = { 0 };
	unsigned from[VAL_MAX_SEGMENTS]; /* program header index of each seg[] */
	int text = -1;

	if (err && errlen)
		err[0] = 0;
	if (!out || (!image && size))
		FAIL("val_elf_check: no %s", out ? "image" : "output");
	if (check_header(image, size, err, errlen))
		return -1;

	unsigned phnum = rd16(image + 44);
	uint32_t phoff = rd32(image + 28), entry = rd32(image + 24);
	for (unsigned i = 0; i < phnum; i++) {
		const uint8_t *ph = image + phoff + (size_t)i * PHDR_SIZE;
		struct val_segment s;

		if (rd32(ph) != PT_LOAD) {
			if (check_other(ph, i, err, errlen))
				return -1;
			continue;
		}
		if (check_load(ph, i, size, &text, &s, err, errlen))
			return -1;
		if (s.memsz == 0) /* maps nothing: checked, then dropped */
			continue;
		if (nx.nseg == VAL_MAX_SEGMENTS)
			FAIL("program header %u: more than %u non-empty PT_LOAD segments", i,
			     VAL_MAX_SEGMENTS);
		/* insertion by address keeps seg[] sorted */
		unsigned k = nx.nseg++;
		for (; k > 0 && nx.seg[k - 1].vaddr > s.vaddr; k--) {
			nx.seg[k] = nx.seg[k - 1];
			from[k] = from[k - 1];
		}
		nx.seg[k] = s;
		from[k] = i;
	}
	if (text < 0)
		FAIL("no executable (text) segment");
	while (!(nx.seg[nx.text].prot & VAL_PROT_X)) /* the only one: check_load saw to it */
		nx.text++;

	for (unsigned k = 1; k < nx.nseg; k++) {
		const struct val_segment *a = &nx.seg[k - 1], *b = &nx.seg[k];
		uint64_t aend = (uint64_t)a->vaddr + a->memsz, bend = (uint64_t)b->vaddr + b->memsz;
		if (page_up(aend) > page_down(b->vaddr))
			FAIL("program headers %u and %u: segments [0x%x, 0x%llx) and [0x%x, 0x%llx) "
			     "overlap or share a page",
			     from[k - 1], from[k], (unsigned)a->vaddr, (unsigned long long)aend,
			     (unsigned)b->vaddr, (unsigned long long)bend);
	}

	const struct val_segment *t = &nx.seg[nx.text];
	if (entry < t->vaddr || entry - t->vaddr >= t->memsz)
		FAIL("entry point 0x%x is outside the text [0x%x, 0x%llx)", (unsigned)entry,
		     (unsigned)t->vaddr, (unsigned long long)t->vaddr + t->memsz);
	if (entry % VAL_BUNDLE_SIZE != 0)
		FAIL("entry point 0x%x is not on a %u-byte bundle start", (unsigned)entry,
		     VAL_BUNDLE_SIZE);
	nx.entry = entry;
	*out = nx;
	return 0;
}
