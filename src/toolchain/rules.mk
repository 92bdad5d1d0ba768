# The toolchain: zvm-rewrite, the sandboxing assembly rewriter (internal tool,
# driven by zvm-cc).
RW_SRC := src/toolchain/rewrite.c src/toolchain/rw_parse.c src/toolchain/rw_util.c

$(BUILD)/bin/zvm-rewrite: $(RW_SRC:%.c=$(BUILD)/obj/%.o)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $^ -o $@
$(BUILD)/asan/bin/zvm-rewrite: $(RW_SRC:%.c=$(BUILD)/asan/obj/%.o)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SANFLAGS) $^ -o $@

BINS      += $(BUILD)/bin/zvm-rewrite
TEST_DEPS += $(BUILD)/asan/bin/zvm-rewrite
