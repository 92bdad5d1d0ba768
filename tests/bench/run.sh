#!/bin/sh
# tests/bench/run.sh - the benchmarks run: `sh bench/run.sh quick` (every
# benchmark once, small sizes) succeeds and its results.json has every
# figure. Timings are never asserted. Prints "PASS bench/NAME" or
# "FAIL bench/NAME: why".
cd "$(dirname "$0")/../.." || exit 2
ZVM_BUILD=${ZVM_BUILD:-$(pwd)/build}
export ZVM_BUILD
res=$ZVM_BUILD/bench/quick/results.json
log=$ZVM_BUILD/bench/quick.log
mkdir -p "$ZVM_BUILD/bench"
rm -f "$res"
if sh bench/run.sh quick >"$log" 2>&1; then
	echo "PASS bench/quick-runs"
else
	echo "FAIL bench/quick-runs: $(grep -i 'bench:\|error\|fail' "$log" | head -3 | tr '\n' ' ')"
fi
keys="cpu_model overhead_geomean overhead_max cold_start_ratio warm_start_ratio validator_vs_sha256
zvsh_start_ratio lua_cold_start_ratio lua_warm_start_ratio overhead_lua warm_floor_ratio
overhead_recurse_mret_inplace overhead_recurse_mret_pop retform_ret_ratio retform_pop_ratio
retform_inplace_ratio retform_twostore_ratio jtalign_interp_align32_ratio jtalign_interp_stub_ratio
jtalign_interp_zerovm_ratio seccomp_floor_delta_us"
for k in cold warm trap; do
	keys="$keys seccomp_${k}_us seccomp_${k}_nofilter_us seccomp_${k}_ratio seccomp_${k}_delta_us"
done
for p in recurse interp; do
	for f in ret pop inplace twostore; do
		keys="$keys retform_${p}_${f}_ratio"
	done
done
for p in bench/cpu/*.c; do
	keys="$keys overhead_$(basename "$p" .c)"
done
missing=$(python3 - "$res" $keys <<'PY'
import json, sys
try:
    res = json.load(open(sys.argv[1]))
except (OSError, ValueError) as e:
    print("no results.json: %s" % e)
    sys.exit(0)
bad = [k for k in sys.argv[2:] if not isinstance(res.get(k), (int, float, str)) or
       (k != "cpu_model" and not isinstance(res.get(k), (int, float)))]
print(" ".join(bad))
PY
)
[ -z "$missing" ] && echo "PASS bench/results-keys" || echo "FAIL bench/results-keys: missing $missing"
# the wasm peer is a column where it runs: at least one wasm_ ratio or a note
if grep -q '"wasm_[a-z]*":\|"wasm_note"' "$res" 2>/dev/null; then
	echo "PASS bench/wasm-peer"
else
	echo "FAIL bench/wasm-peer: no wasm_ ratios and no note in $res"
fi
grep -q 'Return forms' "$log" && echo "PASS bench/return-forms" ||
	echo "FAIL bench/return-forms: no return-form table in $log"
# The whole-program return forms are what they say: each binary's own code
# returns that way (a rewrite that matched nothing would time plain rets).
rf=$ZVM_BUILD/bench/retform
bad=""
for p in recurse interp; do
	[ "$(objdump -d "$rf/$p.pop" | awk '/<main>:/,/^$/' | grep -c 'jmp  *\*%r11')" -gt 0 ] || bad="$bad $p.pop"
	[ "$(objdump -d "$rf/$p.inplace" | awk '/<main>:/,/^$/' | grep -c 'mov  *%r11,(%rsp)')" -gt 0 ] || bad="$bad $p.inplace"
	[ "$(objdump -d "$rf/$p.twostore" | awk '/<main>:/,/^$/' | grep -c 'movl  *$0x0,0x4(%rsp)')" -gt 0 ] || bad="$bad $p.twostore"
	objdump -d "$rf/$p.ret" | awk '/<main>:/,/^$/' | grep -q '%r11' && bad="$bad $p.ret"
done
[ -z "$bad" ] && echo "PASS bench/retform-rewritten" || echo "FAIL bench/retform-rewritten:$bad"
