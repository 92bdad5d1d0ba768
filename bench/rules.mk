# Benchmarks (bench/run.sh, `make bench`): validator throughput next to
# sha256sum on the same bytes.
VALBENCH := $(BUILD)/bench/valbench
# This file is included before src/validator/rules.mk (sorted include list),
# so the library's name is not known yet: name it here.

$(VALBENCH): $(BUILD)/obj/bench/valbench.o $(VAL_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $^ -o $@

BENCH_DEPS += $(VALBENCH)

.PHONY: bench-quick
bench-quick: all $(BENCH_DEPS)
	sh bench/run.sh quick
