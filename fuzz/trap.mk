# Fuzz target for the trap handler with the real memory map, channels and
# validator (include from the top Makefile). No ASan: its shadow memory
# would sit inside the sandbox range mem_reserve owns; UBSan instead.
# Seed corpus: fuzz/corpus/trap/; tests/runtime/run.sh runs it briefly.
ifndef FUZZ_TRAP
FUZZ_TRAP := $(BUILD)/fuzz/fuzz_trap
FUZZ_TRAP_SRC := fuzz/fuzz_trap.c src/runtime/trap.c src/runtime/jail.c src/runtime/mem.c src/runtime/channel.c \
	src/runtime/net.c src/runtime/handshake.c src/runtime/manifest.c

$(FUZZ_TRAP): $(FUZZ_TRAP_SRC) $(VAL_LIB) $(wildcard src/runtime/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Iinclude -O1 -g -fsanitize=fuzzer,undefined -fno-sanitize-recover=all \
		$(FUZZ_TRAP_SRC) $(VAL_LIB) -l:libnettle.a -o $@

FUZZERS   += $(FUZZ_TRAP)
TEST_DEPS += $(FUZZ_TRAP)
endif
