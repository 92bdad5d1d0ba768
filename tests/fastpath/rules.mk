# The fast path against the full decoder and rules (tests/fastpath/run.sh):
# fastpath-diff links the validator library with a second build of
# validate.c that has no fast path (VAL_FAST_PATH=0), plain and sanitized.
FASTPATH_DIFF  := $(BUILD)/tests/fastpath/fastpath-diff
FASTPATH_ADIFF := $(BUILD)/asan/tests/fastpath/fastpath-diff
FASTPATH_REF   := -DVAL_FAST_PATH=0 -Dval_validate=val_validate_ref \
		  -Dval_table_check=val_table_check_ref

$(BUILD)/obj/tests/fastpath/validate_ref.o: src/validator/validate.c | $(DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(FASTPATH_REF) -MMD -MP -c $< -o $@
$(BUILD)/asan/obj/tests/fastpath/validate_ref.o: src/validator/validate.c | $(DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SANFLAGS) $(FASTPATH_REF) -MMD -MP -c $< -o $@

$(FASTPATH_DIFF): $(BUILD)/obj/tests/fastpath/fastpath_diff.o \
		$(BUILD)/obj/tests/fastpath/validate_ref.o $(VAL_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $^ -o $@
$(FASTPATH_ADIFF): $(BUILD)/asan/obj/tests/fastpath/fastpath_diff.o \
		$(BUILD)/asan/obj/tests/fastpath/validate_ref.o $(VAL_ALIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SANFLAGS) $^ -o $@

TEST_DEPS += $(FASTPATH_DIFF) $(FASTPATH_ADIFF)
