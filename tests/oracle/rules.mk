# The soundness oracle (tests/oracle/run.sh): a ptrace tracer that executes
# validator-accepted code one instruction at a time and checks that it stays
# in the sandbox. Built without sanitizers on purpose: its child maps
# [64 KiB, 5 GiB) at fixed addresses, where ASan keeps its shadow memory.
ORACLE     := $(BUILD)/tests/oracle/oracle
ORACLE_OBJ := $(BUILD)/obj/tests/oracle/oracle.o $(BUILD)/obj/tests/oracle/gen.o

$(ORACLE): $(ORACLE_OBJ) $(BUILD)/lib/libzvmval.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $^ -o $@

# The suite also runs a short fuzz of fuzz_validate (fuzz/rules.mk); `make
# fuzz` runs the oracle for longer (fuzz/run.sh).
TEST_DEPS += $(ORACLE) $(BUILD)/fuzz/fuzz_validate
FUZZERS   += $(ORACLE)
