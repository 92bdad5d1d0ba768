# The sandbox's C library: musl (ports/musl, built by ports/musl/build.sh)
# and ZRT (src/zrt), installed into $(BUILD)/sysroot, which zvm-cc's hosted
# mode uses:
#   sysroot/include      musl's headers (x32)
#   sysroot/lib/crt1.o   ZRT's _start
#   sysroot/lib/libc.a   musl
#   sysroot/lib/libzrt.a ZRT: system calls on the ZeroVM traps, compiler helpers
# ZRT is untrusted guest code: it is compiled with zvm-cc like any program.
SYSROOT     := $(BUILD)/sysroot
MUSL_STAMP  := $(SYSROOT)/.musl-built
ZRT_SRC     := $(wildcard src/zrt/zrt_*.c)
ZRT_OBJ     := $(ZRT_SRC:src/zrt/%.c=$(BUILD)/zrt/%.o) $(BUILD)/zrt/lib/tar.o
ZRT_CFLAGS  := -std=c11 -O2 $(WARN) -D_GNU_SOURCE -Isrc

# musl is rebuilt (a few minutes) when its recipe, the rewriter or the
# driver's source (its flags) changes; the zvm-cc binary is only needed to
# exist (it relinks whenever the validator library changes, which does not
# change the objects it makes).
$(MUSL_STAMP): $(shell find ports/musl -type f 2>/dev/null) scripts/fetch-source.sh \
		$(BUILD)/bin/zvm-rewrite src/toolchain/zvm_cc.c | $(BUILD)/bin/zvm-cc $(CC_SUPPORT)
	ZVM_BUILD=$(abspath $(BUILD)) JOBS=$${JOBS:-2} sh ports/musl/build.sh
	touch $@

$(BUILD)/zrt/%.o: src/zrt/%.c src/zrt/zrt.h src/lib/tar.h $(MUSL_STAMP) $(BUILD)/bin/zvm-cc
	@mkdir -p $(dir $@)
	$(BUILD)/bin/zvm-cc $(ZRT_CFLAGS) -c $< -o $@

# Pure code shared with the host tools (src/lib), compiled for the guest.
$(BUILD)/zrt/lib/%.o: src/lib/%.c src/lib/%.h $(MUSL_STAMP) $(BUILD)/bin/zvm-cc
	@mkdir -p $(dir $@)
	$(BUILD)/bin/zvm-cc $(ZRT_CFLAGS) -c $< -o $@

$(SYSROOT)/lib/libzrt.a: $(ZRT_OBJ)
	rm -f $@
	ar rcs $@ $^

$(SYSROOT)/lib/crt1.o: src/zrt/zrt_start.S $(MUSL_STAMP)
	$(BUILD)/bin/zvm-cc -c $< -o $@

ZRT_SYSROOT := $(MUSL_STAMP) $(SYSROOT)/lib/libzrt.a $(SYSROOT)/lib/crt1.o
BINS += $(ZRT_SYSROOT)
.PHONY: sysroot
sysroot: $(ZRT_SYSROOT)
