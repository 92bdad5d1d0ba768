#!/bin/sh
# fuzz/run.sh short|long - runs every fuzz target built in build/fuzz/ (the
# FUZZERS of fuzz/rules.mk and fuzz/elf.mk): first over its committed seed
# corpus fuzz/corpus/<name>/ (<name>: the target without "fuzz_"), then for
# a time budget (short: 15 s each, long: 10 minutes each). New corpus entries
# go to build/fuzz/corpus/<name>/, crash inputs to build/fuzz/artifacts/; the
# committed corpus is never written. Then, when it is built, the soundness
# oracle (tests/oracle) runs generated programs for the same budget.
# Prints "PASS fuzz/NAME" or "FAIL fuzz/NAME: why"; exits non-zero on a failure.
#   FUZZ_TIME  seconds per target (overrides short/long)
#   FUZZ_JOBS  parallel libFuzzer workers per target (default 1)
cd "$(dirname "$0")/.." || exit 2
ZVM_BUILD=${ZVM_BUILD:-$(pwd)/build}
case ${1:-short} in
short) t=15 ;;
long) t=600 ;;
*) echo "usage: fuzz/run.sh short|long" >&2; exit 2 ;;
esac
t=${FUZZ_TIME:-$t}
jobs=${FUZZ_JOBS:-1}
D=$ZVM_BUILD/fuzz
mkdir -p "$D/corpus" "$D/artifacts" "$D/logs"
rc=0
n=0

for bin in "$D"/*; do
	[ -f "$bin" ] && [ -x "$bin" ] || continue
	name=$(basename "$bin")
	name=${name#fuzz_}
	name=${name#fuzz-}
	seeds=fuzz/corpus/$name
	out=$D/corpus/$name
	log=$D/logs/$name.log
	mkdir -p "$out"
	[ -d "$seeds" ] || { echo "note: no seed corpus $seeds"; seeds=""; }
	n=$((n + 1))
	# 1. The seed corpus and what earlier runs found, once each.
	# shellcheck disable=SC2086
	if ! "$bin" -runs=0 -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix="$D/artifacts/$name-" "$out" $seeds >"$log.replay" 2>&1; then
		echo "FAIL fuzz/$name-corpus: a corpus input fails (log: $log.replay)"
		grep -E 'invariant failed|ERROR|SUMMARY' "$log.replay" | head -5
		rc=1
		continue
	fi
	# 2. Fuzzing for the budget; new inputs are kept in $out.
	# shellcheck disable=SC2086
	"$bin" -max_total_time="$t" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-jobs="$jobs" -workers="$jobs" \
		-artifact_prefix="$D/artifacts/$name-" "$out" $seeds >"$log" 2>&1
	st=$?
	[ "$jobs" -gt 1 ] && cat fuzz-*.log >>"$log" 2>/dev/null && rm -f fuzz-*.log
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | awk '{ s += $1 } END { print s + 0 }')
	if [ "$st" = 0 ]; then
		echo "PASS fuzz/$name ($runs runs in ${t}s, corpus $(ls "$out" | wc -l) files)"
	else
		art=$(ls -t "$D/artifacts/$name-"* 2>/dev/null | head -1)
		echo "FAIL fuzz/$name: exit status $st (log: $log; input: ${art:-none})"
		grep -E 'invariant failed|ERROR|SUMMARY' "$log" | head -5
		rc=1
	fi
done

# The soundness oracle: generated programs, for the same budget, with a seed
# that changes from run to run (it is printed, so a failure can be replayed).
ORACLE=$ZVM_BUILD/tests/oracle/oracle
if [ -x "$ORACLE" ]; then
	seed=$(date +%s)
	n=$((n + 1))
	"$ORACLE" random --seed "$seed" --time "$t" --steps 5000 -q \
		--save "$D/artifacts/oracle-$seed" >"$D/logs/oracle.log" 2>&1
	st=$?
	sum=$(grep '^oracle: ' "$D/logs/oracle.log" | sed 's/^oracle: //')
	if [ "$st" = 0 ]; then
		echo "PASS fuzz/oracle (seed $seed: $sum)"
	else
		echo "FAIL fuzz/oracle: seed $seed, exit status $st: $sum (log: $D/logs/oracle.log)"
		sed -n '/^VIOLATION/,/^  disassembly/p' "$D/logs/oracle.log" | head -40
		rc=1
	fi
fi

[ "$n" = 0 ] && { echo "FAIL fuzz: nothing built in $D (make fuzz builds the targets)"; exit 1; }
exit $rc
