#!/bin/sh
# tests/oracle/run.sh - the soundness oracle: code the validator accepts is
# executed one instruction at a time under ptrace, and every memory access and
# control transfer must stay in the sandbox (tests/oracle/oracle.c says how).
#
#   controls         negative controls (code the validator must reject, run
#                    unvalidated: the oracle must flag every one) and positive
#                    ones (accepted and contained); proves the oracle can fail
#   fuzz-validate    a short libFuzzer run of build/fuzz/fuzz_validate
#   random           generated programs (deterministic seeds) that the
#                    validator accepts
#   validator-cases  the ok cases of tests/validator, from their cached
#                    binaries, when present
#   nexes            the text of every valid nexe under $ZVM_BUILD, when present
#
# after: validator (its assembled ok cases are inputs here)
#
# Last line: "oracle: N inputs accepted, M executions, S single steps, V
# violations". ZVM_SOAK=1 runs ten times more; ORACLE_SEED picks other seeds.

cd "$(dirname "$0")/../.." || exit 2
ZVM_ROOT=${ZVM_ROOT:-$(pwd)}
ZVM_BUILD=${ZVM_BUILD:-$ZVM_ROOT/build}
W=$ZVM_BUILD/oracle
ORACLE=$ZVM_BUILD/tests/oracle/oracle
FUZZ=$ZVM_BUILD/fuzz/fuzz_validate
seed=${ORACLE_SEED:-1}
count=3000
fuzz_time=20
[ -n "${ZVM_SOAK:-}" ] && count=30000 && fuzz_time=200
rm -rf "$W"
mkdir -p "$W"
rc=0

if [ ! -x "$ORACLE" ]; then
	echo "FAIL oracle/build: $ORACLE not built (make test builds it)"
	exit 1
fi
if ! command -v objdump >/dev/null 2>&1; then
	echo "FAIL oracle/objdump: objdump (binutils) is needed for instruction starts"
	exit 1
fi

# Every mode prints a summary line; they are added up at the end.
summaries=$W/summaries
: >"$summaries"
run() { # name, oracle arguments...
	name=$1
	shift
	"$ORACLE" "$@" >"$W/$name.log" 2>&1
	st=$?
	grep '^oracle: ' "$W/$name.log" >>"$summaries"
	grep -v '^oracle: ' "$W/$name.log" | grep -E '^(PASS|FAIL|note)' || true
	if [ "$st" = 0 ]; then
		echo "PASS oracle/$name ($(grep '^oracle: ' "$W/$name.log" | sed 's/^oracle: //'))"
	else
		v=$(grep -c '^VIOLATION' "$W/$name.log")
		echo "FAIL oracle/$name: exit status $st, $v violations (log: $W/$name.log)"
		# the first violation in full
		sed -n '/^VIOLATION/,/^  disassembly/p' "$W/$name.log" | head -40
		rc=1
	fi
}

# ---- controls -----------------------------------------------------------------
"$ORACLE" controls >"$W/controls.log" 2>&1
st=$?
cat "$W/controls.log" | grep -E '^(PASS|FAIL|note)'
neg=$(grep -c '^PASS oracle/control-.*(flagged' "$W/controls.log")
if [ "$st" != 0 ]; then
	echo "FAIL oracle/controls: exit status $st (log: $W/controls.log)"
	rc=1
elif [ "$neg" -lt 20 ]; then
	echo "FAIL oracle/controls: only $neg negative controls were flagged"
	rc=1
else
	echo "PASS oracle/controls ($neg negative controls flagged)"
fi

# ---- libFuzzer on val_validate ----------------------------------------------------
if [ -x "$FUZZ" ]; then
	mkdir -p "$W/fuzz-corpus"
	"$FUZZ" -seed="$seed" -max_total_time="$fuzz_time" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$W/fuzz-" \
		"$W/fuzz-corpus" fuzz/corpus/validate >"$W/fuzz.log" 2>&1
	st=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$W/fuzz.log")
	if [ "$st" = 0 ]; then
		echo "PASS oracle/fuzz-validate (${runs:-?} runs in ${fuzz_time}s)"
	else
		echo "FAIL oracle/fuzz-validate: exit status $st (log: $W/fuzz.log; crash input: $(ls "$W"/fuzz-* 2>/dev/null | head -1))"
		grep -E 'invariant failed|ERROR|SUMMARY' "$W/fuzz.log" | head -5
		rc=1
	fi
else
	echo "FAIL oracle/fuzz-validate: $FUZZ not built (make test builds it)"
	rc=1
fi

# ---- generated programs ---------------------------------------------------------
run random random --seed "$seed" --count "$count" --steps 2000 -q --save "$W/violations"

# ---- the validator suite's accepted cases ---------------------------------------
V=$ZVM_BUILD/tests/validator
if [ -f "$V/cases.tsv" ] && [ -d "$V/bin" ]; then
	awk -F'\t' -v d="$V/bin" '$2 == "ok" { print d "/" $1 ".bin" }' "$V/cases.tsv" |
		while read -r f; do [ -f "$f" ] && echo "$f"; done >"$W/cases.list"
	if [ -s "$W/cases.list" ]; then
		# shellcheck disable=SC2046
		run validator-cases files --runs 4 --steps 2000 --save "$W/violations" \
			$(cat "$W/cases.list")
	else
		echo "note: no assembled ok cases under $V/bin"
	fi
else
	echo "note: $V/cases.tsv not found (run the validator suite first): cases skipped"
fi

# ---- nexes (the toolchain's output and test programs) ----------------------------
# (at most 60 of them, 600 with ZVM_SOAK)
maxn=60
[ -n "${ZVM_SOAK:-}" ] && maxn=600
find "$ZVM_BUILD" -name '*.nexe' -type f 2>/dev/null | sort | head -n "$maxn" >"$W/nexes.list"
if [ -s "$W/nexes.list" ]; then
	# the ones that are not valid nexes (ELF test cases) are skipped
	# shellcheck disable=SC2046
	run nexes nexe --runs 20 --steps 3000 --save "$W/violations" $(cat "$W/nexes.list")
else
	echo "note: no nexes under $ZVM_BUILD yet"
fi

awk '{ a += $2; e += $5; s += $7; v += $10 }
     END { printf "oracle: %d inputs accepted, %d executions, %d single steps, %d violations\n",
           a, e, s, v }' "$summaries"
exit $rc
