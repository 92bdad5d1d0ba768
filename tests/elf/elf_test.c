/*
 * elf_test.c - tests of val_elf_check() on nexe images built in memory.
 *
 * Every case starts from one small valid image (below), edits some fields and
 * says whether val_elf_check() must accept it or which words its error must
 * contain. Each image is handed over in a heap block of exactly its size, so
 * the sanitized build catches any read past the end. Accepted images are also
 * checked against the invariants of elf_invariants.h.
 *
 *   elf-test run PREFIX          all in-memory cases; prints PASS/FAIL PREFIX/name
 *   elf-test check NAME FILE OK|SUBSTRING
 *                                one file on disk: accepted, or rejected with SUBSTRING
 *   elf-test validate NAME FILE  accepted by val_elf_check and its text by val_validate
 *   elf-test corpus DIR          writes the fuzzer's seed images into DIR
 *
 * The base image (0x140 bytes):
 *   [0, 0x34)      ELF header, entry 0x200c0
 *   [0x34, 0xb4)   4 program headers:
 *     0 PT_LOAD  off 0x000 va 0x20000 filesz 0x100 memsz 0x100  R+X (the text)
 *     1 PT_LOAD  off 0x100 va 0x21100 filesz 0x020 memsz 0x020  R   (rodata)
 *     2 PT_LOAD  off 0x120 va 0x22120 filesz 0x020 memsz 0x3000 RW  (data, bss)
 *     3 PT_GNU_STACK RW
 *   [0xb4, 0x100)  hlt, [0x100, 0x140) data bytes
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf_invariants.h"
#include "validator/validator.h"

#define IMG_MAX 0x1000

enum { E_TYPE = 16, E_MACHINE = 18, E_VERSION = 20, E_ENTRY = 24, E_PHOFF = 28, E_FLAGS = 36,
       E_EHSIZE = 40, E_PHENTSIZE = 42, E_PHNUM = 44 };
enum { P_TYPE = 0, P_OFFSET = 4, P_VADDR = 8, P_PADDR = 12, P_FILESZ = 16, P_MEMSZ = 20,
       P_FLAGS = 24, P_ALIGN = 28 };
#define PH(i, f) (52 + 32 * (i) + (f))

#define PT_LOAD 1
#define PT_DYNAMIC 2
#define PT_INTERP 3
#define PT_NOTE 4
#define PT_SHLIB 5
#define PT_PHDR 6
#define PT_TLS 7
#define PT_GNU_EH_FRAME 0x6474e550u
#define PT_GNU_STACK 0x6474e551u
#define PT_GNU_RELRO 0x6474e552u
#define PT_GNU_PROPERTY 0x6474e553u
#define RX 5
#define R 4
#define RW 6
#define RWX 7

struct img {
	uint8_t b[IMG_MAX];
	size_t size;
};

static void put(struct img *m, unsigned off, unsigned width, uint32_t v)
{
	for (unsigned k = 0; k < width; k++)
		m->b[off + k] = (uint8_t)(v >> (8 * k));
}

static void set_ph(struct img *m, unsigned i, uint32_t type, uint32_t off, uint32_t va,
		   uint32_t filesz, uint32_t memsz, uint32_t flags, uint32_t align)
{
	unsigned phoff = m->b[E_PHOFF] | m->b[E_PHOFF + 1] << 8;
	unsigned at = phoff + 32 * i;
	put(m, at + P_TYPE, 4, type);
	put(m, at + P_OFFSET, 4, off);
	put(m, at + P_VADDR, 4, va);
	put(m, at + P_PADDR, 4, va);
	put(m, at + P_FILESZ, 4, filesz);
	put(m, at + P_MEMSZ, 4, memsz);
	put(m, at + P_FLAGS, 4, flags);
	put(m, at + P_ALIGN, 4, align);
}

static void base(struct img *m)
{
	static const uint8_t ident[16] = { 0x7f, 'E', 'L', 'F', 1, 1, 1 };

	memset(m, 0, sizeof *m);
	memcpy(m->b, ident, sizeof ident);
	put(m, E_TYPE, 2, 2);
	put(m, E_MACHINE, 2, 62);
	put(m, E_VERSION, 4, 1);
	put(m, E_ENTRY, 4, 0x200c0);
	put(m, E_PHOFF, 4, 52);
	put(m, E_EHSIZE, 2, 52);
	put(m, E_PHENTSIZE, 2, 32);
	put(m, E_PHNUM, 2, 4);
	put(m, 46, 2, 40); /* e_shentsize; no section headers */
	set_ph(m, 0, PT_LOAD, 0x000, 0x20000, 0x100, 0x100, RX, 0x1000);
	set_ph(m, 1, PT_LOAD, 0x100, 0x21100, 0x20, 0x20, R, 0x1000);
	set_ph(m, 2, PT_LOAD, 0x120, 0x22120, 0x20, 0x3000, RW, 0x1000);
	set_ph(m, 3, PT_GNU_STACK, 0, 0, 0, 0, RW, 0x10);
	memset(m->b + 0xb4, 0xf4, 0x100 - 0xb4);
	for (unsigned k = 0x100; k < 0x140; k++)
		m->b[k] = (uint8_t)k;
	m->size = 0x140;
}

