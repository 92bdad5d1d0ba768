# Fuzz target for the TCP channel handshake's parsers (include from the top
# Makefile). Seed corpus: fuzz/corpus/handshake/; tests/net/run.sh runs it
# briefly, so it is a test dependency too.
ifndef FUZZ_HANDSHAKE
FUZZ_HANDSHAKE := $(BUILD)/fuzz/fuzz_handshake

$(FUZZ_HANDSHAKE): fuzz/fuzz_handshake.c src/runtime/handshake.c src/runtime/handshake.h | $(DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(FUZZFLAGS) fuzz/fuzz_handshake.c src/runtime/handshake.c -l:libnettle.a -o $@

FUZZERS   += $(FUZZ_HANDSHAKE)
TEST_DEPS += $(FUZZ_HANDSHAKE)
endif
