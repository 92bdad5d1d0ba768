# The lua suite runs the Lua port (ports/lua) against Debian's lua5.4
# (installed by scripts/deps.sh) and needs zvsh for its command-line tests.
TEST_DEPS += $(BUILD)/ports/lua/lua.nexe $(BUILD)/bin/zvsh $(DEPS)
