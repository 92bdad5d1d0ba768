# The validator library (plain and sanitized) and the zvm-validate command.
# The decoder's index is generated from insns.def at build time: gen-index
# (index.c over the table) writes build/gen/val_index.c; then gen-fast (the
# full decoder and rules over every shape of every opcode) writes the walk's
# fast-path table, build/gen/val_fast.c.
VAL_GEN_SRC := src/validator/index.c src/validator/gen_index.c src/validator/gen_fast.c
VAL_INDEX   := $(BUILD)/gen/val_index.c
VAL_FAST    := $(BUILD)/gen/val_fast.c
VAL_SRC  := $(filter-out $(VAL_GEN_SRC),$(wildcard src/validator/*.c)) $(VAL_INDEX) $(VAL_FAST)
VAL_LIB  := $(BUILD)/lib/libzvmval.a
VAL_ALIB := $(BUILD)/asan/lib/libzvmval.a

$(BUILD)/gen/gen-index: src/validator/gen_index.c src/validator/index.c \
		src/validator/insns.c src/validator/tables.c src/validator/insns.def \
		src/validator/decode.h src/validator/index.h | $(DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) src/validator/gen_index.c src/validator/index.c \
		src/validator/insns.c src/validator/tables.c -o $@
$(VAL_INDEX): $(BUILD)/gen/gen-index
	$< > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/gen-fast: src/validator/gen_fast.c src/validator/insns.c \
		src/validator/tables.c $(VAL_INDEX) src/validator/insns.def \
		src/validator/decode.h src/validator/fast.h src/validator/rules.h | $(DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) src/validator/gen_fast.c src/validator/insns.c \
		src/validator/tables.c $(VAL_INDEX) -o $@
$(VAL_FAST): $(BUILD)/gen/gen-fast
	$< > $@.tmp && mv $@.tmp $@

$(VAL_LIB): $(VAL_SRC:%.c=$(BUILD)/obj/%.o)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^
$(VAL_ALIB): $(VAL_SRC:%.c=$(BUILD)/asan/obj/%.o)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

# (build/bin/zvm-validate, on musl like zerovm: src/tools/tools.mk)
$(BUILD)/asan/bin/zvm-validate: $(BUILD)/asan/obj/src/tools/zvm_validate.o $(VAL_ALIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SANFLAGS) $^ -o $@

TEST_DEPS += $(BUILD)/asan/bin/zvm-validate
