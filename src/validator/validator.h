/*
 * validator.h - the x86-64 code validator: the sandbox's security boundary.
 *
 * Invariant (DESIGN.md section 3): code that val_validate() accepts, loaded at
 * the guest address it was checked for, can only touch memory in [0, 4 GiB)
 * (every memory operand carries 0x67, rsp never leaves the low 4 GiB), can
 * only transfer control to instruction starts of validated code, to 32-byte
 * bundle starts (masked indirect branches), or to trampoline slot starts, and
 * contains no instruction outside the whitelist in insns.def.
 *
 * The validator depends on nothing else in the tree and allocates nothing but
 * two bitmaps proportional to the code size.
 */
#ifndef ZVM_VALIDATOR_H
#define ZVM_VALIDATOR_H

#include <stddef.h>
#include <stdint.h>

/* Guest address-space layout that the checks refer to. */
#define VAL_BUNDLE_SIZE   32u
#define VAL_TRAMP_START   0x10000u    /* slot k starts at VAL_TRAMP_START + 32*k */
#define VAL_TRAMP_END     0x20000u
#define VAL_TEXT_START    0x20000u    /* a nexe's text starts exactly here */
#define VAL_TEXT_LIMIT    0x10000000u /* and ends at or below 256 MiB */
#define VAL_STACK_SIZE    0x1000000u  /* 16 MiB of stack ending at 4 GiB */
#define VAL_MANIFEST_SIZE 0x10000u    /* user manifest area just below the stack */
#define VAL_DATA_LIMIT    (0xFF000000u - VAL_MANIFEST_SIZE) /* segments end below */
#define VAL_HALT_TAIL     32u         /* validated code ends with this many hlt */

/* Flags for val_validate(). */
#define VAL_ALL_ERRORS 1u /* report every violation, not only the first */

/* Called once per violation, in no particular order; addr is a guest address. */
typedef void (*val_error_fn)(void *ctx, uint32_t addr, const char *reason);

struct val_result {
	int ok;             /* 1 when the code obeys every rule */
	uint32_t addr;      /* lowest offending guest address seen (when !ok) */
	const char *reason; /* static text for that address */
	size_t nerrors;     /* violations found (1 unless VAL_ALL_ERRORS) */
};

/*
 * Validates `size` bytes of code that will run at guest address `addr`.
 * addr must be bundle aligned and addr + size must not exceed 4 GiB.
 * Returns 0 when valid, 1 when invalid (res says where and why), and -1 when
 * the arguments are unusable or memory ran out (res->reason says which).
 * on_error may be NULL.
 */
int val_validate(const uint8_t *code, size_t size, uint32_t addr, unsigned flags,
		 val_error_fn on_error, void *ctx, struct val_result *res);

/*
 * Decodes one instruction at p (at most n bytes) against the whitelist.
 * Returns its length (1..15), or 0 when the bytes are not an allowed
 * instruction (then *why, if not NULL, says why). Per-instruction sandbox rules
 * (0x67, rsp writes, branches) are not applied here: this is the length
 * decoder that the differential tests compare with objdump.
 */
int val_decode_length(const uint8_t *p, size_t n, const char **why);

/* ELF checks for a nexe (section "ELF checks" of the validator issue). */
#define VAL_MAX_SEGMENTS 8
#define VAL_PROT_R 4u
#define VAL_PROT_W 2u
#define VAL_PROT_X 1u

struct val_segment {
	uint32_t vaddr, memsz;  /* where it goes in the guest */
	uint32_t offset, filesz; /* where its bytes are in the file */
	unsigned prot;           /* VAL_PROT_* */
};

struct val_nexe {
	uint32_t entry;
	unsigned nseg;           /* PT_LOAD segments, sorted by vaddr */
	unsigned text;           /* index of the executable one in seg[] */
	struct val_segment seg[VAL_MAX_SEGMENTS];
};

/*
 * Checks the structure of a nexe image (ELF32, EM_X86_64, static, segments
 * inside the guest layout, text at VAL_TEXT_START, W^X, entry on a bundle
 * start inside the text). Returns 0 and fills *out, or -1 with a precise,
 * NUL-terminated message in err. Never reads outside [image, image + size).
 */
int val_elf_check(const uint8_t *image, size_t size, struct val_nexe *out,
		  char *err, size_t errlen);

#endif
