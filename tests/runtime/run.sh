#!/bin/sh
# Runtime suite: whole zerovm sessions, each run with the plain runtime
# (runtime/NAME) and with the UBSan build (runtime/ubsan/NAME). The guests are
# C programs (guests/*.c, built with zvm-cc) and hand-written assembly
# (asm/*.s, linked by the suite), cached in $ZVM_BUILD/tests/runtime.
#   manifest.sh  manifests end to end: exit code, validator state, exit state
#   channels.sh  channel types, devices, FIFOs, pipes, EOF, quotas, etags, 64 MiB
#   traps.sh     trap abuse: bad handles, pointers, sizes, offsets, functions
#   jail.sh      zvm_jail / zvm_unjail and W^X
#   escape.sh    nexes that try to leave the sandbox
#   exit.sh      exit codes, guest faults, memory, the user manifest, timeouts
# Debugging: ZVM_RUNTIME_AREAS="traps jail" runs only those areas,
# ZVM_RUNTIME_ONLY=ERE only the tests whose name matches, ZVM_KEEP=1 keeps the
# work directory.
# Prints "PASS runtime/NAME" or "FAIL runtime/NAME: why".
. "$(dirname "$0")/lib.sh"
cd "$W" || exit 2
for area in ${ZVM_RUNTIME_AREAS:-manifest channels traps jail escape exit}; do
	echo "-- $area"
	. "$here/$area.sh"
done
. "$root/tests/cli.sh"
cli_info runtime zerovm "$bin/zerovm" | tee -a "$RESULTS"
# The trap handler and the dynamic-code state machine under libFuzzer
# (UBSan; fuzz/fuzz_trap.c, fuzz/fuzz_jail.c), briefly.
for f in trap:200000 jail:2000; do
	runs=${f#*:} f=${f%:*}
	fuzzer=$build/fuzz/fuzz_$f
	if [ ! -x "$fuzzer" ]; then
		echo "FAIL runtime/fuzz-$f: $fuzzer not built (fuzz/$f.mk)"
		echo FAIL >>"$RESULTS"
	elif mkdir -p "$W/fz-$f" && "$fuzzer" -runs=$runs -seed=1 "$W/fz-$f" "$root/fuzz/corpus/$f" >"$W/fuzz-$f.log" 2>&1; then
		echo "PASS runtime/fuzz-$f"
		echo PASS >>"$RESULTS"
	else
		echo "FAIL runtime/fuzz-$f: $(grep -m3 -E 'invariant|ERROR|SUMMARY|runtime error' "$W/fuzz-$f.log" | tr '\n' ' ')"
		echo FAIL >>"$RESULTS"
	fi
done
npass=$(grep -c PASS "$RESULTS")
nfail=$(grep -c FAIL "$RESULTS")
echo "runtime: $npass passed, $nfail failed"
[ "$nfail" = 0 ]
