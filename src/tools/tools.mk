# zvsh: runs a nexe like a shell command. It links the runtime (all of
# zerovm but its main.c) and runs the session in its own process: one exec
# per run instead of two. Static-pie like zerovm, for the same reasons: no
# dynamic loader at start, and nothing mapped before the reservation of the
# sandbox's address space (run.c's constructor). It reads tar images with
# src/lib/tar.c and sends daemon requests with src/lib/daemon_client.c.
# On musl, like zerovm (src/hostlib).
ZVSH_OBJ := $(HOST)/obj/src/tools/zvsh.o $(HOST)/obj/src/tools/zvsh_daemon.o \
	    $(HOST)/obj/src/lib/tar.o $(HOST)/obj/src/lib/daemon_client.o
$(BUILD)/bin/zvsh: $(ZVSH_OBJ) $(filter-out %/runtime/main.o,$(RT_OBJ)) $(VAL_HLIB)
	$(host_link)
# zvm-validate: the validator's command, on musl too (the Swift middleware
# runs it on every upload of a program)
$(BUILD)/bin/zvm-validate: $(HOST)/obj/src/tools/zvm_validate.o $(VAL_HLIB)
	$(host_link)
BINS += $(BUILD)/bin/zvsh $(BUILD)/bin/zvm-validate
