# Seccomp suite (tests/seccomp/run.sh): the outer layer. Its raw system
# calls need a runtime that runs code the validator refuses: the test-only
# build below, compiled with -DZVM_TEST_NOVALIDATE. That flag exists only
# here; build/bin/zerovm never has it (the suite checks that the shipped
# binary refuses the same nexes).
ZVM_TEST_RT := $(BUILD)/test/bin/zerovm-novalidate
RT_TOBJ := $(RT_SRC:%.c=$(BUILD)/test/obj/%.o) $(RT_ASM:%.S=$(BUILD)/obj/%.o)
$(BUILD)/test/obj/%.o: %.c | $(DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(RT_CFLAGS) -DZVM_TEST_NOVALIDATE -MMD -MP -c $< -o $@
$(ZVM_TEST_RT): $(RT_TOBJ) $(VAL_LIB)
	@mkdir -p $(dir $@)
	$(CC) -static-pie $(RT_TOBJ) $(VAL_LIB) $(RT_LIBS) -o $@
TEST_DEPS += $(ZVM_TEST_RT) $(BUILD)/bin/zerovm $(BUILD)/bin/zvm-cc $(CC_SUPPORT)

# Not built by make test: the test-only runtime without the filter, to see
# the suite fail (ZVM_SECCOMP_RT=build/test/bin/zerovm-novalidate-nofilter).
RT_TNOBJ := $(RT_SRC:%.c=$(BUILD)/test/nofilter/obj/%.o) $(RT_ASM:%.S=$(BUILD)/obj/%.o)
$(BUILD)/test/nofilter/obj/%.o: %.c | $(DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(RT_CFLAGS) -DZVM_TEST_NOVALIDATE -DZVM_NO_SECCOMP -MMD -MP -c $< -o $@
$(BUILD)/test/bin/zerovm-novalidate-nofilter: $(RT_TNOBJ) $(VAL_LIB)
	@mkdir -p $(dir $@)
	$(CC) -static-pie $(RT_TNOBJ) $(VAL_LIB) $(RT_LIBS) -o $@
-include $(shell find $(BUILD)/test -type f -name '*.d' 2>/dev/null)

# The filter's checks from trusted code (a PIE above 4 GiB, as zerovm).
$(BUILD)/tests/seccomp/filter-test: tests/seccomp/filter_test.c src/runtime/seccomp.c src/runtime/seccomp.h | $(DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -fPIE -pie tests/seccomp/filter_test.c src/runtime/seccomp.c -o $@
TEST_DEPS += $(BUILD)/tests/seccomp/filter-test
