#!/bin/sh
# bench/seccomp.sh OUT [quick] - the cost of the system call filter
# (src/runtime/seccomp.c): the same sessions with build/bin/zerovm and with
# build/bench/zerovm-nofilter (the bench-only build, -DZVM_NO_SECCOMP),
# interleaved in one startbench run each:
#   cold   zerovm + the freestanding hello (bench/hello_guest.c)
#   warm   a daemon request for the musl hello (a daemon of each build)
#   trap   100000 one-byte zvm_pwrite calls to /dev/null (bench/trap_guest.c)
#   floor  a static native program that installs a one-instruction filter
#          and exits, against the same program installing none
#          (bench/seccomp_floor.c): what any filter costs a process here
# Medians; prints each pair's ratio (with / without) and difference in us,
# goal: ratio < 1.02 and difference < 50 us. Writes OUT/parts/seccomp.json:
# seccomp_KIND_us, seccomp_KIND_nofilter_us, seccomp_KIND_ratio,
# seccomp_KIND_delta_us, seccomp_KIND_goal_met.
out=$1
mode=${2:-full}
B=$ZVM_BUILD/bench
S=$out/seccomp
rm -rf "$S"
mkdir -p "$S" "$out/parts"
ZV=$ZVM_BIN/zerovm
NF=$B/zerovm-nofilter
for f in "$ZV" "$NF" "$B/startbench" "$B/hello-native" "$B/hello-musl.nexe" "$B/seccomp-floor"; do
	[ -x "$f" ] || [ -f "$f" ] || { echo "bench: $f is not built (make bench builds it)" >&2; exit 1; }
done
runs=300 truns=30
[ "$mode" = quick ] && runs=3 truns=2
rc=0
"$ZVM_BIN/zvm-cc" -O2 -ffreestanding -nostdlib bench/hello_guest.c -o "$S/hello.nexe" || exit 1
"$ZVM_BIN/zvm-cc" -O2 -ffreestanding -nostdlib bench/trap_guest.c -o "$S/trap.nexe" || exit 1
# smanifest PROGRAM STDOUT-URI OUT [EXTRA-LINES]
smanifest() {
	{
		echo "Version = 20130611"
		echo "Program = $1"
		echo "Memory = 67108864, 0"
		echo "Timeout = 10"
		echo "Channel = /dev/stdin, /dev/stdin, 0, 0, 1000, 1000000, 0, 0"
		echo "Channel = $2, /dev/stdout, 0, 0, 0, 0, 1000000, 100000000"
		echo "Channel = /dev/stderr, /dev/stderr, 0, 0, 0, 0, 1000, 1000000"
		[ -n "$4" ] && printf '%s\n' "$4"
	} >"$3"
}
smanifest "$S/hello.nexe" /dev/stdout "$S/hello.m"
smanifest "$S/trap.nexe" /dev/null "$S/trap.m"
# The warm hello, as bench/run.sh's: [precache] in the daemon's nvram.
printf '[args]\nargs=hello\n[precache]\nprecache=yes\n' >"$S/d.nv"
printf '[args]\nargs=hello\n' >"$S/r.nv"
NV="Channel = $S/d.nv, /dev/nvram, 3, 0, 100, 1000000, 0, 0"
RNV="Channel = $S/r.nv, /dev/nvram, 3, 0, 100, 1000000, 0, 0"
daemons=""
trap 'for p in $daemons; do kill $p 2>/dev/null; done' EXIT
for v in on off; do
	rt=$ZV
	[ $v = off ] && rt=$NF
	sock=$S/d$v.$$
	smanifest "$B/hello-musl.nexe" "$S/d$v.out" "$S/d$v.m" "$NV
