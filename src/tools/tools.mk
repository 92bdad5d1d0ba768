# zvsh: runs a nexe like a shell command (a client of zerovm; it reads tar
# images with the shared src/lib/tar.c).
$(BUILD)/bin/zvsh: $(BUILD)/obj/src/tools/zvsh.o $(BUILD)/obj/src/tools/zvsh_daemon.o \
		   $(BUILD)/obj/src/lib/tar.o
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $^ -o $@
BINS += $(BUILD)/bin/zvsh
