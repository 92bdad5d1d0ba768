#!/bin/sh
# tests/fastpath/run.sh - the validator's fast path (src/validator/fast.h, the
# two streams of walk()) against step() alone, on real compiled code: the
# .text of the corpus of tests/decode/corpus.sh (lua5.4 and zlib through
# zvm-rewrite when it exists, else plain clang x32 output), whole and in
# mutated windows (fastpath_diff.c says how). Both validators must give the
# same result and report the same violations in the same order, in the plain
# build and the ASan+UBSan build. ZVM_SOAK=1 runs 20x more variants;
# FASTPATH_SEED picks another seed.
cd "$(dirname "$0")/../.." || exit 2
ZVM_ROOT=${ZVM_ROOT:-$(pwd)}
ZVM_BUILD=${ZVM_BUILD:-$ZVM_ROOT/build}
ZVM_BIN=${ZVM_BIN:-$ZVM_BUILD/bin}
export ZVM_ROOT ZVM_BUILD ZVM_BIN
T=$ZVM_BUILD/tests/fastpath/fastpath-diff
AT=$ZVM_BUILD/asan/tests/fastpath/fastpath-diff
W=$ZVM_BUILD/tests/fastpath/work
seed=${FASTPATH_SEED:-1}
count=3000
[ -n "${ZVM_SOAK:-}" ] && count=60000
rc=0

for bin in "$T" "$AT"; do
	if [ ! -x "$bin" ]; then
		echo "FAIL fastpath/build: $bin not built (make test builds it)"
		exit 1
	fi
done

kind=clang
[ -x "$ZVM_BIN/zvm-rewrite" ] && kind=rewrite
sets=$(sh tests/decode/corpus.sh "$kind" "lua5.4 zlib" "O2 O0")
if [ -z "$sets" ]; then
	echo "FAIL fastpath/corpus: no $kind corpus objects were built"
	exit 1
fi
rm -rf "$W"
mkdir -p "$W"
echo "$sets" | while read -r pkg opt dir; do
	for o in "$dir"/*.o; do
		objcopy -O binary -j .text "$o" "$W/$pkg-$opt-$(basename "$o" .o).bin" 2>/dev/null
	done
done
# shellcheck disable=SC2046
set -- $(find "$W" -name '*.bin' -size +0 | sort)
if [ $# -eq 0 ]; then
	echo "FAIL fastpath/corpus: the corpus objects hold no .text"
	exit 1
fi
"$T" "fastpath/$kind" "$seed" "$count" "$@" || rc=1
"$AT" "fastpath/asan/$kind" "$((seed + 1))" "$((count / 10))" "$@" || rc=1
rm -rf "$W"
exit $rc