/* Builders for cases that are more than a few field edits. */
static void reversed(struct img *m)
{
	base(m);
	set_ph(m, 3, PT_LOAD, 0x000, 0x20000, 0x100, 0x100, RX, 0x1000);
	set_ph(m, 2, PT_LOAD, 0x100, 0x21100, 0x20, 0x20, R, 0x1000);
	set_ph(m, 1, PT_LOAD, 0x120, 0x22120, 0x20, 0x3000, RW, 0x1000);
	set_ph(m, 0, PT_GNU_STACK, 0, 0, 0, 0, RW, 0x10);
}

static void many_loads(struct img *m, unsigned n) /* text + n-1 data segments */
{
	base(m);
	put(m, E_PHOFF, 4, 0x140);
	put(m, E_PHNUM, 2, n);
	set_ph(m, 0, PT_LOAD, 0x000, 0x20000, 0x100, 0x100, RX, 0x1000);
	for (unsigned i = 1; i < n; i++)
		set_ph(m, i, PT_LOAD, 0x100, 0x20100 + 0x2000 * i, 0x20, 0x1000, RW, 0x1000);
	m->size = 0x140 + 32 * n;
}

static void loads8(struct img *m)
{
	many_loads(m, 8);
}

static void loads9(struct img *m)
{
	many_loads(m, 9);
}

static void phnum16(struct img *m) /* 3 loads + 13 PT_NULL: the most headers allowed */
{
	base(m);
	put(m, E_PHOFF, 4, 0x140);
	put(m, E_PHNUM, 2, 16);
	set_ph(m, 0, PT_LOAD, 0x000, 0x20000, 0x100, 0x100, RX, 0x1000);
	set_ph(m, 1, PT_LOAD, 0x100, 0x21100, 0x20, 0x20, R, 0x1000);
	set_ph(m, 2, PT_LOAD, 0x120, 0x22120, 0x20, 0x3000, RW, 0x1000);
	m->size = 0x140 + 32 * 16;
}

static void phnum17(struct img *m)
{
	phnum16(m);
	put(m, E_PHNUM, 2, 17);
	m->size += 32;
}

static void phoff_odd(struct img *m) /* program headers at an unaligned offset */
{
	base(m);
	memmove(m->b + 0x141, m->b + 52, 4 * 32);
	put(m, E_PHOFF, 4, 0x141);
	m->size = 0x141 + 4 * 32;
}

static void empty_load(struct img *m) /* a PT_LOAD that maps nothing */
{
	base(m);
	set_ph(m, 3, PT_LOAD, 0x140, 0x30140, 0, 0, R, 0x1000);
}

static void empty_load_x(struct img *m)
{
	base(m);
	set_ph(m, 3, PT_LOAD, 0x140, 0x30140, 0, 0, RX, 0x1000);
}

static void trailing_junk(struct img *m)
{
	base(m);
	memset(m->b + 0x140, 0xa5, 0x200);
	m->size = 0x340;
}

static void no_stack_hdr(struct img *m)
{
	base(m);
	put(m, E_PHNUM, 2, 3);
}

static void headers_in_data(struct img *m) /* phdrs inside a segment's file bytes */
{
	base(m);
	set_ph(m, 1, PT_LOAD, 0x000, 0x21000, 0xb4, 0xb4, R, 0x1000);
}

struct patch {
	unsigned off, width; /* width 0 ends the list */
	uint32_t v;
};

struct tcase {
	const char *name;
	void (*build)(struct img *); /* NULL: base() */
	struct patch p[6];
	const char *want; /* NULL: must be accepted; else words of the error */
};

#define F(i, f) PH(i, f)

