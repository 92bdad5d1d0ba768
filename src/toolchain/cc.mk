# zvm-cc, the driver, and its support files in build/lib/zvm/.
ZVM_SUPPORT := $(BUILD)/lib/zvm
CC_SUPPORT  := $(ZVM_SUPPORT)/nexe.ld $(ZVM_SUPPORT)/start.o \
	       $(patsubst include/%,$(ZVM_SUPPORT)/include/%,$(wildcard include/*.h))

$(BUILD)/bin/zvm-cc: $(BUILD)/obj/src/toolchain/zvm_cc.o $(VAL_LIB) | $(CC_SUPPORT)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $^ -o $@

$(ZVM_SUPPORT)/nexe.ld: src/toolchain/nexe.ld
	@mkdir -p $(dir $@)
	cp $< $@
$(ZVM_SUPPORT)/include/%.h: include/%.h
	@mkdir -p $(dir $@)
	cp $< $@
$(ZVM_SUPPORT)/start.o: src/toolchain/start.S | $(DEPS)
	@mkdir -p $(dir $@)
	clang --target=x86_64-linux-gnux32 -c $< -o $@

BINS += $(BUILD)/bin/zvm-cc