Job = $sock"
	"$rt" "$S/d$v.m" >"$S/d$v.report" 2>&1 || { echo "bench: daemon ($v) did not start: $(cat "$S/d$v.report")" >&2; exit 1; }
	i=0
	while [ ! -S "$sock" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	daemons="$daemons $(pgrep -x "zvm.d$v.$$")"
done
smanifest "$B/hello-musl.nexe" /dev/null "$S/req.m" "$RNV"
echo "System call filter: with / without (build/bench/zerovm-nofilter), interleaved"
# Each pair twice, in both orders within a round (a variant can take in
# some of what its predecessor left running); the figure is the mean of
# the two medians.
"$B/startbench" "$runs" "$S/start.json" -- "$B/hello-native" \
	-- cold_on - "cold hello, filter" "$ZV" "$S/hello.m" \
	-- cold_off - "cold hello, no filter" "$NF" "$S/hello.m" \
	-- cold_off2 - "cold hello, no filter" "$NF" "$S/hello.m" \
	-- cold_on2 - "cold hello, filter" "$ZV" "$S/hello.m" \
	-- warm_on - "daemon request, filter" "@$S/don.$$" "$S/req.m" \
	-- warm_off - "daemon request, no filter" "@$S/doff.$$" "$S/req.m" \
	-- warm_off2 - "daemon request, no filter" "@$S/doff.$$" "$S/req.m" \
	-- warm_on2 - "daemon request, filter" "@$S/don.$$" "$S/req.m" \
	-- floor_on - "one-instruction filter" "$B/seccomp-floor" on \
	-- floor_off - "no filter" "$B/seccomp-floor" off \
	-- floor_off2 - "no filter" "$B/seccomp-floor" off \
	-- floor_on2 - "one-instruction filter" "$B/seccomp-floor" on || rc=1
"$B/startbench" "$truns" "$S/trap.json" -- "$B/hello-native" \
	-- trap_on - "1e5 traps, filter" "$ZV" "$S/trap.m" \
	-- trap_off - "1e5 traps, no filter" "$NF" "$S/trap.m" \
	-- trap_off2 - "1e5 traps, no filter" "$NF" "$S/trap.m" \
	-- trap_on2 - "1e5 traps, filter" "$ZV" "$S/trap.m" || rc=1
python3 - "$S/start.json" "$S/trap.json" "$out/parts/seccomp.json" <<'PY' || rc=1
import json, sys
res = {}
for p in sys.argv[1:3]:
    with open(p) as f:
        res.update(json.load(f))
part = {}
print("%-6s %12s %12s %8s %10s" % ("", "filter us", "without us", "ratio", "delta us"))
for k in ("cold", "warm", "trap", "floor"):
    try:
        on = (res[k + "_on_us"] + res[k + "_on2_us"]) / 2
        off = (res[k + "_off_us"] + res[k + "_off2_us"]) / 2
    except KeyError:
        continue
    r, d = on / off, on - off
    met = r < 1.02 and d < 50
    extra = "  %.0f ns a trap" % (d * 1000 / 100000) if k == "trap" else ""
    if k == "floor":  # not zerovm: the kernel's price of any filter
        print("%-6s %12.1f %12.1f %8.4f %10.1f  (any filter, this kernel: the floor under cold)" % (k, on, off, r, d))
        part.update({"seccomp_floor_delta_us": round(d, 1), "seccomp_floor_ratio": round(r, 4)})
        continue
    print("%-6s %12.1f %12.1f %8.4f %10.1f  (goal < 1.02 and < 50 us: %s)%s" % (k, on, off, r, d, "met" if met else "missed", extra))
    part.update({"seccomp_%s_us" % k: round(on, 1), "seccomp_%s_nofilter_us" % k: round(off, 1),
                 "seccomp_%s_ratio" % k: round(r, 4), "seccomp_%s_delta_us" % k: round(d, 1),
                 "seccomp_%s_goal_met" % k: met})
    if k == "trap":
        part["seccomp_trap_delta_ns_per_call"] = round(d * 1000 / 100000, 1)
with open(sys.argv[3], "w") as f:
    json.dump(part, f, indent=2, sort_keys=True)
PY
exit $rc
