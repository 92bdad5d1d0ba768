# The validator library (plain and sanitized) and the zvm-validate command.
VAL_SRC  := $(wildcard src/validator/*.c)
VAL_LIB  := $(BUILD)/lib/libzvmval.a
VAL_ALIB := $(BUILD)/asan/lib/libzvmval.a

$(VAL_LIB): $(VAL_SRC:%.c=$(BUILD)/obj/%.o)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^
$(VAL_ALIB): $(VAL_SRC:%.c=$(BUILD)/asan/obj/%.o)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/bin/zvm-validate: $(BUILD)/obj/src/tools/zvm_validate.o $(VAL_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $^ -o $@
$(BUILD)/asan/bin/zvm-validate: $(BUILD)/asan/obj/src/tools/zvm_validate.o $(VAL_ALIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SANFLAGS) $^ -o $@

BINS      += $(BUILD)/bin/zvm-validate
TEST_DEPS += $(BUILD)/asan/bin/zvm-validate
