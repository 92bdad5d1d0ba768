# The libc of the trusted binaries (zerovm, zvsh, zvm-validate): Debian's
# musl through src/hostlib/musl-cc, with nettle built for it from Debian's
# source (src/hostlib/nettle.sh). Why: README.md here. Objects for them go
# to build/host/obj (the same sources as build/obj's, which the tests,
# sanitizers and fuzzers keep linking with glibc); the variants the tests
# and the benchmarks need go to build/host/<variant>/obj.
HOST        := $(BUILD)/host
HOST_CC     := ZVM_HOST_INC=$(abspath $(HOST))/include sh src/hostlib/musl-cc
HOST_CFLAGS := $(CFLAGS) -Iinclude -fPIE
HOST_NETTLE := $(HOST)/lib/libnettle.a
VAL_HLIB    := $(HOST)/lib/libzvmval.a

$(HOST_NETTLE): src/hostlib/nettle.sh src/hostlib/musl-cc | $(DEPS)
	ZVM_BUILD=$(abspath $(BUILD)) sh src/hostlib/nettle.sh

$(HOST)/obj/%.o: %.c | $(HOST_NETTLE)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_CFLAGS) -MMD -MP -c $< -o $@
$(HOST)/obj/%.o: %.S | $(HOST_NETTLE)
	@mkdir -p $(dir $@)
	$(HOST_CC) -fPIE -c $< -o $@
# the test-only runtime that skips the validator's verdict (tests/seccomp),
# the same without the filter, and the bench's runtime without the filter
$(HOST)/test/obj/%.o: %.c | $(HOST_NETTLE)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_CFLAGS) -DZVM_TEST_NOVALIDATE -MMD -MP -c $< -o $@
$(HOST)/test/nofilter/obj/%.o: %.c | $(HOST_NETTLE)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_CFLAGS) -DZVM_TEST_NOVALIDATE -DZVM_NO_SECCOMP -MMD -MP -c $< -o $@
$(HOST)/nofilter/obj/%.o: %.c | $(HOST_NETTLE)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_CFLAGS) -DZVM_NO_SECCOMP -MMD -MP -c $< -o $@

$(VAL_HLIB): $(VAL_SRC:%.c=$(HOST)/obj/%.o)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

# host_link: the prerequisites (objects and archives) into a static-pie on musl
host_link = @mkdir -p $(dir $@) && $(HOST_CC) $(filter %.o %.a,$^) $(HOST_NETTLE) -o $@
