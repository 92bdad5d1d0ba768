# Unit tests of the runtime's channel code, plain and under ASan + UBSan
# (a whole session cannot run under ASan; these need no sandbox).
CHAN_TEST_SRC := tests/channel/channel_test.c src/runtime/channel.c src/runtime/manifest.c src/runtime/net.c src/runtime/handshake.c
$(BUILD)/tests/channel/channel-test: $(CHAN_TEST_SRC) src/runtime/channel.h src/runtime/net.h src/runtime/manifest.h | $(DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Iinclude $(CHAN_TEST_SRC) -l:libnettle.a -o $@
$(BUILD)/asan/tests/channel/channel-test: $(CHAN_TEST_SRC) src/runtime/channel.h src/runtime/net.h src/runtime/manifest.h | $(DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SANFLAGS) -Iinclude $(CHAN_TEST_SRC) -l:libnettle.a -o $@
TEST_DEPS += $(BUILD)/tests/channel/channel-test $(BUILD)/asan/tests/channel/channel-test
