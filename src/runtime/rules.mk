# zerovm, the trusted runtime. Links the validator and nettle (SHA-256 etags,
# HMAC-SHA256 channel keys) on musl (src/hostlib): a static-pie, so no dynamic
# loader at start (measured: ~0.15 ms less per cold start than a dynamic
# PIE), loaded far above the sandbox.
RT_SRC  := $(wildcard src/runtime/*.c src/runtime/x86_64/*.c)
RT_ASM  := $(wildcard src/runtime/x86_64/*.S)
RT_OBJ  := $(RT_SRC:%.c=$(HOST)/obj/%.o) $(RT_ASM:%.S=$(HOST)/obj/%.o)
# what the glibc build of the same runtime (the UBSan binary) compiles and links with
RT_LIBS := -l:libnettle.a
RT_CFLAGS := -Iinclude -fPIE

$(BUILD)/bin/zerovm: $(RT_OBJ) $(VAL_HLIB)
	$(host_link)

BINS += $(BUILD)/bin/zerovm

# The runtime under UBSan for the tests. ASan cannot run a whole session:
# its shadow memory lives at fixed low addresses (0x7fff8000...) inside the
# sandbox range that zerovm must own, so mem_reserve() fails by design. The
# runtime's parsers and channel code run under ASan in their own unit tests.
UBSANFLAGS := -O1 -g -fsanitize=undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
RT_UOBJ := $(RT_SRC:%.c=$(BUILD)/ubsan/obj/%.o) $(RT_ASM:%.S=$(BUILD)/ubsan/obj/%.o)
$(BUILD)/ubsan/obj/%.o: %.c | $(DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(RT_CFLAGS) $(UBSANFLAGS) -MMD -MP -c $< -o $@
$(BUILD)/ubsan/obj/%.o: %.S | $(DEPS)
	@mkdir -p $(dir $@)
	$(CC) -fPIE -c $< -o $@
$(BUILD)/ubsan/bin/zerovm: $(RT_UOBJ) $(VAL_LIB)
	@mkdir -p $(dir $@)
	$(CC) -pie $(UBSANFLAGS) $(RT_UOBJ) $(VAL_LIB) $(RT_LIBS) -o $@
TEST_DEPS += $(BUILD)/ubsan/bin/zerovm