static const struct tcase cases[] = {
	/* accepted */
	{ "valid", 0, { { 0 } }, 0 },
	{ "valid-reversed-headers", reversed, { { 0 } }, 0 },
	{ "valid-8-loads", loads8, { { 0 } }, 0 },
	{ "valid-16-headers", phnum16, { { 0 } }, 0 },
	{ "valid-phoff-unaligned", phoff_odd, { { 0 } }, 0 },
	{ "valid-empty-load-dropped", empty_load, { { 0 } }, 0 },
	{ "valid-trailing-bytes", trailing_junk, { { 0 } }, 0 },
	{ "valid-no-gnu-stack", no_stack_hdr, { { 0 } }, 0 },
	{ "valid-headers-in-rodata", headers_in_data, { { 0 } }, 0 },
	{ "valid-pt-null", 0, { { F(3, P_TYPE), 4, 0 } }, 0 },
	{ "valid-pt-note", 0, { { F(3, P_TYPE), 4, PT_NOTE } }, 0 },
	{ "valid-pt-phdr", 0, { { F(3, P_TYPE), 4, PT_PHDR } }, 0 },
	{ "valid-pt-tls", 0, { { F(3, P_TYPE), 4, PT_TLS } }, 0 },
	{ "valid-pt-gnu-eh-frame", 0, { { F(3, P_TYPE), 4, PT_GNU_EH_FRAME } }, 0 },
	{ "valid-pt-gnu-relro", 0, { { F(3, P_TYPE), 4, PT_GNU_RELRO } }, 0 },
	{ "valid-pt-gnu-property", 0, { { F(3, P_TYPE), 4, PT_GNU_PROPERTY } }, 0 },
	{ "valid-stack-nonexec-flags-0", 0, { { F(3, P_FLAGS), 4, 0 } }, 0 },
	{ "valid-entry-last-bundle", 0, { { E_ENTRY, 4, 0x200e0 } }, 0 },
	{ "valid-entry-text-start", 0, { { E_ENTRY, 4, 0x20000 } }, 0 },
	{ "valid-data-above-256mib", 0, { { F(2, P_VADDR), 4, 0x40000120 } }, 0 },
	{ "valid-data-ends-at-limit",
	  0,
	  { { F(2, P_VADDR), 4, 0xfefed120 }, { F(2, P_MEMSZ), 4, 0x2ee0 } },
	  0 },
	{ "valid-align-2mib", 0, { { F(2, P_ALIGN), 4, 0x200000 } }, 0 },
	{ "valid-rodata-ends-on-page", 0, { { F(1, P_MEMSZ), 4, 0xf00 } }, 0 },
	{ "valid-write-only-data", 0, { { F(2, P_FLAGS), 4, 2 } }, 0 },
	{ "valid-e-flags-ignored", 0, { { E_FLAGS, 4, 1 } }, 0 },

	/* identification and ELF header */
	{ "bad-magic", 0, { { 1, 1, 'e' } }, "bad magic" },
	{ "zero-magic", 0, { { 0, 4, 0 } }, "not an ELF file" },
	{ "class64", 0, { { 4, 1, 2 } }, "EI_CLASS 2 is not ELFCLASS32" },
	{ "class-none", 0, { { 4, 1, 0 } }, "EI_CLASS 0" },
	{ "big-endian", 0, { { 5, 1, 2 } }, "EI_DATA 2 is not ELFDATA2LSB" },
	{ "ident-version-0", 0, { { 6, 1, 0 } }, "EI_VERSION 0" },
	{ "type-dyn", 0, { { E_TYPE, 2, 3 } }, "e_type 3 (ET_DYN) is not ET_EXEC" },
	{ "type-rel", 0, { { E_TYPE, 2, 1 } }, "e_type 1 (ET_REL)" },
	{ "type-core", 0, { { E_TYPE, 2, 4 } }, "(ET_CORE)" },
	{ "type-huge", 0, { { E_TYPE, 2, 0xfe00 } }, "e_type 65024 (unknown)" },
	{ "machine-i386", 0, { { E_MACHINE, 2, 3 } }, "e_machine 3 is not EM_X86_64" },
	{ "machine-aarch64", 0, { { E_MACHINE, 2, 183 } }, "e_machine 183" },
	{ "version-0", 0, { { E_VERSION, 4, 0 } }, "e_version 0 is not EV_CURRENT" },
	{ "version-2", 0, { { E_VERSION, 4, 2 } }, "e_version 2" },
	{ "ehsize-64", 0, { { E_EHSIZE, 2, 64 } }, "e_ehsize 64 is not 52" },
	{ "ehsize-0", 0, { { E_EHSIZE, 2, 0 } }, "e_ehsize 0" },
	{ "phentsize-56", 0, { { E_PHENTSIZE, 2, 56 } }, "e_phentsize 56 is not 32" },
	{ "phentsize-0", 0, { { E_PHENTSIZE, 2, 0 } }, "e_phentsize 0" },
	{ "phnum-0", 0, { { E_PHNUM, 2, 0 } }, "e_phnum is 0" },
	{ "phnum-17", phnum17, { { 0 } }, "e_phnum 17 is absurd (max 16)" },
	{ "phnum-4000", 0, { { E_PHNUM, 2, 4000 } }, "e_phnum 4000 is absurd (max 16)" },
	{ "phnum-xnum", 0, { { E_PHNUM, 2, 0xffff } }, "e_phnum 65535 is absurd" },
	{ "phoff-past-eof", 0, { { E_PHOFF, 4, 0x140 } },
	  "program headers [0x140, 0x1c0) extend past the end of the file (320 bytes)" },
	{ "phoff-straddles-eof", 0, { { E_PHOFF, 4, 0x120 } }, "[0x120, 0x1a0) extend past" },
	{ "phoff-huge", 0, { { E_PHOFF, 4, 0xffffffe0 } },
	  "program headers [0xffffffe0, 0x100000060) extend past" },
	{ "phnum-past-eof", 0, { { E_PHNUM, 2, 16 } }, "[0x34, 0x234) extend past" },

	/* program header types */
	{ "pt-interp", 0, { { F(3, P_TYPE), 4, PT_INTERP } }, "program header 3: PT_INTERP" },
	{ "pt-dynamic", 0, { { F(3, P_TYPE), 4, PT_DYNAMIC } }, "program header 3: PT_DYNAMIC" },
	{ "pt-shlib", 0, { { F(3, P_TYPE), 4, PT_SHLIB } }, "program header 3: unknown type 0x5" },
	{ "pt-loos", 0, { { F(3, P_TYPE), 4, 0x60000000 } }, "unknown type 0x60000000" },
	{ "pt-loproc", 0, { { F(3, P_TYPE), 4, 0x70000000 } }, "unknown type 0x70000000" },
	{ "pt-huge", 0, { { F(0, P_TYPE), 4, 0xffffffff } }, "program header 0: unknown type 0xffffffff" },
	{ "exec-stack", 0, { { F(3, P_FLAGS), 4, RWX } }, "PT_GNU_STACK asks for an executable stack" },
	{ "exec-stack-x-only", 0, { { F(3, P_FLAGS), 4, 1 } }, "executable stack" },

	/* the text */
	{ "text-wx", 0, { { F(0, P_FLAGS), 4, RWX } },
	  "program header 0: segment [0x20000, 0x20100) is writable and executable" },
	{ "text-wx-no-r", 0, { { F(0, P_FLAGS), 4, 3 } }, "writable and executable" },
	{ "text-x-only", 0, { { F(0, P_FLAGS), 4, 1 } }, "execute-only" },
	{ "text-not-executable", 0, { { F(0, P_FLAGS), 4, R } }, "no executable (text) segment" },
	{ "text-at-0x30000", 0, { { F(0, P_VADDR), 4, 0x30000 } },
	  "program header 0: the text segment starts at 0x30000, not at 0x20000" },
	{ "text-at-0x21000", 0, { { F(0, P_VADDR), 4, 0x21000 } }, "starts at 0x21000, not at 0x20000" },
	{ "text-in-trampolines", 0, { { F(0, P_VADDR), 4, 0x10000 } },
	  "segment [0x10000, 0x10100) starts below the text at 0x20000" },
	{ "text-at-null", 0, { { F(0, P_VADDR), 4, 0 } }, "[0x0, 0x100) starts below the text" },
	{ "text-above-256mib", 0, { { F(0, P_MEMSZ), 4, 0x10000000 } },
	  "the text segment [0x20000, 0x10020000) ends above the code limit 0x10000000" },
	{ "text-high", 0, { { F(0, P_VADDR), 4, 0x10000000 } }, "starts at 0x10000000, not at 0x20000" },
	{ "text-zero-fill", 0, { { F(0, P_MEMSZ), 4, 0x200 } },
	  "the text segment has p_filesz 0x100 != p_memsz 0x200" },
	{ "text-size-not-bundles", 0, { { F(0, P_FILESZ), 4, 0xf0 }, { F(0, P_MEMSZ), 4, 0xf0 } },
	  "text segment size 0xf0 is not a multiple of the 32-byte bundle" },
	{ "text-size-odd", 0, { { F(0, P_FILESZ), 4, 0xff }, { F(0, P_MEMSZ), 4, 0xff } },
	  "size 0xff is not a multiple" },
	{ "text-empty", 0, { { F(0, P_FILESZ), 4, 0 }, { F(0, P_MEMSZ), 4, 0 } },
	  "the text segment is empty" },
	{ "text-empty-extra", empty_load_x, { { 0 } }, "a second executable segment" },
	{ "text-twice", 0, { { F(1, P_FLAGS), 4, RX } },
	  "program header 1: a second executable segment [0x21100, 0x21120) (the text is program "
	  "header 0)" },
	{ "text-unknown-flags", 0, { { F(0, P_FLAGS), 4, 0x00100005 } },
	  "unknown p_flags bits 0x100000" },

	/* other segments */
	{ "rodata-x", 0, { { F(1, P_FLAGS), 4, 1 } }, "second executable segment" },
	{ "data-x", 0, { { F(2, P_FLAGS), 4, RX } }, "program header 2: a second executable" },
	{ "data-wx", 0, { { F(2, P_FLAGS), 4, RWX } },
	  "program header 2: segment [0x22120, 0x25120) is writable and executable" },
	{ "data-flags-maskproc", 0, { { F(2, P_FLAGS), 4, 0xf0000006 } },
	  "program header 2: unknown p_flags bits 0xf0000000" },
	{ "filesz-over-memsz", 0, { { F(2, P_FILESZ), 4, 0x4000 } },
	  "program header 2: p_filesz 0x4000 exceeds p_memsz 0x3000" },
	{ "offset-past-eof", 0, { { F(1, P_OFFSET), 4, 0x1100 } },
	  "program header 1: file bytes [0x1100, 0x1120) extend past the end of the file (320 "
	  "bytes)" },
	{ "filesz-past-eof-by-1", 0, { { F(2, P_FILESZ), 4, 0x21 } }, "[0x120, 0x141) extend past" },
	{ "offset-wraps", 0, { { F(1, P_OFFSET), 4, 0xfffff100 } },
	  "file bytes [0xfffff100, 0xfffff120) extend past" },
	{ "offset-plus-filesz-wraps", 0,
	  { { F(1, P_OFFSET), 4, 0xfffff100 }, { F(1, P_FILESZ), 4, 0x1000 }, { F(1, P_MEMSZ), 4, 0x1000 } },
	  "file bytes [0xfffff100, 0x100000100) extend past" },
	{ "text-filesz-huge", 0, { { F(0, P_FILESZ), 4, 0xffffffe0 }, { F(0, P_MEMSZ), 4, 0xffffffe0 } },
	  "file bytes [0x0, 0xffffffe0) extend past" },
	{ "vaddr-wraps", 0, { { F(2, P_VADDR), 4, 0xfffff120 } },
	  "program header 2: segment [0xfffff120, 0x2120) wraps around" },
	{ "memsz-wraps", 0, { { F(2, P_MEMSZ), 4, 0xfffffff0 } },
	  "segment [0x22120, 0x22110) wraps around" },
	{ "memsz-to-4gib", 0, { { F(2, P_MEMSZ), 4, 0xfffddee0 } },
	  "[0x22120, 0x100000000) reaches the user manifest and stack area at 0xfeff0000" },
	{ "data-in-manifest", 0, { { F(2, P_VADDR), 4, 0xfeff0120 } },
	  "segment [0xfeff0120, 0xfeff3120) reaches the user manifest and stack area" },
	{ "data-in-stack", 0, { { F(2, P_VADDR), 4, 0xff000120 } }, "reaches the user manifest and stack" },
	{ "data-top-page", 0, { { F(2, P_VADDR), 4, 0xfffff120 }, { F(2, P_MEMSZ), 4, 0x20 } },
	  "[0xfffff120, 0xfffff140) reaches the user manifest" },
	{ "data-over-limit-by-1", 0,
	  { { F(2, P_VADDR), 4, 0xfefed120 }, { F(2, P_MEMSZ), 4, 0x2ee1 } },
	  "[0xfefed120, 0xfeff0001) reaches" },
	{ "data-below-text", 0, { { F(2, P_VADDR), 4, 0x1f120 } },
	  "program header 2: segment [0x1f120, 0x22120) starts below the text at 0x20000" },
	{ "data-in-null-guard", 0, { { F(1, P_VADDR), 4, 0x100 } }, "starts below the text" },
	{ "align-0", 0, { { F(1, P_ALIGN), 4, 0 } },
	  "program header 1: p_align 0x0 is not a power of two of at least the page size" },
	{ "align-1", 0, { { F(1, P_ALIGN), 4, 1 } }, "p_align 0x1" },
	{ "align-16", 0, { { F(1, P_ALIGN), 4, 16 } }, "p_align 0x10" },
	{ "align-not-pow2", 0, { { F(1, P_ALIGN), 4, 0x3000 } }, "p_align 0x3000" },
	{ "align-top-bit-plus", 0, { { F(1, P_ALIGN), 4, 0x80001000 } }, "p_align 0x80001000" },
	{ "offset-incongruent", 0, { { F(1, P_OFFSET), 4, 0x104 } },
	  "program header 1: p_vaddr 0x21100 and p_offset 0x104 differ modulo the page size" },
	{ "text-offset-unaligned", 0, { { F(0, P_OFFSET), 4, 0x20 }, { F(0, P_FILESZ), 4, 0xe0 },
	  { F(0, P_MEMSZ), 4, 0xe0 } }, "p_vaddr 0x20000 and p_offset 0x20 differ" },

	/* overlaps */
	{ "rodata-shares-text-page", 0, { { F(1, P_VADDR), 4, 0x20100 } },
	  "program headers 0 and 1: segments [0x20000, 0x20100) and [0x20100, 0x20120) overlap or "
	  "share a page" },
	{ "data-shares-rodata-page", 0, { { F(2, P_VADDR), 4, 0x21120 } },
	  "program headers 1 and 2: segments [0x21100, 0x21120) and [0x21120, 0x24120)" },
	{ "rodata-ends-1-into-data-page", 0, { { F(1, P_MEMSZ), 4, 0xf01 } },
	  "[0x21100, 0x22001) and [0x22120, 0x25120) overlap or share a page" },
	{ "data-overlaps-rodata", 0, { { F(2, P_OFFSET), 4, 0x100 }, { F(2, P_VADDR), 4, 0x21100 } },
	  "overlap or share a page" },
	{ "bss-covers-rodata", 0,
	  { { F(2, P_VADDR), 4, 0x20120 }, { F(2, P_MEMSZ), 4, 0x100000 }, { F(0, P_FILESZ), 4, 0x100 } },
	  "program headers 0 and 2: segments [0x20000, 0x20100) and [0x20120, 0x120120)" },
	{ "data-duplicates-rodata", 0,
	  { { F(2, P_OFFSET), 4, 0x100 }, { F(2, P_VADDR), 4, 0x21100 }, { F(2, P_FLAGS), 4, RW },
	    { F(2, P_MEMSZ), 4, 0x20 } },
	  "program headers 1 and 2" },
	{ "rodata-inside-text", 0,
	  { { F(0, P_FILESZ), 4, 0x140 }, { F(0, P_MEMSZ), 4, 0x140 }, { F(1, P_VADDR), 4, 0x20100 } },
	  "[0x20000, 0x20140) and [0x20100, 0x20120) overlap" },

	/* counts and the entry */
	{ "loads-9", loads9, { { 0 } }, "program header 8: more than 8 non-empty PT_LOAD segments" },
	{ "entry-outside-text", 0, { { E_ENTRY, 4, 0x21100 } },
	  "entry point 0x21100 is outside the text [0x20000, 0x20100)" },
	{ "entry-text-end", 0, { { E_ENTRY, 4, 0x20100 } }, "entry point 0x20100 is outside" },
	{ "entry-zero", 0, { { E_ENTRY, 4, 0 } }, "entry point 0x0 is outside" },
	{ "entry-trampoline", 0, { { E_ENTRY, 4, 0x10000 } }, "entry point 0x10000 is outside" },
	{ "entry-below-text", 0, { { E_ENTRY, 4, 0x1ffe0 } }, "entry point 0x1ffe0 is outside" },
	{ "entry-huge", 0, { { E_ENTRY, 4, 0xffffffe0 } }, "entry point 0xffffffe0 is outside" },
	{ "entry-misaligned", 0, { { E_ENTRY, 4, 0x200c1 } },
	  "entry point 0x200c1 is not on a 32-byte bundle start" },
	{ "entry-misaligned-16", 0, { { E_ENTRY, 4, 0x200d0 } }, "0x200d0 is not on a 32-byte" },
};

