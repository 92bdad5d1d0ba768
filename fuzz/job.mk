# Fuzz target for zvm-job's job-JSON parser (src/job/job_spec.c, json-c).
# Seed corpus: fuzz/corpus/job/. tests/job/run.sh runs it briefly, so it is
# a test dependency too.
ifndef FUZZ_JOB
FUZZ_JOB := $(BUILD)/fuzz/fuzz_job

$(FUZZ_JOB): fuzz/fuzz_job.c src/job/job_spec.c src/job/job.h | $(DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(FUZZFLAGS) fuzz/fuzz_job.c src/job/job_spec.c -l:libjson-c.a -o $@

FUZZERS   += $(FUZZ_JOB)
TEST_DEPS += $(FUZZ_JOB)
endif
