# Manifest parser tests (tests/manifest/run.sh): one test program, linked with
# src/runtime/manifest.c compiled in directly, plain and sanitized.
MFT_TEST  := $(BUILD)/tests/manifest/manifest-test
MFT_ATEST := $(BUILD)/asan/tests/manifest/manifest-test
MFT_TEST_SRC := tests/manifest/manifest_test.c src/runtime/manifest.c

$(MFT_TEST): $(MFT_TEST_SRC) src/runtime/manifest.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(MFT_TEST_SRC) -o $@
$(MFT_ATEST): $(MFT_TEST_SRC) src/runtime/manifest.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SANFLAGS) $(MFT_TEST_SRC) -o $@

TEST_DEPS += $(MFT_TEST) $(MFT_ATEST)
