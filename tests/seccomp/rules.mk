# Seccomp suite (tests/seccomp/run.sh): the outer layer. Its raw system
# calls need a runtime that runs code the validator refuses: the test-only
# build below, compiled with -DZVM_TEST_NOVALIDATE. That flag exists only
# here; build/bin/zerovm never has it (the suite checks that the shipped
# binary refuses the same nexes).
ZVM_TEST_RT := $(BUILD)/test/bin/zerovm-novalidate
# On musl, like build/bin/zerovm (src/hostlib).
RT_TOBJ := $(RT_SRC:%.c=$(HOST)/test/obj/%.o) $(RT_ASM:%.S=$(HOST)/obj/%.o)
$(ZVM_TEST_RT): $(RT_TOBJ) $(VAL_HLIB)
	$(host_link)
TEST_DEPS += $(ZVM_TEST_RT) $(BUILD)/bin/zerovm $(BUILD)/bin/zvm-cc $(CC_SUPPORT)

# Not built by make test: the test-only runtime without the filter, to see
# the suite fail (ZVM_SECCOMP_RT=build/test/bin/zerovm-novalidate-nofilter).
RT_TNOBJ := $(RT_SRC:%.c=$(HOST)/test/nofilter/obj/%.o) $(RT_ASM:%.S=$(HOST)/obj/%.o)
$(BUILD)/test/bin/zerovm-novalidate-nofilter: $(RT_TNOBJ) $(VAL_HLIB)
	$(host_link)

# The filter's checks from trusted code (a PIE above 4 GiB, as zerovm).
$(BUILD)/tests/seccomp/filter-test: tests/seccomp/filter_test.c src/runtime/seccomp.c src/runtime/seccomp.h | $(DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -fPIE -pie tests/seccomp/filter_test.c src/runtime/seccomp.c -o $@
TEST_DEPS += $(BUILD)/tests/seccomp/filter-test
# and on musl, the libc of the shipped binaries (its own allow lists)
$(BUILD)/tests/seccomp/filter-test-musl: tests/seccomp/filter_test.c src/runtime/seccomp.c src/runtime/seccomp.h | $(HOST_NETTLE)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(CFLAGS) -fPIE tests/seccomp/filter_test.c src/runtime/seccomp.c -o $@
TEST_DEPS += $(BUILD)/tests/seccomp/filter-test-musl
