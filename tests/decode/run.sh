#!/bin/sh
# tests/decode/run.sh - differential decoding: val_decode_length() against
# objdump (binutils), on three sources of instructions:
#   random     instruction-shaped random bytes that our decoder accepts
#   clang-x32  clang's x32 output (-O2, -Os, -O0, -O2 -march=x86-64-v2) for
#              Debian sources: lua5.4, zlib and sqlite3's amalgamation
#   rewrite    the same sources through clang -S, zvm-rewrite and clang -c
#              (when $ZVM_BIN/zvm-rewrite exists)
# Lengths must agree on every instruction our decoder accepts. Instructions it
# rejects are whitelist gaps: counted per mnemonic and printed as a table
# (information, not failures), also kept in $ZVM_BUILD/decode/gaps.txt.
#
# Compiled objects are cached under $ZVM_BUILD/decode/obj; sources under
# $ZVM_BUILD/src (scripts/fetch-source.sh). ZVM_SOAK=1 runs 20x more random
# instructions; DECODE_SEED picks another random seed base.

cd "$(dirname "$0")/../.." || exit 2
ZVM_ROOT=${ZVM_ROOT:-$(pwd)}
ZVM_BUILD=${ZVM_BUILD:-$ZVM_ROOT/build}
ZVM_BIN=${ZVM_BIN:-$ZVM_BUILD/bin}
W=$ZVM_BUILD/decode
mkdir -p "$W/gaps"
rm -f "$W"/gaps/*.tsv
rc=0
start=$(date +%s)

tool=$ZVM_BUILD/asan/tests/decode/decode-diff
[ -x "$tool" ] || tool=$ZVM_BUILD/tests/decode/decode-diff
plain=$ZVM_BUILD/tests/decode/decode-diff
[ -x "$plain" ] || plain=$tool
if [ ! -x "$tool" ]; then
	echo "FAIL decode/build: decode-diff not built (make test builds it)"
	exit 1
fi

# ---- random instruction streams ----------------------------------------------
per=250000
nseeds=4
[ -n "${ZVM_SOAK:-}" ] && nseeds=80
base=${DECODE_SEED:-0}
i=1
while [ "$i" -le "$nseeds" ]; do
	seed=$((base + i))
	"$tool" random "$seed" "$per" "$W" "random-seed$seed"
	st=$?
	if [ "$st" != 0 ]; then
		rc=1
		# 1 is a reported failure; anything else (a sanitizer report) is not
		[ "$st" = 1 ] ||
			echo "FAIL decode/random-seed$seed: decode-diff exited with status $st"
	fi
	i=$((i + 1))
done
rm -f "$W"/random-seed*.bin

# ---- corpus: Debian sources compiled for x32 (tests/decode/corpus.sh) -----------
gaptable() { # title files...
	title=$1
	shift
	cat "$@" 2>/dev/null | awk -F'\t' '
		{ c[$2] += $1; if (!($2 in ex)) { ex[$2] = $3; why[$2] = $4 } }
		END { for (m in c) printf "%8d  %-24s  %-44s  %s\n", c[m], m, ex[m], why[m] }' |
		sort -rn >"$W/gaps.$title.txt"
	total=$(awk '{ s += $1 } END { print s + 0 }' "$W/gaps.$title.txt")
	echo ""
	echo "Whitelist gaps ($title): $total objdump instructions that our decoder rejects, by mnemonic"
	printf "%8s  %-24s  %-44s  %s\n" count mnemonic "example bytes" "decoder says"
	head -60 "$W/gaps.$title.txt"
	nm=$(wc -l <"$W/gaps.$title.txt")
	[ "$nm" -gt 60 ] && echo "  ... $((nm - 60)) more mnemonics in $W/gaps.$title.txt"
	echo ""
}

compare() { # kind label-prefix
	sets=$W/sets.$1
	sh tests/decode/corpus.sh "$1" >"$sets" || rc=1
	if [ ! -s "$sets" ]; then
		echo "FAIL decode/$2: no corpus objects were built"
		rc=1
		return
	fi
	while read -r pkg opt dir; do
		# shellcheck disable=SC2046
		"$plain" objects "$2/$pkg/$opt" "$W/gaps/$1-$pkg-$opt.tsv" \
			$(find "$dir" -name '*.o' | sort)
		st=$?
		if [ "$st" != 0 ]; then
			echo "$pkg $opt" >>"$W/objfail.$1"
			[ "$st" = 1 ] ||
				echo "FAIL decode/$2/$pkg/$opt: decode-diff exited with status $st"
		fi
	done <"$sets"
	[ -f "$W/objfail.$1" ] && rc=1
	rm -f "$W/objfail.$1" "$sets"
	gaptable "$2" "$W"/gaps/"$1"-*.tsv
}

compare clang clang-x32
cp "$W/gaps.clang-x32.txt" "$W/gaps.txt" 2>/dev/null

# ---- the toolchain's output: clang -S, zvm-rewrite, clang -c -------------------
if [ -x "$ZVM_BIN/zvm-rewrite" ]; then
	compare rewrite rewrite
else
	echo "note: $ZVM_BIN/zvm-rewrite does not exist yet: the rewritten-code comparison is skipped"
fi

echo "decode suite: $(( $(date +%s) - start ))s"
exit $rc
