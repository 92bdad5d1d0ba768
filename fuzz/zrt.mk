# Fuzz targets for ZRT's nvram parser and the daemon's request parser
# (include from the top Makefile). Seed corpora: fuzz/corpus/nvram/ and
# fuzz/corpus/request/. tests/fstab and tests/daemon run them briefly.
ifndef FUZZ_NVRAM
FUZZ_NVRAM   := $(BUILD)/fuzz/fuzz_nvram
FUZZ_REQUEST := $(BUILD)/fuzz/fuzz_request

$(FUZZ_NVRAM): fuzz/fuzz_nvram.c src/zrt/zrt_nvram.c src/zrt/zrt.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(FUZZFLAGS) fuzz/fuzz_nvram.c src/zrt/zrt_nvram.c -o $@

$(FUZZ_REQUEST): fuzz/fuzz_request.c src/runtime/request.c src/runtime/manifest.c \
		src/runtime/request.h src/runtime/manifest.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(FUZZFLAGS) fuzz/fuzz_request.c src/runtime/request.c src/runtime/manifest.c -o $@

FUZZERS   += $(FUZZ_NVRAM) $(FUZZ_REQUEST)
TEST_DEPS += $(FUZZ_NVRAM) $(FUZZ_REQUEST)
endif
