# Fuzz targets (libFuzzer + ASan + UBSan), built into $(BUILD)/fuzz/. Each one
# compiles the validator's sources itself, with the fuzzing flags, instead of
# linking the normal library. fuzz/run.sh runs them over fuzz/corpus/<name>/.
#
# This file is read before src/validator/rules.mk (the include list is sorted),
# so the validator's source list ($(VAL_SRC), which includes a generated file)
# is expanded in the prerequisites only after every makefile has been read.
FUZZ_DIR := $(BUILD)/fuzz

.SECONDEXPANSION:
$(FUZZ_DIR)/fuzz_validate: fuzz/fuzz_validate.c $$(VAL_SRC) \
		$$(wildcard src/validator/*.h src/validator/*.def) | $(DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(FUZZFLAGS) fuzz/fuzz_validate.c $(VAL_SRC) -o $@

FUZZERS += $(FUZZ_DIR)/fuzz_validate

# Other targets have their own fragments (fuzz/elf.mk, fuzz/manifest.mk, ...),
# each guarded against a second inclusion.
-include fuzz/elf.mk
-include $(filter-out fuzz/rules.mk fuzz/elf.mk,$(wildcard fuzz/*.mk))
