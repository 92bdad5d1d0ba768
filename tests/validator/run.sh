#!/bin/sh
# tests/validator/run.sh - accept/reject tests for the x86-64 code validator
# (zvm-validate --raw: bare code at guest address 0x20000).
#
# Cases: tests/validator/cases/*.s, written by hand, one file per rule, and the
# branch-target cases that gen.py prints. Each case is AT&T assembly for
# clang's integrated assembler:
#   ### case: NAME
#   ### expect: ok | invalid [at +0xOFF] [reason WORDS]
#   [### epilogue: none]
#   ...
# "at +0xOFF" is the offset from 0x20000 of the first violation that
# zvm-validate reports; "reason WORDS" must occur in its reason text (case is
# ignored). The harness adds prelude.s in front (macros jmpabs, callabs,
# jeabs: branches to absolute guest addresses; label base = offset 0) and the
# epilogue ".p2align 5, 0xf4; .fill 32, 1, 0xf4" after the case, unless the
# case says "### epilogue: none".
#
# Each case is assembled (clang -c, objcopy -O binary -j .text) into
# $ZVM_BUILD/tests/validator/bin/STEM.NAME.bin, only when its text changed, and
# all cases are then checked in one zvm-validate run per binary: $ZVM_BIN's and
# $ZVM_ASAN_BIN's. A case passes when both binaries agree with it. Then the
# command-line tests (cli-*) check exit codes, --all and multiple files.
#
# Prints "PASS validator/NAME" or "FAIL validator/NAME: why" per test.

cd "$(dirname "$0")/../.." || exit 2
ZVM_ROOT=${ZVM_ROOT:-$(pwd)}
ZVM_BUILD=${ZVM_BUILD:-$ZVM_ROOT/build}
ZVM_BIN=${ZVM_BIN:-$ZVM_BUILD/bin}
ZVM_ASAN_BIN=${ZVM_ASAN_BIN:-$ZVM_BUILD/asan/bin}
T=$ZVM_ROOT/tests/validator
W=$ZVM_BUILD/tests/validator
CLANG=${CLANG:-clang}
OBJCOPY=${OBJCOPY:-objcopy}
export CLANG OBJCOPY W
LC_ALL=C
export LC_ALL
mkdir -p "$W/src" "$W/bin" "$W/obj" "$W/log" "$W/cli" || exit 2
rc=0
. "$ZVM_ROOT/tests/cli.sh"
cli_info validator zvm-validate "$ZVM_BIN/zvm-validate" || rc=1

