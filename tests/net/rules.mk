# The network tests' name-service server (src/job/ns.c), plain and under
# ASan + UBSan.
NS_TEST_SRC := tests/net/ns_main.c src/job/ns.c
$(BUILD)/tests/net/ns-server: $(NS_TEST_SRC) src/job/ns.h | $(DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(NS_TEST_SRC) -o $@
$(BUILD)/asan/tests/net/ns-server: $(NS_TEST_SRC) src/job/ns.h | $(DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SANFLAGS) $(NS_TEST_SRC) -o $@
TEST_DEPS += $(BUILD)/tests/net/ns-server $(BUILD)/asan/tests/net/ns-server
# netpeer: the attackers of tests/net and tests/job (a forger, an intruder,
# a corrupt writer), on the runtime's own handshake code.
NETPEER_SRC := tests/net/netpeer.c src/runtime/handshake.c
$(BUILD)/tests/net/netpeer: $(NETPEER_SRC) src/runtime/handshake.h | $(DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(NETPEER_SRC) -l:libnettle.a -o $@
TEST_DEPS += $(BUILD)/tests/net/netpeer
