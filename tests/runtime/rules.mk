# Runtime suite (tests/runtime/run.sh): whole sessions of zerovm and of its
# UBSan build. The guests are compiled at test time with zvm-cc (cached in
# build/tests/runtime/), so the suite needs the toolchain and its support files.
TEST_DEPS += $(BUILD)/bin/zerovm $(BUILD)/ubsan/bin/zerovm $(BUILD)/bin/zvm-cc $(CC_SUPPORT)
