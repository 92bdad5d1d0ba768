# Benchmarks (bench/run.sh, `make bench`): validator throughput next to
# sha256sum on the same bytes.
VALBENCH := $(BUILD)/bench/valbench

$(VALBENCH): $(BUILD)/obj/bench/valbench.o $(VAL_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $^ -o $@

BENCH_DEPS += $(VALBENCH)

.PHONY: bench-quick
bench-quick: all $(BENCH_DEPS)
	sh bench/run.sh quick

# Cold start: zerovm + a freestanding hello against a native static hello.
STARTBENCH := $(BUILD)/bench/startbench
$(STARTBENCH): $(BUILD)/obj/bench/startbench.o
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $^ -o $@
$(BUILD)/bench/hello-native: bench/hello_native.c | $(DEPS)
	@mkdir -p $(dir $@)
	$(CC) -O2 -static $< -o $@
BENCH_DEPS += $(STARTBENCH) $(BUILD)/bench/hello-native
