# Fuzz target for the manifest parser (include from the top Makefile).
# Seed corpus: fuzz/corpus/manifest/. tests/manifest/run.sh runs it briefly,
# so it is a test dependency too.
ifndef FUZZ_MANIFEST
FUZZ_MANIFEST := $(BUILD)/fuzz/fuzz_manifest

$(FUZZ_MANIFEST): fuzz/fuzz_manifest.c src/runtime/manifest.c src/runtime/manifest.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(FUZZFLAGS) fuzz/fuzz_manifest.c src/runtime/manifest.c -o $@

FUZZERS   += $(FUZZ_MANIFEST)
TEST_DEPS += $(FUZZ_MANIFEST)
endif
