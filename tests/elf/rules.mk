# ELF checks of the validator (tests/elf/run.sh): the in-memory test program,
# plain and sanitized, a real nexe linked with tests/elf/nexe.ld, and the ELF
# fuzzer, whose short run is part of the suite.
ELF_TEST  := $(BUILD)/tests/elf/elf-test
ELF_ATEST := $(BUILD)/asan/tests/elf/elf-test
ELF_NEXE  := $(BUILD)/tests/elf/hlt.nexe

$(ELF_TEST): $(BUILD)/obj/tests/elf/elf_test.o $(VAL_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $^ -o $@
$(ELF_ATEST): $(BUILD)/asan/obj/tests/elf/elf_test.o $(VAL_ALIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SANFLAGS) $^ -o $@

$(BUILD)/tests/elf/start.o: tests/elf/start.S | $(DEPS)
	@mkdir -p $(dir $@)
	clang --target=x86_64-linux-gnux32 -c $< -o $@
$(ELF_NEXE): $(BUILD)/tests/elf/start.o tests/elf/nexe.ld
	ld.lld -m elf32_x86_64 -T tests/elf/nexe.ld -static -z noexecstack --build-id=none \
		--orphan-handling=error $< -o $@

TEST_DEPS += $(ELF_TEST) $(ELF_ATEST) $(ELF_NEXE)

# The fuzzer (fuzz/elf.mk guards against a second inclusion).
include fuzz/elf.mk
TEST_DEPS += $(FUZZ_ELF)
