# Benchmarks (bench/run.sh, `make bench`): validator throughput next to
# sha256sum on the same bytes.
VALBENCH := $(BUILD)/bench/valbench

$(VALBENCH): $(BUILD)/obj/bench/valbench.o $(VAL_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $^ -o $@

BENCH_DEPS += $(VALBENCH)


# Cold start: zerovm + a freestanding hello against a native static hello.
STARTBENCH := $(BUILD)/bench/startbench
$(STARTBENCH): $(BUILD)/obj/bench/startbench.o $(BUILD)/obj/src/lib/daemon_client.o \
	       $(BUILD)/obj/src/runtime/manifest.o
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $^ -o $@
$(BUILD)/bench/hello-native: bench/hello_native.c | $(DEPS)
	@mkdir -p $(dir $@)
	$(CC) -O2 -static $< -o $@
# The same hello on musl, as zerovm and zvsh are (src/hostlib): shown next to
# the baseline, so that the libc's share of a start is in the table.
$(BUILD)/bench/hello-native-musl: bench/hello_native.c src/hostlib/musl-cc | $(HOST_NETTLE)
	$(HOST_CC) -O2 $< -o $@
BENCH_DEPS += $(BUILD)/bench/hello-native-musl
# The floor under the warm start: a fork-per-request server with no zerovm.
$(BUILD)/bench/floorsrv: $(BUILD)/obj/bench/floorsrv.o
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $^ -o $@
BENCH_DEPS += $(STARTBENCH) $(BUILD)/bench/hello-native $(BUILD)/bench/floorsrv
# Start-up instructions, counted exactly under ptrace (bench/stepcount.c).
$(BUILD)/bench/stepcount: $(BUILD)/obj/bench/stepcount.o
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $^ -o $@
BENCH_DEPS += $(BUILD)/bench/stepcount

# Return forms natively (bench/retform): one recursive program, its returns
# each way; plain ret is the baseline. pop and inplace are rule 5's forms;
# twostore is the dropped in-place form, kept here as the reference that
# shows why it was dropped.
RETFORMS := ret pop inplace twostore
RETSEQ_ret := ret
RETSEQ_pop := popq %r11; andl $$-32,%r11d; jmp *%r11
RETSEQ_inplace := movl (%rsp),%r11d; andl $$-32,%r11d; movq %r11,(%rsp); ret
RETSEQ_twostore := andl $$-32,(%rsp); movl $$0,4(%rsp); ret
$(BUILD)/bench/retform/%: bench/retform/main.c bench/retform/fib.S | $(DEPS)
	@mkdir -p $(dir $@)
	$(CC) -O2 -static -DFORM='"$*"' '-DRETSEQ=$(RETSEQ_$*)' $^ -o $@
BENCH_DEPS += $(RETFORMS:%=$(BUILD)/bench/retform/%)
# The same forms in whole programs, natively (bench/retform/retcc.sh: clang
# with the program's own returns replaced). Targets are PROGRAM.FORM.
RETPROGS := recurse interp
RETPROG_BINS := $(foreach p,$(RETPROGS),$(RETFORMS:%=$(BUILD)/bench/retform/$(p).%))
$(foreach p,$(RETPROGS),$(eval $(RETFORMS:%=$(BUILD)/bench/retform/$(p).%): bench/cpu/$(p).c))
$(RETPROG_BINS): $(BUILD)/bench/retform/%: bench/cpu/common.h bench/retform/retcc.sh | $(DEPS)
	@mkdir -p $(dir $@)
	RETFORM=$(subst .,,$(suffix $*)) sh bench/retform/retcc.sh -O2 -c bench/cpu/$(basename $*).c -o $@.o
	$(CC) -static $@.o -o $@ -lm
BENCH_DEPS += $(RETPROG_BINS)

# Jump-target placement natively (bench/jtalign/place.sh): interp's switch
# with its jump-table targets placed each way, with nothing else of the
# sandbox; and interp without jump tables, natively and for zerovm.
JTALIGN := base align32 stub at64p32
$(BUILD)/bench/jtalign/interp.s: bench/cpu/interp.c bench/cpu/common.h | $(DEPS)
	@mkdir -p $(dir $@)
	$(CC) -O2 -S $< -o $@
$(JTALIGN:%=$(BUILD)/bench/jtalign/interp.%): $(BUILD)/bench/jtalign/interp.%: \
		$(BUILD)/bench/jtalign/interp.s bench/jtalign/place.sh
	sh bench/jtalign/place.sh $* $< $@.s
	$(CC) -static $@.s -o $@
$(BUILD)/bench/jtalign/interp.nojt: bench/cpu/interp.c bench/cpu/common.h | $(DEPS)
	@mkdir -p $(dir $@)
	$(CC) -O2 -fno-jump-tables -static $< -o $@
BENCH_DEPS += $(JTALIGN:%=$(BUILD)/bench/jtalign/interp.%) $(BUILD)/bench/jtalign/interp.nojt

# Execution overhead: the CPU benchmarks (bench/cpu/*.c), each built natively
# (clang -O2, static), for zerovm (zvm-cc -O2) and, for the call/return-heavy
# ones, for zerovm with the other return form (-mret=pop); the wasm peer is
# built by bench/run.sh (a peer that fails to build is noted, not an error).
# Lua: the same Lua source as the port, built natively (bench/lua-native.sh).
# (This file is read before src/zrt and ports/: their variables are spelt out.)
BENCH_SYSROOT := $(BUILD)/sysroot/.musl-built $(BUILD)/sysroot/lib/libzrt.a \
	$(BUILD)/sysroot/lib/crt1.o
CPUBENCH := $(BUILD)/bench/cpubench
$(CPUBENCH): $(BUILD)/obj/bench/cpubench.o
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $^ -o $@

BENCH_CPU := $(basename $(notdir $(wildcard bench/cpu/*.c)))
BENCH_POP := recurse interp sort
BENCH_CPU_FLAGS := -O2 -std=c11 $(WARN)
$(BUILD)/bench/cpu/%.native: bench/cpu/%.c bench/cpu/common.h | $(DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CPU_FLAGS) -static $< -o $@ -lm
$(BUILD)/bench/cpu/%.nexe: bench/cpu/%.c bench/cpu/common.h $(BENCH_SYSROOT) \
		$(BUILD)/bin/zvm-rewrite | $(BUILD)/bin/zvm-cc
	@mkdir -p $(dir $@)
	$(BUILD)/bin/zvm-cc $(BENCH_CPU_FLAGS) $< -o $@ -lm
$(BUILD)/bench/cpu/%.nojt.nexe: bench/cpu/%.c bench/cpu/common.h $(BENCH_SYSROOT) \
		$(BUILD)/bin/zvm-rewrite | $(BUILD)/bin/zvm-cc
	@mkdir -p $(dir $@)
	$(BUILD)/bin/zvm-cc -fno-jump-tables $(BENCH_CPU_FLAGS) $< -o $@ -lm
$(BUILD)/bench/cpu/%.pop.nexe: bench/cpu/%.c bench/cpu/common.h $(BENCH_SYSROOT) \
		$(BUILD)/bin/zvm-rewrite | $(BUILD)/bin/zvm-cc
	@mkdir -p $(dir $@)
	$(BUILD)/bin/zvm-cc -mret=pop $(BENCH_CPU_FLAGS) $< -o $@ -lm
LUA_NATIVE := $(BUILD)/bench/lua-native
$(LUA_NATIVE): bench/lua-native.sh $(BUILD)/ports/lua/lua.nexe
	ZVM_BUILD=$(abspath $(BUILD)) sh bench/lua-native.sh

BENCH_DEPS += $(CPUBENCH) $(LUA_NATIVE) \
	$(foreach p,$(BENCH_CPU),$(BUILD)/bench/cpu/$(p).native $(BUILD)/bench/cpu/$(p).nexe) \
	$(foreach p,$(BENCH_POP),$(BUILD)/bench/cpu/$(p).pop.nexe) \
	$(BUILD)/bench/cpu/interp.nojt.nexe

# Start times: a hosted (musl + ZRT) hello for zvsh and the warm daemon.
$(BUILD)/bench/hello-musl.nexe: bench/hello_musl.c $(BENCH_SYSROOT) \
		$(BUILD)/bin/zvm-rewrite | $(BUILD)/bin/zvm-cc
	@mkdir -p $(dir $@)
	$(BUILD)/bin/zvm-cc -O2 $(WARN) $< -o $@
BENCH_DEPS += $(BUILD)/bench/hello-musl.nexe

# The floor under any filter (bench/seccomp_floor.c), static like the
# hello baseline.
$(BUILD)/bench/seccomp-floor: bench/seccomp_floor.c | $(DEPS)
	@mkdir -p $(dir $@)
	$(CC) -O2 $(WARN) -static $< -o $@
BENCH_DEPS += $(BUILD)/bench/seccomp-floor

# The filter's cost (bench/seccomp.sh): the same runtime built without the
# filter (-DZVM_NO_SECCOMP), for the bench only; build/bin/zerovm always has
# it; on musl like it (src/hostlib). (This file is read before
# src/runtime/rules.mk: its sources are spelt out here.)
BENCH_RT_SRC := $(wildcard src/runtime/*.c src/runtime/x86_64/*.c)
BENCH_RT_OBJ := $(BENCH_RT_SRC:%.c=$(HOST)/nofilter/obj/%.o) \
	$(patsubst %.S,$(HOST)/obj/%.o,$(wildcard src/runtime/x86_64/*.S))
$(BUILD)/bench/zerovm-nofilter: $(BENCH_RT_OBJ) $(VAL_HLIB)
	$(host_link)
BENCH_DEPS += $(BUILD)/bench/zerovm-nofilter

# Last: the prerequisite list is expanded here, so it must be complete.
.PHONY: bench-quick
bench-quick: all $(BENCH_DEPS)
	sh bench/run.sh quick

# tests/bench runs the quick benchmarks.
TEST_DEPS += $(BENCH_DEPS)

