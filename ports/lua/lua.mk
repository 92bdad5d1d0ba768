# Lua 5.4 for the sandbox (ports/lua/build.sh): build/ports/lua/lua.nexe.
# Rebuilt (a few seconds) when its recipe, the C library or the rewriter
# changes; zvm-cc itself is only needed to exist, as for musl.
LUA_NEXE := $(BUILD)/ports/lua/lua.nexe

$(LUA_NEXE): $(shell find ports/lua -type f 2>/dev/null) scripts/fetch-source.sh \
		$(ZRT_SYSROOT) $(BUILD)/bin/zvm-rewrite | $(BUILD)/bin/zvm-cc
	ZVM_BUILD=$(abspath $(BUILD)) JOBS=$${JOBS:-2} sh ports/lua/build.sh

PORTS += $(LUA_NEXE)
