# Differential decoding against objdump (tests/decode/run.sh): the decode-diff
# tool, linked with the validator library, plain and sanitized.
DECODE_DIFF  := $(BUILD)/tests/decode/decode-diff
DECODE_ADIFF := $(BUILD)/asan/tests/decode/decode-diff

$(DECODE_DIFF): $(BUILD)/obj/tests/decode/decode_diff.o $(VAL_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $^ -o $@
$(DECODE_ADIFF): $(BUILD)/asan/obj/tests/decode/decode_diff.o $(VAL_ALIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SANFLAGS) $^ -o $@

TEST_DEPS += $(DECODE_DIFF) $(DECODE_ADIFF)
