/*
 * loader.h - from a nexe file and a manifest to a guest ready to run.
 */
#ifndef ZVM_LOADER_H
#define ZVM_LOADER_H

#include <stdint.h>

#include "validator/validator.h"

#define GUEST_STACK_SIZE  0x1000000u  /* 16 MiB ending at 4 GiB */
#define GUEST_STACK_START (0x100000000ull - GUEST_STACK_SIZE)
#define GUEST_ENTRY_RSP   0xFFFFFFC0u
#define GUEST_MIN_HEAP    0x800000u   /* 8 MiB, as the original */

struct program {
	struct val_nexe nx;
	const uint8_t *image;  /* the file, mapped read-only above the sandbox */
	uint64_t image_size;
	uint64_t image_end;    /* end of the last segment, 64 KiB aligned */
};

/* Maps and checks the nexe: ELF structure, then the validator over the text.
 * Sets zs.validator_state. Returns 0 or an errno value with err filled. */
int program_check(const char *path, struct program *p, char *err, size_t errlen);

/* Builds the guest: trampolines, segments, heap, user manifest, stack.
 * Needs the channels open (the user manifest lists them). 0 or errno. */
int program_load(struct program *p, uint64_t memory, char *err, size_t errlen);

/* A daemon's request session: rewrites the user manifest for the request's
 * channels (same aliases, types and limits; new sizes). 0 or errno. */
int program_update_manifest(void);

/* A daemon's spare, in advance: moves the user manifest into a file mapped
 * twice, read-only for the guest and writable at an alias outside the
 * sandbox, so that program_update_manifest changes it with no system call
 * on the request's path. The spare's own copy: the daemon's and other
 * sessions' stay as they are. 0 or errno. */
int program_manifest_alias(void);

#endif
