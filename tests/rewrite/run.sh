#!/bin/sh
# Tests of zvm-rewrite, the sandboxing assembly rewriter.
#
#  1. Golden cases (cases/NAME.s): the output must equal cases/NAME.out, must
#     assemble with clang's integrated assembler, and its code must pass
#     zvm-validate --raw. A first line "# flags: ..." passes options. Error
#     cases (cases/NAME.err) must exit 1 with no output and print every line
#     of NAME.err (as a substring of some line of stderr). A line
#     "# no-validate: why" skips the validation of a case's output.
#  2. Corpus (c/*.c): compiled at -O0, -O2 and -Os (and -O2 with -mret=pop),
#     rewritten, assembled; every code section must validate.
#  3. Execution (exec/): the corpus plus exec/main.c, linked as an x32 program
#     both from the original C and from the rewritten assembly, run by
#     exec/xrun inside a 64-bit process; both runs must print the same text,
#     and the linked text of the rewritten program must validate.
#
# ZVM_UPDATE=1 rewrites the .out files of the golden cases (review the diff).
ROOT=${ZVM_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${ZVM_BUILD:-$ROOT/build}
BIN=${ZVM_BIN:-$BUILD/bin}
ABIN=${ZVM_ASAN_BIN:-$BUILD/asan/bin}
HERE=$ROOT/tests/rewrite
T=$BUILD/tests/rewrite
mkdir -p "$T" || exit 2

RW=$ABIN/zvm-rewrite
[ -x "$RW" ] || RW=$BIN/zvm-rewrite
VAL=$BIN/zvm-validate
CC32="clang --target=x86_64-linux-gnux32"
CFLAGS32="-ffreestanding -fno-stack-protector -fno-pic"

pass() { echo "PASS rewrite/$1"; }
fail() { echo "FAIL rewrite/$1: $2"; }
. "$ROOT/tests/cli.sh"
cli_info rewrite zvm-rewrite "$BIN/zvm-rewrite"

if [ ! -x "$RW" ]; then
	fail build "zvm-rewrite is not built ($RW)"
	exit 1
fi

# extract OBJ BIN: the code sections of OBJ, each padded to 32 bytes with hlt,
# then 32 bytes of hlt (what zvm-validate --raw expects).
extract() {
	: >"$2"
	for sec in $(objdump -h "$1" | awk '/^ *[0-9]+ /{n=$2; getline; if ($0 ~ /CODE/) print n}'); do
		objcopy -O binary --only-section="$sec" "$1" "$2.sec" || return 1
		cat "$2.sec" >>"$2"
		sz=$(stat -c %s "$2")
		head -c $(((32 - sz % 32) % 32)) /dev/zero | tr '\0' '\364' >>"$2"
	done
	rm -f "$2.sec"
	head -c 32 /dev/zero | tr '\0' '\364' >>"$2"
}

# validate NAME S: assembles S and validates its code; prints FAIL and
# returns 1 on a problem.
validate() {
	if ! $CC32 -c "$2" -o "$2.o" 2>"$2.as.err"; then
		fail "$1" "does not assemble: $(head -3 "$2.as.err" | tr '\n' ' ')"
		return 1
	fi
	if ! extract "$2.o" "$2.bin"; then
		fail "$1" "cannot extract the code"
		return 1
	fi
	if [ ! -x "$VAL" ]; then
		fail "$1" "zvm-validate is not built ($VAL)"
		return 1
	fi
	if ! "$VAL" --raw --all "$2.bin" >"$2.val" 2>&1; then
		fail "$1" "rejected by the validator: $(head -3 "$2.val" | tr '\n' ' ')"
		return 1
	fi
	return 0
}

# ---- 1. golden cases --------------------------------------------------------
cd "$HERE/cases" || exit 2
mkdir -p "$T/cases"
for s in *.s; do
	name=${s%.s}
	flags=$(sed -n '1s/^# flags: //p' "$s")
	out=$T/cases/$name.s
	# shellcheck disable=SC2086
	"$RW" $flags "$s" >"$out" 2>"$T/cases/$name.stderr"
	rc=$?
	if [ -f "$name.err" ]; then
		if [ $rc != 1 ]; then
			fail "case/$name" "exit status $rc, expected 1"
			continue
		fi
		if [ -s "$out" ]; then
			fail "case/$name" "output written despite the error"
			continue
		fi
		missing=""
		while IFS= read -r line; do
			[ -z "$line" ] && continue
			grep -qF -- "$line" "$T/cases/$name.stderr" || missing="$line"
		done <"$name.err"
		if [ -n "$missing" ]; then
			fail "case/$name" "stderr lacks '$missing' (got: $(head -3 "$T/cases/$name.stderr" | tr '\n' ' '))"
			continue
		fi
		pass "case/$name"
		continue
	fi
	if [ $rc != 0 ]; then
		fail "case/$name" "exit status $rc: $(head -3 "$T/cases/$name.stderr" | tr '\n' ' ')"
		continue
	fi
	if [ -n "$ZVM_UPDATE" ]; then
		cp "$out" "$name.out"
	fi
	if [ ! -f "$name.out" ]; then
		fail "case/$name" "no expected output $name.out"
		continue
	fi
	if ! diff -u "$name.out" "$out" >"$T/cases/$name.diff"; then
		fail "case/$name" "output differs from $name.out (see $T/cases/$name.diff)"
		head -20 "$T/cases/$name.diff"
		continue
	fi
	if grep -q '^# no-validate' "$s"; then
		pass "case/$name"
		continue
	fi
	validate "case/$name" "$out" && pass "case/$name"
done

# ---- 2. corpus ----------------------------------------------------------------
cd "$HERE/c" || exit 2
mkdir -p "$T/corpus"
for c in *.c; do
	for v in O0 O2 Os O2-pop; do
		opt=-${v%-pop}
		rwflags=""
		[ "$v" = O2-pop ] && rwflags=-mret=pop
		base=$T/corpus/${c%.c}.$v
		name=corpus/${c%.c}.$v
		# shellcheck disable=SC2086
		if ! $CC32 $opt -S $CFLAGS32 "$c" -o "$base.s" 2>"$base.cc.err"; then
			fail "$name" "clang -S failed: $(head -3 "$base.cc.err" | tr '\n' ' ')"
			continue
		fi
		# shellcheck disable=SC2086
		if ! "$RW" $rwflags "$base.s" -o "$base.rw.s" 2>"$base.rw.err"; then
			fail "$name" "zvm-rewrite failed: $(head -3 "$base.rw.err" | tr '\n' ' ')"
			continue
		fi
		validate "$name" "$base.rw.s" && pass "$name"
	done
done

# ---- 3. execution ---------------------------------------------------------------
X=$T/exec
mkdir -p "$X"
if ! clang -O2 -Wall -Wextra -Werror -o "$X/xrun" "$HERE/exec/xrun.c" 2>"$X/xrun.err"; then
	fail exec "cannot build xrun: $(head -3 "$X/xrun.err" | tr '\n' ' ')"
	exit 0
fi
for v in O0 O2 Os O2-pop; do
	opt=-${v%-pop}
	rwflags=""
	[ "$v" = O2-pop ] && rwflags=-mret=pop
	d=$X/$v
	rm -rf "$d"
	mkdir -p "$d"
	ok=1
	for c in "$HERE"/c/*.c "$HERE/exec/main.c"; do
		b=$d/$(basename "${c%.c}")
		# shellcheck disable=SC2086
		if ! $CC32 $opt -c $CFLAGS32 "$c" -o "$b.orig.o" 2>"$b.err" ||
			! $CC32 $opt -S $CFLAGS32 "$c" -o "$b.s" 2>>"$b.err" ||
			! "$RW" $rwflags "$b.s" -o "$b.rw.s" 2>>"$b.err" ||
			! $CC32 -c "$b.rw.s" -o "$b.rw.o" 2>>"$b.err"; then
			fail "exec/$v" "cannot build $(basename "$c"): $(head -3 "$b.err" | tr '\n' ' ')"
			ok=0
			break
		fi
	done
	[ $ok = 1 ] || continue
	for k in orig rw; do
		if ! ld.lld -m elf32_x86_64 -static -N -T "$HERE/exec/link.ld" \
			-o "$d/$k.elf" "$d"/*."$k".o 2>"$d/$k.ld.err"; then
			fail "exec/$v" "cannot link the $k program: $(head -3 "$d/$k.ld.err" | tr '\n' ' ')"
			ok=0
			break
		fi
		if ! "$X/xrun" "$d/$k.elf" >"$d/$k.txt" 2>"$d/$k.run.err"; then
			fail "exec/$v" "the $k program failed: $(head -3 "$d/$k.run.err" | tr '\n' ' ')"
			ok=0
			break
		fi
	done
	[ $ok = 1 ] || continue
	# The linked text (real call targets, at the raw address 0x20000) validates.
	if extract "$d/rw.elf" "$d/rw.bin" && [ -x "$VAL" ] &&
		"$VAL" --raw --all "$d/rw.bin" >"$d/rw.val" 2>&1; then
		pass "exec/$v/validate"
	else
		fail "exec/$v/validate" "linked text rejected: $(head -3 "$d/rw.val" 2>/dev/null | tr '\n' ' ')"
	fi
	if ! grep -q '^misc: ' "$d/orig.txt"; then
		fail "exec/$v" "the original program printed no complete result"
	elif ! cmp -s "$d/orig.txt" "$d/rw.txt"; then
		fail "exec/$v" "rewritten code computes differently: $(diff "$d/orig.txt" "$d/rw.txt" | head -4 | tr '\n' ' ')"
	else
		pass "exec/$v"
	fi
done
exit 0