static int failures;
static const char *prefix = "elf";

static void report(const char *name, const char *why)
{
	if (why) {
		printf("FAIL %s/%s: %s\n", prefix, name, why);
		failures++;
	} else {
		printf("PASS %s/%s\n", prefix, name);
	}
}

/*
 * Runs val_elf_check on a heap copy of exactly `size` bytes. Returns NULL when
 * the outcome is the wanted one, else a description (in a static buffer).
 */
static const char *check_image(const uint8_t *bytes, size_t size, const char *want,
			       struct val_nexe *nx)
{
	static char why[512];
	char err[256];
	uint8_t *copy = malloc(size ? size : 1);

	if (!copy)
		return "out of memory";
	memcpy(copy, bytes, size);
	memset(err, 'x', sizeof err);
	int rc = val_elf_check(copy, size, nx, err, sizeof err);
	const char *inv = rc == 0 ? elf_invariant_error(copy, size, nx) : NULL;
	free(copy);
	if (rc != 0 && rc != -1)
		snprintf(why, sizeof why, "returned %d", rc);
	else if (rc == -1 && !memchr(err, 0, sizeof err))
		snprintf(why, sizeof why, "error message not NUL-terminated");
	else if (rc == -1 && err[0] == 0)
		snprintf(why, sizeof why, "empty error message");
	else if (!want && rc != 0)
		snprintf(why, sizeof why, "rejected a valid image: %s", err);
	else if (want && rc == 0)
		snprintf(why, sizeof why, "accepted, wanted an error containing \"%s\"", want);
	else if (want && !strstr(err, want))
		snprintf(why, sizeof why, "error \"%s\" lacks \"%s\"", err, want);
	else if (inv)
		snprintf(why, sizeof why, "accepted but the output breaks an invariant: %s", inv);
	else
		return NULL;
	return why;
}

