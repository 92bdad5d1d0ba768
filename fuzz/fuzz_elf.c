/*
 * fuzz_elf.c - libFuzzer target for val_elf_check(): any bytes as a nexe
 * image. Never a crash or an out-of-bounds read (ASan watches the exact-size
 * buffer libFuzzer passes), every rejection carries a NUL-terminated message,
 * and every acceptance keeps the invariants of tests/elf/elf_invariants.h;
 * anything else aborts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tests/elf/elf_invariants.h"
#include "validator/validator.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct val_nexe nx;
	char err[200];

	memset(err, 'x', sizeof err);
	if (val_elf_check(data, size, &nx, err, sizeof err) == 0) {
		const char *bad = elf_invariant_error(data, size, &nx);
		if (bad) {
			fprintf(stderr, "fuzz_elf: accepted image breaks an invariant: %s\n", bad);
			abort();
		}
	} else if (!memchr(err, 0, sizeof err) || err[0] == 0) {
		fprintf(stderr, "fuzz_elf: rejection without a proper message\n");
		abort();
	}
	/* a second call on the same bytes must agree (no hidden state) */
	struct val_nexe nx2;
	char err2[200];
	int a = val_elf_check(data, size, &nx, err, sizeof err);
	int b = val_elf_check(data, size, &nx2, err2, sizeof err2);
	if (a != b || (a == 0 && memcmp(&nx, &nx2, sizeof nx) != 0) ||
	    (a != 0 && strcmp(err, err2) != 0)) {
		fprintf(stderr, "fuzz_elf: two calls disagree\n");
		abort();
	}
	return 0;
}
