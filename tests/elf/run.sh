#!/bin/sh
# tests/elf/run.sh - val_elf_check(), the validator's ELF checks:
#   1. the in-memory cases of tests/elf/elf_test.c (valid images, hostile and
#      malformed variants, truncation at every length, random mutations), in
#      the plain build (elf/NAME) and the ASan+UBSan build (elf/asan/NAME);
#   2. a real nexe linked by ld.lld with tests/elf/nexe.ld (accepted, and its
#      text passes val_validate), and real links that break one rule each;
#   3. the ELF fuzzer: the seed corpus replayed, then a short run.
# ZVM_SOAK=1 runs the fuzzer and the mutations much longer.
cd "$(dirname "$0")/../.." || exit 2
ZVM_ROOT=${ZVM_ROOT:-$(pwd)}
ZVM_BUILD=${ZVM_BUILD:-$ZVM_ROOT/build}
T=$ZVM_BUILD/tests/elf/elf-test
AT=$ZVM_BUILD/asan/tests/elf/elf-test
FZ=$ZVM_BUILD/fuzz/fuzz-elf
NEXE=$ZVM_BUILD/tests/elf/hlt.nexe
W=$ZVM_BUILD/tests/elf/work
rc=0

for bin in "$T" "$AT" "$FZ"; do
	if [ ! -x "$bin" ]; then
		echo "FAIL elf/build: $bin not built (make test builds it)"
		exit 1
	fi
done

# 1. in-memory cases
"$T" run elf || rc=1
"$AT" run elf/asan || rc=1

# 2. real links
if [ -f "$NEXE" ]; then
	"$AT" validate nexe-lld-accepted "$NEXE" || rc=1
else
	echo "FAIL elf/nexe-lld-accepted: $NEXE not built"
	rc=1
fi
rm -rf "$W"
mkdir -p "$W"
obj=$ZVM_BUILD/tests/elf/start.o
# variant NAME 'SED SCRIPT' 'WANTED ERROR WORDS' [extra ld flags]
variant() {
	name=$1 edit=$2 want=$3
	shift 3
	sed "$edit" tests/elf/nexe.ld >"$W/$name.ld"
	if cmp -s tests/elf/nexe.ld "$W/$name.ld" && [ $# = 0 ]; then
		echo "FAIL elf/$name: the edit '$edit' changed nothing in nexe.ld"
		rc=1
		return
	fi
	if ! ld.lld -m elf32_x86_64 -T "$W/$name.ld" -static -z noexecstack --build-id=none \
		"$@" "$obj" -o "$W/$name.nexe" 2>"$W/$name.err"; then
		echo "FAIL elf/$name: link failed: $(head -3 "$W/$name.err")"
		rc=1
		return
	fi
	"$AT" check "$name" "$W/$name.nexe" "$want" || rc=1
}
variant lld-text-at-0x30000 's/\. = 0x20000;/. = 0x30000;/' \
	"the text segment starts at 0x30000, not at 0x20000"
variant lld-text-wx 's/text   PT_LOAD FLAGS(5)/text PT_LOAD FLAGS(7)/' \
	"is writable and executable"
variant lld-rodata-x 's/rodata PT_LOAD FLAGS(4)/rodata PT_LOAD FLAGS(5)/' \
	"a second executable segment"
variant lld-exec-stack 's/stack  PT_GNU_STACK FLAGS(6)/stack PT_GNU_STACK FLAGS(7)/' \
	"PT_GNU_STACK asks for an executable stack"
variant lld-no-hlt-tail '/ALIGN(32)/d; /LONG(0xf4f4f4f4)/d' \
	"is not a multiple of the 32-byte bundle"
variant lld-rodata-shares-text-page '0,/ALIGN(0x1000)/{/ALIGN(0x1000)/d}' \
	"overlap or share a page"
variant lld-pie '' "e_type 3 (ET_DYN) is not ET_EXEC" -pie
if ld.lld -m elf32_x86_64 -static -e _start "$obj" -o "$W/lld-default.nexe" 2>"$W/lld-default.err"; then
	"$AT" check lld-default-layout "$W/lld-default.nexe" "not at 0x20000" || rc=1
else
	echo "FAIL elf/lld-default-layout: link failed: $(head -3 "$W/lld-default.err")"
	rc=1
fi

# 3. the fuzzer: replay the seeds one by one, then a short run that writes its
# new inputs into a scratch corpus (never into the repository's).
corpus=fuzz/corpus/elf
if [ -d "$corpus" ] && [ -n "$(ls "$corpus")" ]; then
	if "$FZ" "$corpus"/* >"$W/replay.log" 2>&1; then
		echo "PASS elf/fuzz-corpus-replay"
		echo "   $(find "$corpus" -type f | wc -l) seeds replayed"
	else
		echo "FAIL elf/fuzz-corpus-replay: see $W/replay.log"
		tail -20 "$W/replay.log"
		rc=1
	fi
else
	echo "FAIL elf/fuzz-corpus-replay: no seeds in $corpus"
	rc=1
fi
runs=1000000
[ -n "${ZVM_SOAK:-}" ] && runs=20000000
mkdir -p "$W/fuzz-corpus" "$W/fuzz-artifacts"
if "$FZ" -runs="$runs" -seed=1 -max_len=4096 -artifact_prefix="$W/fuzz-artifacts/" \
	"$W/fuzz-corpus" "$corpus" >"$W/fuzz.log" 2>&1; then
	echo "PASS elf/fuzz-run"
	echo "   $(grep -o 'Done [0-9]* runs.*' "$W/fuzz.log")"
else
	echo "FAIL elf/fuzz-run: see $W/fuzz.log and $W/fuzz-artifacts"
	tail -30 "$W/fuzz.log"
	rc=1
fi
exit $rc
