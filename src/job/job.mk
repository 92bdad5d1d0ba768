# zvm-job: runs a job of connected zerovm instances (src/job/job.h), and the
# name service (ns.c). json-c and nettle are linked statically, so the tool
# needs no shared library beyond libc. The sanitized build is for the tests.
JOB_SRC  := $(wildcard src/job/*.c)
JOB_LIBS := -l:libjson-c.a -l:libnettle.a

$(BUILD)/bin/zvm-job: $(JOB_SRC:%.c=$(BUILD)/obj/%.o)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $^ $(JOB_LIBS) -o $@
$(BUILD)/asan/bin/zvm-job: $(JOB_SRC:%.c=$(BUILD)/asan/obj/%.o)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SANFLAGS) $^ $(JOB_LIBS) -o $@

BINS      += $(BUILD)/bin/zvm-job
TEST_DEPS += $(BUILD)/asan/bin/zvm-job