# ---- the binaries under test -------------------------------------------------
tags=""
for b in "plain:$ZVM_BIN/zvm-validate" "asan:$ZVM_ASAN_BIN/zvm-validate"; do
	tag=${b%%:*}
	path=${b#*:}
	if [ -x "$path" ]; then
		tags="$tags $tag"
		eval "bin_$tag=\$path"
	else
		echo "FAIL validator/binary-$tag: $path not built (make $path)"
		rc=1
	fi
done

# ---- generated cases ----------------------------------------------------------
if python3 "$T/gen.py" >"$W/gen.s.tmp"; then
	cmp -s "$W/gen.s.tmp" "$W/gen.s" || mv "$W/gen.s.tmp" "$W/gen.s"
	rm -f "$W/gen.s.tmp"
	gen=$W/gen.s
else
	echo "FAIL validator/generator: gen.py failed"
	rc=1
	gen=
fi

# ---- split into one source file per case ---------------------------------------
awk -v W="$W" -v PRELUDE="$T/prelude.s" -f "$T/split.awk" "$T"/cases/*.s ${gen:+"$gen"} >"$W/split.out" || {
	echo "FAIL validator/split: split.awk failed"
	exit 1
}
grep -v '^!' "$W/split.out" >"$W/cases.tsv"
grep '^!' "$W/split.out" | while IFS="	" read -r n why; do
	echo "FAIL validator/${n#!}: broken case: $why"
done
grep -q '^!' "$W/split.out" && rc=1

# ---- assemble what changed -------------------------------------------------------
# A case is rebuilt when its .bin is missing or not newer than its .s (split.awk
# rewrites the .s only when the case text changed). -nt is not POSIX, but
# dash, bash and busybox sh have it.
cut -f1 "$W/cases.tsv" | while read -r n; do
	# shellcheck disable=SC3013
	[ "$W/bin/$n.bin" -nt "$W/src/$n.s" ] || echo "$n"
done >"$W/stale.txt"
# shellcheck disable=SC2016
xargs -P2 -n 16 sh -c '
	for n; do
		rm -f "$W/bin/$n.bin"
		if "$CLANG" -c --target=x86_64-linux-gnu -x assembler -o "$W/obj/$n.o" \
			"$W/src/$n.s" >"$W/log/$n.err" 2>&1 &&
		   "$OBJCOPY" -O binary -j .text "$W/obj/$n.o" "$W/bin/$n.bin.tmp" \
			>>"$W/log/$n.err" 2>&1; then
			mv "$W/bin/$n.bin.tmp" "$W/bin/$n.bin"
			rm -f "$W/obj/$n.o"
			rm -f "$W/log/$n.err"
		else
			rm -f "$W/bin/$n.bin.tmp"
		fi
	done' sh <"$W/stale.txt"
: >"$W/asmfail.tsv"
: >"$W/names.txt"
while IFS="	" read -r n rest; do
	if [ -f "$W/bin/$n.bin" ]; then
		echo "$n.bin" >>"$W/names.txt"
	else
		why=$(grep -m1 -i 'error' "$W/log/$n.err" 2>/dev/null)
		printf '%s\t%s\n' "$n" "${why:-no output}" >>"$W/asmfail.tsv"
	fi
done <"$W/cases.tsv"

# ---- validate every case with each binary -------------------------------------------
# One invocation per binary; the file list goes through xargs, which may split
# it (then every chunk is a separate run whose status is checked alike).
# A hung validator must not hang the suite (no timing is asserted: the limit
# is far above any real run, and hitting it only loses the missing lines).
limit=""
command -v timeout >/dev/null 2>&1 && limit="timeout 600"
checkargs=""
for tag in $tags; do
	eval "v=\$bin_$tag"
	rm -f "$W/out.$tag" "$W/err.$tag"
	# shellcheck disable=SC2086,SC2016,SC2154
	(cd "$W/bin" && xargs $limit sh -c '"$0" --raw "$@"; echo "status $?" >&2' "$v" \
		<"$W/names.txt" >"$W/out.$tag" 2>"$W/err.$tag")
	# Exit status: 1 when some case is invalid (there are such cases), never 2.
	bad=$(grep -v '^status 1$' "$W/err.$tag" | head -5)
	if [ -z "$bad" ] && grep -q '^status 1$' "$W/err.$tag"; then
		echo "PASS validator/batch-$tag"
	else
		echo "FAIL validator/batch-$tag: expected exit status 1 and no stderr, got: $(echo "$bad" | tr '\n' ' ')"
		rc=1
	fi
	checkargs="$checkargs tag=$tag $W/out.$tag"
done
# shellcheck disable=SC2086
awk -v BASE=131072 -v TAGS="$tags" -f "$T/check.awk" "$W/cases.tsv" "$W/asmfail.tsv" \
	$checkargs >"$W/check.out"
cat "$W/check.out"
grep -q '^FAIL' "$W/check.out" && rc=1

# ---- command-line tests ---------------------------------------------------------------
hexbytes() { # hex byte values -> the bytes on stdout
	for h; do
		# shellcheck disable=SC2059
		printf "\\$(printf %03o "0x$h")"
	done
}
hlts() { # n -> n hlt bytes
	i=0
	while [ "$i" -lt "$1" ]; do
		printf '\364'
		i=$((i + 1))
	done
}
C=$W/cli
hlts 32 >"$C/good.bin"
{ hexbytes 0f 05; hlts 62; } >"$C/bad.bin"
# Four violations: a memory operand without 0x67 at +0, a jmp at +2 into the
# middle of the movl at +4, syscall at +9 (then hlt to the bundle end), and an
# unmasked jmp *%rax at +0x20.
{ hexbytes 8b 00 eb 01 b8 01 00 00 00 0f 05; hlts 21; hexbytes ff e0; hlts 62; } >"$C/multi.bin"
: >"$C/empty.bin"
rm -f "$C/missing.bin"

# cli NAME WANT_STATUS WANT_STDOUT_REGEX_FILE ARGS... (run in $C, every binary)
cli() {
	name=$1 want=$2 pat=$3
	shift 3
	msg=""
	for tag in $tags; do
		eval "v=\$bin_$tag"
		out=$(cd "$C" && "$v" "$@" 2>"$C/$name.err")
		got=$?
		if [ "$got" != "$want" ]; then
			msg="$msg exit status $got, expected $want [$tag];"
		elif [ -n "$pat" ] && ! printf '%s\n' "$out" | awk -v pat="$pat" '
			BEGIN { n = split(pat, p, "|") }
			{ if (NR > n || $0 !~ p[NR]) exit 1 }
			END { if (NR != n) exit 1 }'; then
			msg="$msg output '$(printf '%s' "$out" | tr '\n' '/')' [$tag];"
		elif [ "$want" != 2 ] && [ -s "$C/$name.err" ]; then
			msg="$msg unexpected stderr '$(head -c 200 "$C/$name.err")' [$tag];"
		fi
	done
	if [ -z "$tags" ]; then
		echo "FAIL validator/$name: no zvm-validate binary"
		rc=1
	elif [ -z "$msg" ]; then
		echo "PASS validator/$name"
	else
		echo "FAIL validator/$name:$msg"
		rc=1
	fi
}
# Patterns: one extended regex per expected stdout line, separated by "|".
cli cli-exit0-valid 0 '^good\.bin: ok$' --raw good.bin
cli cli-exit1-invalid 1 '^bad\.bin: invalid at 0x20000: .' --raw bad.bin
cli cli-first-only 1 '^multi\.bin: invalid at 0x20000: .' --raw multi.bin
cli cli-all-sorted 1 '^multi\.bin: invalid at 0x20000: .*0x67|^multi\.bin: invalid at 0x20002: .*target|^multi\.bin: invalid at 0x20009: .|^multi\.bin: invalid at 0x20020: .*indirect' --raw --all multi.bin
cli cli-all-valid 0 '^good\.bin: ok$' --all --raw good.bin
cli cli-multiple-files 1 '^good\.bin: ok$|^bad\.bin: invalid at 0x20000: .|^good\.bin: ok$|^multi\.bin: invalid at 0x20000: .' --raw good.bin bad.bin good.bin multi.bin
cli cli-multiple-valid 0 '^good\.bin: ok$|^good\.bin: ok$' --raw good.bin good.bin
cli cli-empty-file 1 '^empty\.bin: invalid' --raw empty.bin
cli cli-missing-file 2 '' --raw missing.bin
cli cli-missing-among-others 2 '' --raw good.bin missing.bin bad.bin
cli cli-directory 2 '' --raw .
cli cli-no-files 2 '' --raw
cli cli-no-args 2 ''
cli cli-unknown-option 2 '' --bogus good.bin

exit $rc
