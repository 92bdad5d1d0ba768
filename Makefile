# ZeroVM in C - top-level build.  Everything goes to build/.
# Components add themselves through their own rules.mk fragments, which append
# to BINS (programs), TEST_DEPS (what `make test` needs built), FUZZERS and
# BENCH_DEPS; ports/*/*.mk (software ported to the sandbox) append to PORTS.

BUILD    := build
CC       := clang
WARN     := -Wall -Wextra -Werror
CFLAGS   := -std=c11 -O2 -g $(WARN) -D_GNU_SOURCE -Isrc
SANFLAGS := -O1 -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZFLAGS:= -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
DEPS     := $(BUILD)/.deps

BINS       :=
TEST_DEPS  :=
FUZZERS    :=
BENCH_DEPS :=
PORTS      :=

.PHONY: all test demo swift-demo bench fuzz soak clean deps ports install
all:

# Objects: normal, and sanitized (ASan + UBSan) for the trusted code's tests.
$(BUILD)/obj/%.o: %.c | $(DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@
$(BUILD)/asan/obj/%.o: %.c | $(DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SANFLAGS) -MMD -MP -c $< -o $@

# System packages the build and tests need (installed once per machine).
$(DEPS): scripts/deps.sh
	sh scripts/deps.sh
	@mkdir -p $(BUILD) && touch $@
deps: $(DEPS)

# The validator first: the others link its library; then the trusted
# binaries' libc (src/hostlib), which the runtime's, tests' and bench's rules name.
include src/validator/rules.mk src/hostlib/hostlib.mk
include $(sort $(filter-out src/validator/rules.mk src/hostlib/hostlib.mk,$(wildcard src/*/*.mk)) \
	$(wildcard tests/*/rules.mk fuzz/*.mk bench/rules.mk))
# Ports after the components: their rules name the sysroot's files.
include $(sort $(wildcard ports/*/*.mk))
# Examples (examples/*/*.mk) use both.
include $(sort $(wildcard examples/*/*.mk))

all: $(BINS) ports
ports: $(PORTS)

test: all $(TEST_DEPS)
	sh tests/run

# make demo WORDCOUNT=lua: the word count's mapper and reducer in Lua.
WORDCOUNT ?= c
demo: all
	WORDCOUNT=$(WORDCOUNT) sh scripts/demo.sh

# make swift-demo: the word count inside a loopback Swift, next to its data.
swift-demo: all
	sh scripts/swift-demo.sh

bench: all $(BENCH_DEPS)
	sh bench/run.sh

fuzz: $(FUZZERS)
	sh fuzz/run.sh long

soak: all $(TEST_DEPS)
	ZVM_SOAK=1 sh tests/run

# make install [PREFIX=/usr/local] [DESTDIR=]: scripts/install.sh.
PREFIX ?= /usr/local
install: all
	PREFIX=$(PREFIX) DESTDIR=$(DESTDIR) ZVM_BUILD=$(abspath $(BUILD)) sh scripts/install.sh

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD)/obj $(BUILD)/asan $(BUILD)/ubsan $(BUILD)/host -type f -name '*.d' 2>/dev/null)
