# zvsh: runs a nexe like a shell command (a client of zerovm; it reads tar
# images with the shared src/lib/tar.c, and sends daemon requests with
# src/lib/daemon_client.c).
$(BUILD)/bin/zvsh: $(BUILD)/obj/src/tools/zvsh.o $(BUILD)/obj/src/tools/zvsh_daemon.o \
		   $(BUILD)/obj/src/lib/tar.o $(BUILD)/obj/src/lib/daemon_client.o \
		   $(BUILD)/obj/src/runtime/manifest.o
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $^ -o $@
BINS += $(BUILD)/bin/zvsh
