# Fuzz target for the dynamic-code state machine (jail.c) with the real
# memory map and validator. UBSan, no ASan (as fuzz/trap.mk says why).
# Seed corpus: fuzz/corpus/jail/; tests/runtime/run.sh runs it briefly.
ifndef FUZZ_JAIL
FUZZ_JAIL := $(BUILD)/fuzz/fuzz_jail
FUZZ_JAIL_SRC := fuzz/fuzz_jail.c src/runtime/jail.c src/runtime/mem.c

$(FUZZ_JAIL): $(FUZZ_JAIL_SRC) $(VAL_LIB) $(wildcard src/runtime/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Iinclude -O1 -g -fsanitize=fuzzer,undefined -fno-sanitize-recover=all \
		$(FUZZ_JAIL_SRC) $(VAL_LIB) -o $@

FUZZERS   += $(FUZZ_JAIL)
TEST_DEPS += $(FUZZ_JAIL)
endif
