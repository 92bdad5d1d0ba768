# zvsh: runs a nexe like a shell command (a client of zerovm; no library).
$(BUILD)/bin/zvsh: $(BUILD)/obj/src/tools/zvsh.o
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $^ -o $@
BINS += $(BUILD)/bin/zvsh
