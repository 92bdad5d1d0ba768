# The libFuzzer target for val_elf_check() (fuzz/fuzz_elf.c), built from the
# validator's ELF source with the fuzzing flags (not from the normal library).
# Seed corpus: fuzz/corpus/elf/ (tests/elf's `elf-test corpus` writes it).
# Included by tests/elf/rules.mk, whose suite runs it briefly; safe to include
# again from fuzz/rules.mk or the Makefile.
ifndef FUZZ_ELF
FUZZ_ELF := $(BUILD)/fuzz/fuzz-elf

$(FUZZ_ELF): fuzz/fuzz_elf.c src/validator/elf.c src/validator/validator.h \
		tests/elf/elf_invariants.h | $(DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(FUZZFLAGS) fuzz/fuzz_elf.c src/validator/elf.c -o $@

FUZZERS += $(FUZZ_ELF)
endif
