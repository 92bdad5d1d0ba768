# Fuzz target for zvm-job --swift's HTTP response parser (src/job/http.c).
# Seed corpus: fuzz/corpus/http/. tests/swift/run.sh replays it and runs it
# briefly, so it is a test dependency too.
ifndef FUZZ_HTTP
FUZZ_HTTP := $(BUILD)/fuzz/fuzz_http

$(FUZZ_HTTP): fuzz/fuzz_http.c src/job/http.c src/job/http.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(FUZZFLAGS) fuzz/fuzz_http.c src/job/http.c -o $@

FUZZERS   += $(FUZZ_HTTP)
TEST_DEPS += $(FUZZ_HTTP)
endif
