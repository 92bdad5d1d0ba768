# Fuzz target for the tar reader and writer (include from the top Makefile).
# Seed corpus: fuzz/corpus/tar/. tests/fstab/run.sh runs it briefly, so it is
# a test dependency too.
ifndef FUZZ_TAR
FUZZ_TAR := $(BUILD)/fuzz/fuzz_tar

$(FUZZ_TAR): fuzz/fuzz_tar.c src/lib/tar.c src/lib/tar.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(FUZZFLAGS) fuzz/fuzz_tar.c src/lib/tar.c -o $@

FUZZERS   += $(FUZZ_TAR)
TEST_DEPS += $(FUZZ_TAR)
endif