static void build(const struct tcase *c, struct img *m)
{
	if (c->build)
		c->build(m);
	else
		base(m);
	for (const struct patch *p = c->p; p->width; p++)
		put(m, p->off, p->width, p->v);
}

/* Exact outputs for a few accepted images. */
static const char *check_outputs(void)
{
	static char err[256];
	struct img m;
	struct val_nexe nx;

	base(&m);
	if (val_elf_check(m.b, m.size, &nx, err, sizeof err) != 0)
		return err;
	if (nx.nseg != 3 || nx.text != 0 || nx.entry != 0x200c0)
		return "base: wrong nseg, text or entry";
	const struct val_segment want[3] = {
		{ 0x20000, 0x100, 0x000, 0x100, VAL_PROT_R | VAL_PROT_X },
		{ 0x21100, 0x20, 0x100, 0x20, VAL_PROT_R },
		{ 0x22120, 0x3000, 0x120, 0x20, VAL_PROT_R | VAL_PROT_W },
	};
	for (unsigned k = 0; k < 3; k++)
		if (memcmp(&nx.seg[k], &want[k], sizeof want[k]) != 0)
			return "base: wrong segment";

	struct val_nexe nx2;
	reversed(&m);
	if (val_elf_check(m.b, m.size, &nx2, err, sizeof err) != 0)
		return err;
	if (memcmp(&nx, &nx2, sizeof nx) != 0)
		return "reversed headers: output differs from the base image's";

	/* the text always comes first in address order; shuffle the headers: */
	many_loads(&m, 4);
	set_ph(&m, 3, PT_LOAD, 0x000, 0x20000, 0x100, 0x100, RX, 0x1000);
	set_ph(&m, 0, PT_LOAD, 0x100, 0x30100, 0x20, 0x20, R, 0x1000);
	if (val_elf_check(m.b, m.size, &nx, err, sizeof err) != 0)
		return err;
	if (nx.nseg != 4 || nx.text != 0 || nx.seg[3].vaddr != 0x30100 ||
	    nx.seg[1].vaddr != 0x22100)
		return "shuffled headers: wrong order";

	empty_load(&m);
	if (val_elf_check(m.b, m.size, &nx, err, sizeof err) != 0 || nx.nseg != 3)
		return "empty PT_LOAD: not dropped";

	loads8(&m);
	if (val_elf_check(m.b, m.size, &nx, err, sizeof err) != 0 || nx.nseg != 8)
		return "8 loads: wrong nseg";
	return NULL;
}

