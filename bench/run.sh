#!/bin/sh
# bench/run.sh [quick] - the benchmarks (`make bench`; `make bench-quick`).
#
# Each benchmark prints its table and writes its numbers to
# $ZVM_BUILD/bench/parts/NAME.json; at the end the parts are merged into
# $ZVM_BUILD/bench/results.json (keys of benchmarks that did not run this time
# are kept), with cpu_model from /proc/cpuinfo. quick: small inputs, one
# repetition, results in $ZVM_BUILD/bench/quick/ (for a test suite to call: it
# checks that the benchmarks run, not how fast).
#
# Benchmarks:
#   validator  val_validate() MB/s next to sha256sum MB/s on the same bytes of
#              real compiled code (goal: validator no slower than sha256sum).
#              The code is the corpus of tests/decode/corpus.sh (lua5.4, zlib,
#              sqlite3) built through zvm-rewrite when it exists: its .text
#              sections, each padded to 32 bytes with hlt, end to end, repeated
#              up to the input size, then 32 hlt. Without zvm-rewrite it falls
#              back to plain clang x32 code, validated with VAL_ALL_ERRORS, and
#              says so.
mode=${1:-full}
cd "$(dirname "$0")/.." || exit 2
ZVM_ROOT=${ZVM_ROOT:-$(pwd)}
ZVM_BUILD=${ZVM_BUILD:-$ZVM_ROOT/build}
ZVM_BIN=${ZVM_BIN:-$ZVM_BUILD/bin}
export ZVM_ROOT ZVM_BUILD ZVM_BIN
B=$ZVM_BUILD/bench
out=$B
case $mode in
full)
	pkgs="lua5.4 zlib sqlite3" opts="O2 Os O0" size=8000000 reps=9 ;;
quick)
	pkgs="lua5.4" opts="O2" size=262144 reps=1 out=$B/quick ;;
*)
	echo "usage: $0 [quick]" >&2
	exit 2 ;;
esac
mkdir -p "$out/parts"
rc=0

# ---- validator throughput ------------------------------------------------------
valbench=$B/valbench
if [ ! -x "$valbench" ]; then
	echo "bench: $valbench is not built (make bench builds it)" >&2
	exit 1
fi

kind=clang
if [ -x "$ZVM_BIN/zvm-rewrite" ]; then
	kind=rewrite
fi
sets=$(sh tests/decode/corpus.sh "$kind" "$pkgs" "$opts")
if [ -z "$sets" ] && [ "$kind" = rewrite ]; then
	echo "bench: the corpus does not build through zvm-rewrite; using plain clang output" >&2
	kind=clang
	sets=$(sh tests/decode/corpus.sh clang "$pkgs" "$opts")
fi
if [ -z "$sets" ]; then
	echo "bench: no corpus objects, so no validator benchmark" >&2
	exit 1
fi

# One unit: every object's .text, bundle-padded with hlt; then the unit
# repeated up to the size, and the hlt tail.
hlt() { head -c "$1" /dev/zero | tr '\0' '\364'; }
unit=$out/code.unit
code=$out/code.bin
: >"$unit"
echo "$sets" | while read -r pkg opt dir; do
	for o in "$dir"/*.o; do
		objcopy -O binary -j .text "$o" "$unit.one" 2>/dev/null || continue
		cat "$unit.one" >>"$unit"
		n=$(wc -c <"$unit")
		hlt $(( (32 - n % 32) % 32 )) >>"$unit"
	done
done
rm -f "$unit.one"
usize=$(wc -c <"$unit")
if [ "$usize" -eq 0 ]; then
	echo "bench: the corpus objects hold no .text" >&2
	exit 1
fi
: >"$code"
while [ "$(wc -c <"$code")" -lt "$size" ]; do
	cat "$unit" >>"$code"
done
hlt 32 >>"$code"
rm -f "$unit"
copies=$(( ($(wc -c <"$code") - 32) / usize ))

what="$(echo "$sets" | awk '{ p[$1] = 1; o[$2] = 1 } END {
	for (k in p) s = s (s ? "+" : "") k; t = ""; for (k in o) t = t (t ? "+" : "") k
	print s " " t }') .text, $usize bytes x $copies"
echo "Validator throughput (one core; input: $what)"
if [ "$kind" = rewrite ]; then
	note="sandboxed code (clang -S, zvm-rewrite, clang -c): $what"
	"$valbench" "$code" "$reps" "$out/parts/validator.json" "$note" || rc=1
	if grep -q '"validator_input_valid": false' "$out/parts/validator.json"; then
		echo "*** The rewritten code does not validate: measuring again with VAL_ALL_ERRORS ***"
		"$valbench" --all "$code" "$reps" "$out/parts/validator.json" \
			"REWRITTEN CODE THAT DOES NOT VALIDATE, checked with VAL_ALL_ERRORS: $what" || rc=1
	fi
else
	echo "*** zvm-rewrite does not exist yet: this is NOT YET SANDBOXED CODE (plain clang x32"
	echo "*** output), checked with VAL_ALL_ERRORS so that every instruction is still decoded"
	"$valbench" --all "$code" "$reps" "$out/parts/validator.json" \
		"NOT YET SANDBOXED CODE (plain clang x32, VAL_ALL_ERRORS): $what" || rc=1
fi
rm -f "$code"

# ---- cold start ------------------------------------------------------------------
# zerovm (parse, load, validate, run, report) of a freestanding hello against
# fork+exec of a native static hello; interleaved, medians.
runs=300
[ "$mode" = quick ] && runs=5
hello=$out/hello.nexe
"$ZVM_BIN/zvm-cc" -O2 -ffreestanding -nostdlib bench/hello_guest.c -o "$hello" || rc=1
cat >"$out/hello.manifest" <<EOM
Version = 20130611
Program = $hello
Memory = 67108864, 0
Timeout = 10
Channel = /dev/stdin, /dev/stdin, 0, 0, 1000, 1000000, 0, 0
Channel = /dev/stdout, /dev/stdout, 0, 0, 0, 0, 1000, 1000000
Channel = /dev/stderr, /dev/stderr, 0, 0, 0, 0, 1000, 1000000
EOM
echo
echo "Cold start ($runs runs each, interleaved)"
"$B/startbench" "$runs" "$out/parts/start.json" -- "$B/hello-native" -- \
	"$ZVM_BIN/zerovm" "$out/hello.manifest" || rc=1

# ---- merge the parts -----------------------------------------------------------
python3 - "$out" "$mode" <<'EOF' || rc=1
import glob, json, os, sys
out, mode = sys.argv[1], sys.argv[2]
path = os.path.join(out, "results.json")
try:
    with open(path) as f:
        res = json.load(f)
    if not isinstance(res, dict):
        res = {}
except (OSError, ValueError):
    res = {}
for part in sorted(glob.glob(os.path.join(out, "parts", "*.json"))):
    with open(part) as f:
        res.update(json.load(f))
cpu = "unknown"
try:
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
except OSError:
    pass
res["cpu_model"] = cpu
res["mode"] = mode
with open(path + ".tmp", "w") as f:
    json.dump(res, f, indent=2, sort_keys=True)
    f.write("\n")
os.replace(path + ".tmp", path)
print("results: " + path)
EOF
exit $rc
