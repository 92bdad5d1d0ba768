# The word-count MapReduce example (examples/wordcount): the C programs as
# nexes (zvm-cc) and natively (for bench/wordcount.sh), the Lua scripts in a
# tar image, and the generated corpus (gen-corpus.sh: 8 files of 512 KiB).
WC_DIR    := $(BUILD)/examples/wordcount
WC_PROGS  := mapper reducer merger
WC_NEXES  := $(WC_PROGS:%=$(WC_DIR)/%.nexe)
WC_NATIVE := $(WC_PROGS:%=$(WC_DIR)/native/%)
WC_CORPUS := $(BUILD)/wordcount/corpus/.stamp
WC_LUATAR := $(WC_DIR)/lua.tar

$(WC_DIR)/%.nexe: examples/wordcount/%.c examples/wordcount/wc.h $(ZRT_SYSROOT) | $(BUILD)/bin/zvm-cc
	@mkdir -p $(dir $@)
	$(BUILD)/bin/zvm-cc -O2 $(WARN) $< -o $@
$(WC_DIR)/native/%: examples/wordcount/%.c examples/wordcount/wc.h | $(DEPS)
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O2 $(WARN) -D_GNU_SOURCE $< -o $@
$(WC_CORPUS): examples/wordcount/gen-corpus.sh
	rm -rf $(dir $@) && sh $< $(dir $@) 8 512 && touch $@
$(WC_LUATAR): examples/wordcount/mapper.lua examples/wordcount/reducer.lua
	@mkdir -p $(dir $@)
	tar -cf $@ --format=ustar --owner=0 --group=0 --mtime=@0 \
		-C examples/wordcount mapper.lua reducer.lua

WORDCOUNT_DEPS := $(WC_NEXES) $(WC_NATIVE) $(WC_CORPUS) $(WC_LUATAR)
BINS += $(WORDCOUNT_DEPS)