/* Error buffers: tiny, NULL, and untouched outputs on failure. */
static const char *check_err_buffers(void)
{
	struct img m;
	struct val_nexe nx, before;
	char err[8];

	base(&m);
	put(&m, E_PHNUM, 2, 4000);
	memset(err, 'x', sizeof err);
	memset(&nx, 0x5a, sizeof nx);
	before = nx;
	if (val_elf_check(m.b, m.size, &nx, err, sizeof err) != -1)
		return "accepted phnum 4000";
	if (memcmp(err, "e_phnum", 8) != 0)
		return "short buffer: not a truncated, NUL-terminated message";
	if (memcmp(&nx, &before, sizeof nx) != 0)
		return "output written on failure";
	if (val_elf_check(m.b, m.size, &nx, NULL, 0) != -1)
		return "NULL err: accepted";
	err[0] = 'x';
	if (val_elf_check(m.b, m.size, &nx, err, 0) != -1 || err[0] != 'x')
		return "errlen 0: wrote into err";
	if (val_elf_check(NULL, 0, &nx, err, sizeof err) != -1)
		return "NULL image: accepted";
	base(&m);
	if (val_elf_check(m.b, m.size, NULL, err, sizeof err) != -1)
		return "NULL output: accepted";
	if (val_elf_check(m.b, m.size, &nx, NULL, 0) != 0)
		return "NULL err: valid image rejected";
	return NULL;
}

/* Truncation at every length below the full image, with the expected words. */
static void truncations(void)
{
	struct img m;
	struct val_nexe nx;
	static const unsigned marks[] = { 0,	1,    3,    4,	  5,	15,   16,   17,
					  51,	52,   53,   84,	  85,	115,  116,  148,
					  179,	180,  181,  0xff, 0x100, 0x11f, 0x120, 0x13f };
	const char *bad = NULL;
	char name[64];
	unsigned at = 0;

	base(&m);
	for (size_t n = 0; n < m.size; n++) {
		const char *want = n < 4	   ? "not an ELF file: only"
				   : n < 16	   ? "e_ident is 16"
				   : n < 52	   ? "the header is 52"
				   : n < 180	   ? "program headers [0x34, 0xb4) extend past"
						   : "extend past the end of the file";
		const char *why = check_image(m.b, n, want, &nx);
		int marked = 0;
		for (unsigned k = 0; k < sizeof marks / sizeof marks[0]; k++)
			marked |= marks[k] == n;
		if (marked) {
			snprintf(name, sizeof name, "truncated-at-%zu", n);
			report(name, why);
		}
		if (why && !bad) {
			bad = why;
			at = (unsigned)n;
		}
	}
	if (bad) {
		snprintf(name, sizeof name, "first failure at %u bytes: %.400s", at, bad);
		report("truncated-every-length", name);
	} else {
		report("truncated-every-length", NULL);
	}
}

/* Deterministic random mutations of valid images: never a crash, and whatever
 * is accepted keeps the invariants. */
static void mutations(unsigned long rounds)
{
	uint64_t x = 0x9e3779b97f4a7c15ull;
	struct img m;
	struct val_nexe nx;
	char err[256];
	unsigned long accepted = 0;
	const char *bad = NULL;

	for (unsigned long r = 0; r < rounds && !bad; r++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		unsigned pick = (unsigned)(x % 4);
		if (pick == 0)
			base(&m);
		else if (pick == 1)
			reversed(&m);
		else if (pick == 2)
			loads8(&m);
		else
			empty_load(&m);
		unsigned edits = 1 + (unsigned)((x >> 8) % 4);
		for (unsigned e = 0; e < edits; e++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			unsigned off = (unsigned)((x >> 16) % m.size);
			switch ((x >> 40) % 4) {
			case 0: m.b[off] ^= (uint8_t)(1u << ((x >> 48) % 8)); break;
			case 1: m.b[off] = (uint8_t)(x >> 52); break;
			case 2:
				if (off + 4 <= m.size)
					put(&m, off, 4, (uint32_t)(x >> 32) & 0xfffff000u);
				break;
			default: m.size = off + 1; break;
			}
		}
		uint8_t *copy = malloc(m.size);
		if (!copy)
			break;
		memcpy(copy, m.b, m.size);
		if (val_elf_check(copy, m.size, &nx, err, sizeof err) == 0) {
			accepted++;
			bad = elf_invariant_error(copy, m.size, &nx);
		} else if (!memchr(err, 0, sizeof err) || !err[0]) {
			bad = "bad error message";
		}
		free(copy);
	}
	char name[64];
	snprintf(name, sizeof name, "random-mutations-%lu", rounds);
	report(name, bad);
	printf("   %lu of %lu mutated images accepted\n", accepted, rounds);
}

static int run(const char *pfx)
{
	struct img m;
	struct val_nexe nx;

	prefix = pfx;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		build(&cases[i], &m);
		report(cases[i].name, check_image(m.b, m.size, cases[i].want, &nx));
	}
	report("exact-outputs", check_outputs());
	report("error-buffers", check_err_buffers());
	truncations();
	mutations(getenv("ZVM_SOAK") ? 3000000ul : 200000ul);
	return failures != 0;
}

static uint8_t *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t cap = 0, n = 0;

	if (!f)
		return NULL;
	for (;;) {
		if (n == cap) {
			uint8_t *nb = realloc(buf, cap = cap ? 2 * cap : 65536);
			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	fclose(f);
	/* an exact-size copy, so ASan sees the real end */
	uint8_t *exact = malloc(n ? n : 1);
	if (exact)
		memcpy(exact, buf, n);
	free(buf);
	*size = n;
	return exact;
}

static int check_file(const char *name, const char *path, const char *want, int validate)
{
	size_t size;
	uint8_t *im = read_file(path, &size);
	struct val_nexe nx;
	char why[600];

	if (!im) {
		snprintf(why, sizeof why, "cannot read %s: %s", path, strerror(errno));
		report(name, why);
		return 1;
	}
	const char *r = check_image(im, size, strcmp(want, "OK") ? want : NULL, &nx);
	if (!r && validate) {
		struct val_result res;
		const struct val_segment *t = &nx.seg[nx.text];
		int rc = val_validate(im + t->offset, t->filesz, t->vaddr, 0, NULL, NULL, &res);
		if (rc != 0) {
			snprintf(why, sizeof why, "val_validate returned %d at 0x%x: %s", rc,
				 (unsigned)res.addr, res.reason ? res.reason : "?");
			r = why;
		} else if (t->filesz < VAL_HALT_TAIL) {
			r = "text shorter than the hlt tail";
		} else {
			for (uint32_t k = t->filesz - VAL_HALT_TAIL; k < t->filesz; k++)
				if (im[t->offset + k] != 0xf4)
					r = "text does not end with 32 hlt";
		}
	}
	free(im);
	report(name, r);
	return r != NULL;
}

static int write_corpus(const char *dir)
{
	static const struct {
		const char *file;
		const char *tcase;
	} seeds[] = {
		{ "valid", "valid" },
		{ "valid-reversed", "valid-reversed-headers" },
		{ "valid-8-loads", "valid-8-loads" },
		{ "valid-16-headers", "valid-16-headers" },
		{ "valid-empty-load", "valid-empty-load-dropped" },
		{ "valid-tls-note", "valid-pt-tls" },
		{ "reject-interp", "pt-interp" },
		{ "reject-overlap", "data-shares-rodata-page" },
		{ "reject-wrap", "vaddr-wraps" },
		{ "reject-text-wx", "text-wx" },
	};
	struct img m;
	char path[4096];

	for (size_t s = 0; s < sizeof seeds / sizeof seeds[0]; s++) {
		size_t i = 0;
		while (i < sizeof cases / sizeof cases[0] && strcmp(cases[i].name, seeds[s].tcase))
			i++;
		if (i == sizeof cases / sizeof cases[0]) {
			fprintf(stderr, "no case %s\n", seeds[s].tcase);
			return 1;
		}
		build(&cases[i], &m);
		snprintf(path, sizeof path, "%s/%s", dir, seeds[s].file);
		FILE *f = fopen(path, "wb");
		if (!f || fwrite(m.b, 1, m.size, f) != m.size || fclose(f) != 0) {
			fprintf(stderr, "cannot write %s\n", path);
			return 1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "run"))
		return run(argv[2]);
	if (argc == 5 && !strcmp(argv[1], "check"))
		return check_file(argv[2], argv[3], argv[4], 0);
	if (argc == 4 && !strcmp(argv[1], "validate"))
		return check_file(argv[2], argv[3], "OK", 1);
	if (argc == 3 && !strcmp(argv[1], "corpus"))
		return write_corpus(argv[2]);
	fprintf(stderr, "usage: elf-test run PREFIX | check NAME FILE OK|WORDS | "
			"validate NAME FILE | corpus DIR\n");
	return 2;
}
