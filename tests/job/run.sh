#!/bin/sh
# tests/job/run.sh - zvm-job: jobs of connected zerovm instances.
#
# Nodes are tests/job/relay.c (copies /dev/in or stdin to /dev/out or
# stdout). Checked: a 3-node chain, fan-out and fan-in byte for byte;
# wildcard expansion and path-less stdout in instance order; the word count
# (C and Lua) against tr | sort | uniq -c; failures (a crash, a timeout, a
# node that never starts, a corrupted stream, a non-zero exit) end promptly
# with status 1 naming the instance; the cache (hit, miss after one byte of
# input, an argument, the environment or the program changes, never with
# network channels); job JSON errors (status 2, a clear message); the
# standalone name service; the same jobs under ASan + UBSan; the job-JSON
# fuzzer over its corpus. Prints "PASS job/NAME" or "FAIL job/NAME: why".
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${ZVM_BUILD:-$root/build}
bin=${ZVM_BIN:-$build/bin}
abin=${ZVM_ASAN_BIN:-$build/asan/bin}
here=$root/tests/job
W=$build/tests/job
rm -rf "$W"
mkdir -p "$W" || exit 2
cd "$W" || exit 2

npass=0
nfail=0
pass() { echo "PASS job/$1"; npass=$((npass + 1)); }
fail() { echo "FAIL job/$1: $2"; nfail=$((nfail + 1)); }
. "$root/tests/cli.sh"
if cli_info job zvm-job "$bin/zvm-job"; then npass=$((npass + 2)); else nfail=$((nfail + 1)); fi
same() { # same NAME WANT GOT
	if cmp -s "$1" "$2"; then return 0; fi
	why="$1 and $2 differ: $(cmp "$1" "$2" 2>&1 | head -1)"
	return 1
}
for f in "$bin/zvm-job" "$bin/zerovm" "$bin/zvm-cc"; do
	[ -x "$f" ] || { fail build "$f not built"; exit 1; }
done
if ! "$bin/zvm-cc" -O2 -Wall -Wextra -Werror "$here/relay.c" -o relay.nexe 2>build.err ||
	! "$bin/zvm-cc" -O2 -Wall -Wextra -Werror -DTAG_VARIANT='"b"' "$here/relay.c" \
		-o relay-b.nexe 2>>build.err; then
	fail build "$(head -c 400 build.err)"
	exit 1
fi
cp relay.nexe corrupt.nexe
head -c 3000000 /dev/urandom >data.in
printf 'first file\n' >in-a.txt
printf 'second file\n' >in-b.txt
printf 'third file\n' >in-c.txt

# run NAME JSON-TEXT [OPTIONS...]: runs zvm-job on NAME.json (workdir
# NAME.work); sets $rc and $secs, NAME.out / NAME.err hold its output.
ZVM_JOB=${ZVM_JOB:-$bin/zvm-job}
run() {
	rn=$1
	printf '%s\n' "$2" >"$rn.json"
	shift 2
	t0=$(date +%s.%N)
	"$ZVM_JOB" "$rn.json" --workdir "$rn.work" "$@" >"$rn.out" 2>"$rn.err"
	rc=$?
	secs=$(echo "$(date +%s.%N) - $t0" | bc)
}
quick() { [ "$(echo "$secs < $1" | bc)" = 1 ]; }
errline() { grep 'zvm-job: failed:' "$1.err" | head -1; }

# ---- connected jobs ----------------------------------------------------------
CHAIN='[{"name": "n1", "exec": {"path": "relay.nexe"},
  "devices": [{"name": "stdin", "path": "data.in"}], "connect": ["n2"]},
 {"name": "n2", "exec": {"path": "relay.nexe"}, "connect": ["n3"]},
 {"name": "n3", "exec": {"path": "relay.nexe"},
  "devices": [{"name": "stdout", "path": "file://'$W'/chain.out"}]}]'
run chain "$CHAIN"
if [ $rc = 0 ] && same data.in chain.out; then pass chain; else fail chain "rc $rc $why $(cat chain.err)"; fi
# a connected group starts whole even with --jobs 1
rm -f chain.out
run chain-jobs1 "$CHAIN" --jobs 1
[ $rc = 0 ] && same data.in chain.out && pass chain-jobs-1 || fail chain-jobs-1 "rc $rc $why"
# the report: valid JSON, network bytes counted, etags in it
if python3 - chain.work/report.json <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
n2 = [i for i in r["instances"] if i["name"] == "n2"][0]
assert r["ok"] and r["failed"] == [] and len(r["instances"]) == 3
assert n2["net_read_bytes"] == 3000000 and n2["net_write_bytes"] == 3000000, n2
assert n2["node"] == 2 and n2["cache"] == "off" and "/dev/in/n1" in n2["etags"]
PY
then pass report-json; else fail report-json "$(cat chain.work/report.json | head -20)"; fi
grep -q "Node = 2" chain.work/n2.manifest && grep -q "tcp:1:, /dev/in/n1, 0, 1, 4294967296, 4294967296, 0, 0" \
	chain.work/n2.manifest && grep -q "tcp:3:, /dev/out/n3, 0, 1, 0, 0, 4294967296, 4294967296" \
	chain.work/n2.manifest && grep -q "NameServer = udp:127.0.0.1:" chain.work/n2.manifest &&
	pass manifest || fail manifest "$(cat chain.work/n2.manifest)"

run fanout '[{"name": "src", "exec": {"path": "relay.nexe"},
  "devices": [{"name": "stdin", "path": "data.in"}], "connect": ["sink"]},
 {"name": "sink", "exec": {"path": "relay.nexe"}, "count": 3,
  "devices": [{"name": "stdout", "path": "fan-*.out"}]}]'
ok=$rc
for k in 1 2 3; do same data.in fan-sink-$k.out || ok="$ok $why"; done
[ "$ok" = 0 ] && pass fan-out || fail fan-out "$ok $(cat fanout.err)"

run fanin '[{"name": "src", "exec": {"path": "relay.nexe"},
  "devices": [{"name": "stdin", "path": "in-*.txt"}], "connect": ["sink"]},
 {"name": "sink", "exec": {"path": "relay.nexe"},
  "devices": [{"name": "stdout", "path": "fanin.out"}]}]'
cat in-a.txt in-b.txt in-c.txt >fanin.want
[ $rc = 0 ] && same fanin.want fanin.out && pass fan-in || fail fan-in "rc $rc $why $(cat fanin.err)"

# all-to-all within a group: each of 3 gets the others' names
run mesh '[{"name": "m", "exec": {"path": "relay.nexe", "args": "mesh"}, "count": 3,
  "connect": ["m"], "devices": [{"name": "stdout", "path": "mesh-*.out"}]}]'
printf 'm-2\nm-3\n' >mesh.want
[ $rc = 0 ] && same mesh.want mesh-m-1.out && pass self-connect || fail self-connect "rc $rc $why"

# ---- the JobSecret -------------------------------------------------------------
# in every manifest, 0600, fresh per job; never in the nvram, the reports,
# zerovm's stderr, the job's report, or the guest's view of its manifest
sec=$(sed -n 's/^JobSecret = \([0-9a-f]\{64\}\)$/\1/p' chain.work/n2.manifest)
sec1=$(sed -n 's/^JobSecret = //p' chain.work/n1.manifest)
sec2=$(sed -n 's/^JobSecret = //p' chain-jobs1.work/n2.manifest)
[ -n "$sec" ] && [ "$sec" = "$sec1" ] && [ "$sec" != "$sec2" ] &&
	[ "$(stat -c %a chain.work/n1.manifest chain.work/n2.manifest chain.work/n3.manifest)" = "600
600
600" ] && pass secret-in-manifests || fail secret-in-manifests "'$sec' '$sec1' '$sec2' $(stat -c %a chain.work/n2.manifest)"
run umdump '[{"name": "u1", "exec": {"path": "relay.nexe", "args": "umdump"},
  "devices": [{"name": "stdin", "path": "in-a.txt"}, {"name": "stdout", "path": "umdump.out"}], "connect": ["u2"]},
 {"name": "u2", "exec": {"path": "relay.nexe"}}]' --json
usec=$(sed -n 's/^JobSecret = //p' umdump.work/u1.manifest)
hexof() { od -An -v -tx1 "$@" | tr -d ' \n'; }
if [ $rc = 0 ] && [ -n "$usec" ] && grep -q /dev/out/u2 umdump.out &&
	! hexof umdump.out | grep -q "$usec" && ! grep -rqi "$usec" umdump.out umdump.err \
	umdump.work/*.nvram umdump.work/*.report umdump.work/*.zerovm umdump.work/report.json; then
	pass secret-not-shown
else
	fail secret-not-shown "rc $rc '$usec' $(grep -rli "$usec" umdump.* umdump.work | tr '\n' ' ')"
fi
# an intruder at a bound port of a zvm-job job: it is named in the job's
# report, the job's result is right; the port is on 127.0.0.1
NP=$build/tests/net/netpeer
printf '%s\n' '[{"name": "a", "exec": {"path": "relay.nexe"},
  "devices": [{"name": "stdin", "path": "data.in"}], "connect": ["b"]},
 {"name": "b", "exec": {"path": "relay.nexe"}, "devices": [{"name": "stdout", "path": "intr.out"}]}]' >intr.json
# (a wrapper starts the writer a second late, so the intruder comes first)
printf '#!/bin/sh\ncase "$*" in *a.manifest) sleep 1 ;; esac\nexec "%s" "$@"\n' "$bin/zerovm" >late-a.sh
chmod +x late-a.sh
ZVM_JOB_ZEROVM=$W/late-a.sh "$ZVM_JOB" intr.json --workdir intr.work --json >intr.jout 2>intr.err &
jp=$!
bp=
i=0
while [ -z "$bp" ] && [ $i -lt 200 ]; do
	for pid in $(pgrep -P $jp zerovm 2>/dev/null); do
		grep -q 'b.manifest' /proc/$pid/cmdline 2>/dev/null && bp=$pid
	done
	sleep 0.01; i=$((i + 1))
done
"$NP" intrude "$bp" garbage >intr.txt 2>intr.perr &
ipid=$!
bound=$(i=0; while [ $i -lt 100 ]; do b=$("$NP" ports "$bp" tcp); [ -n "$b" ] && { echo "$b"; break; }; sleep 0.01; i=$((i + 1)); done)
wait $jp
rc=$?
wait $ipid
if [ $rc = 0 ] && same data.in intr.out && [ "$(cat intr.txt)" = "intruder: 0 bytes" ] &&
	grep -q 'warning: b: 1 intrusion: /dev/in/a: tcp:1:: a connection from 127.0.0.1:' intr.err &&
	grep -q '"intrusions": 1' intr.jout; then
	pass intruder-named
else
	fail intruder-named "rc $rc $why pid '$bp' '$(cat intr.txt intr.perr)' $(tail -3 intr.err)"
fi
case $bound in 127.0.0.1:*) pass bound-on-127 ;; *) fail bound-on-127 "'$bound'" ;; esac

# ---- expansion, naming, argv, env, path-less stdout --------------------------
run names '[{"name": "hello", "count": 3,
  "exec": {"path": "relay.nexe", "args": "name \"tag=a b|\"", "env": {"TAG": "env|"}},
  "devices": [{"name": "stdout"}]}]'
printf 'hello-1\na b|env|hello-2\na b|env|hello-3\na b|env|' >names.want
[ $rc = 0 ] && same names.want names.out && pass stdout-in-order || fail stdout-in-order "rc $rc $why"
run argv0 '[{"name": "one", "exec": {"path": "relay.nexe", "name": "prog", "args": "name"},
  "devices": [{"name": "stdout"}]}]'
[ "$(cat argv0.out)" = prog ] && pass exec-name || fail exec-name "$(cat argv0.out)"
run wild '[{"name": "w", "exec": {"path": "relay.nexe"},
  "devices": [{"name": "stdin", "path": "in-*.txt"}, {"name": "stdout", "path": "out-*.txt"},
              {"name": "stderr"}]}]'
if [ $rc = 0 ] && same in-a.txt out-a.txt && same in-c.txt out-c.txt &&
	grep -q '"name": "w-3"' wild.work/report.json && [ -f wild.work/w-2.stderr ]; then
	pass wildcard
else
	fail wildcard "rc $rc $why $(cat wild.err)"
fi
run fixed '[{"name": "f", "count": 2, "exec": {"path": "relay.nexe"},
  "devices": [{"name": "stdout", "path": "single.out"}]}]'
[ $rc = 2 ] && grep -q 'a single path for 2 instances' fixed.err && pass fixed-path-count ||
	fail fixed-path-count "rc $rc $(cat fixed.err)"

# ---- the word count --------------------------------------------------------
if [ -f "$build/wordcount/corpus/.stamp" ] && [ -f "$build/examples/wordcount/merger.nexe" ]; then
	cat "$build"/wordcount/corpus/*.txt | tr -cs 'A-Za-z' '\n' | tr 'A-Z' 'a-z' | grep -v '^$' |
		LC_ALL=C sort | uniq -c | awk '{ print $2, $1 }' >wc.want
	sort -k2,2nr -k1,1 wc.want | head -20 | awk '{ printf "%9d %s\n", $2, $1 }' >wc.top.want
	for v in wordcount wordcount-lua; do
		sed -e "s|\"build/|\"$build/|g" -e "s|$build/wordcount/counts[a-z-]*.txt|$W/$v.counts|" \
			"$root/examples/wordcount/$v.json" >$v.json
		"$ZVM_JOB" $v.json --workdir $v.work >$v.out 2>$v.err
		rc=$?
		tail -n +2 $v.out >$v.top
		if [ $rc = 0 ] && same wc.want $v.counts && same wc.top.want $v.top; then
			pass $v
		else
			fail $v "rc $rc $why $(tail -3 $v.err)"
		fi
	done
else
	fail wordcount "the word count is not built (make all)"
fi

# ---- failures: status 1, the instance named, promptly -----------------------
run crash '[{"name": "n1", "exec": {"path": "relay.nexe"},
  "devices": [{"name": "stdin", "path": "data.in"}], "connect": ["n2"]},
 {"name": "n2", "exec": {"path": "relay.nexe", "args": "crash=100000"}, "connect": ["n3"]},
 {"name": "n3", "exec": {"path": "relay.nexe"}}]'
case "$rc $(errline crash)" in
"1 "*"n2 (Signal 11"*) quick 15 && pass crash || fail crash "took $secs s" ;;
*) fail crash "rc $rc: $(cat crash.err)" ;;
esac
run timeout '[{"name": "spin", "timeout": 1, "exec": {"path": "relay.nexe", "args": "loop"}},
 {"name": "other", "exec": {"path": "relay.nexe"}}]'
case "$rc $(errline timeout)" in
"1 zvm-job: failed: spin ("*) quick 10 && pass timeout || fail timeout "took $secs s" ;;
*) fail timeout "rc $rc: $(cat timeout.err)" ;;
esac
run nostart '[{"name": "n1", "exec": {"path": "relay.nexe"},
  "devices": [{"name": "stdin", "path": "data.in"}], "connect": ["n2"]},
 {"name": "n2", "exec": {"path": "missing.nexe"}, "connect": ["n3"]},
 {"name": "n3", "exec": {"path": "relay.nexe"}}]' --grace 1000
case "$rc $(errline nostart)" in
"1 "*"n2 ("*) quick 15 && pass never-starts || fail never-starts "took $secs s" ;;
*) fail never-starts "rc $rc: $(cat nostart.err)" ;;
esac
FAKEVM_NETPEER=$build/tests/net/netpeer FAKEVM_REAL=$bin/zerovm ZVM_JOB_ZEROVM=$here/fakevm.py run corrupt '[
 {"name": "evil", "exec": {"path": "corrupt.nexe"}, "connect": ["sink"]},
 {"name": "sink", "exec": {"path": "relay.nexe"}}]'
case "$rc $(errline corrupt)" in
"1 "*"sink ("*"digest mismatch"*) quick 15 && pass corrupt-stream || fail corrupt-stream "took $secs s" ;;
*) fail corrupt-stream "rc $rc: $(cat corrupt.err)" ;;
esac
run exitcode '[{"name": "bad", "exec": {"path": "relay.nexe", "args": "exit=3"}}]'
[ $rc = 1 ] && grep -q 'failed: bad (exit code 3)' exitcode.err && pass exit-code ||
	fail exit-code "rc $rc $(cat exitcode.err)"

# ---- the cache -------------------------------------------------------------
head -c 200000 /dev/urandom >c.in
cjob() { # cjob NAME PROGRAM ARGS [ENV-VALUE]
	run "$1" '[{"name": "c", "exec": {"path": "'"$2"'", "args": "'"$3"'", "env": {"TAG": "'"${4:-e}"'"}},
	  "devices": [{"name": "stdin", "path": "c.in"}, {"name": "stdout", "path": "c.out"}]},
	 {"name": "d", "count": 2, "exec": {"path": "relay.nexe", "args": "name"}}]' --cache cache
}
cached() { grep -o '[0-9]* from the cache' "$1.err" | cut -d' ' -f1; }
cjob c1 relay.nexe tag=1
cp c.out c1.keep
rm -f c.out
cjob c2 relay.nexe tag=1
if [ "$(cached c1)/$(cached c2)" = 0/3 ] && same c1.keep c.out && same c1.out c2.out &&
	grep -q '"cache": "hit"' c2.work/report.json; then
	pass cache-hit
else
	fail cache-hit "cached $(cached c1)/$(cached c2) $why $(cat c2.err)"
fi
printf '\001' | dd of=c.in bs=1 seek=123456 conv=notrunc status=none
cjob c3 relay.nexe tag=1
[ "$(cached c3)" = 2 ] && pass cache-miss-input || fail cache-miss-input "$(cached c3) hits"
cjob c4 relay.nexe tag=2
[ "$(cached c4)" = 2 ] && pass cache-miss-argument || fail cache-miss-argument "$(cached c4) hits"
cjob c5 relay.nexe tag=2 other
[ "$(cached c5)" = 2 ] && pass cache-miss-env || fail cache-miss-env "$(cached c5) hits"
cjob c6 relay-b.nexe tag=2 other
[ "$(cached c6)" = 2 ] && pass cache-miss-program || fail cache-miss-program "$(cached c6) hits"
cjob c7 relay-b.nexe tag=2 other
[ "$(cached c7)" = 3 ] && pass cache-hit-again || fail cache-hit-again "$(cached c7) hits"
# A connected unit is cached whole (its members' network channels carry
# what its file inputs determine), never one of its instances alone: with
# n3's argument changed, n1 (same inputs) runs again too.
rm -f chain.out
run cnet "$CHAIN" --cache cache
cp chain.out cnet.keep
rm -f chain.out
run cnet2 "$CHAIN" --cache cache
if [ $rc = 0 ] && [ "$(cached cnet)/$(cached cnet2)" = 0/3 ] && same cnet.keep chain.out &&
	[ "$(grep -c '"cache": "hit"' cnet2.work/report.json)" = 3 ]; then
	pass cache-unit-hit
else
	fail cache-unit-hit "$(cached cnet)/$(cached cnet2) hits $why"
fi
run cnet3 "$(echo "$CHAIN" | sed 's|"n3", "exec": {"path": "relay.nexe"}|"n3", "exec": {"path": "relay.nexe", "args": "tag=x"}|')" --cache cache
if [ $rc = 0 ] && [ "$(cached cnet3)" = 0 ] && grep -q "n1 .* miss " cnet3.err &&
	[ "$(head -c 1 chain.out)" = x ]; then
	pass cache-no-instance-with-network
else
	fail cache-no-instance-with-network "$(cached cnet3) hits: $(cat cnet3.err)"
fi
# a failed unit is not stored
run cfail '[{"name": "a", "exec": {"path": "relay.nexe"}, "connect": ["b"]},
 {"name": "b", "exec": {"path": "relay.nexe", "args": "exit=1"}}]' --cache cache
run cfail2 "$(cat cfail.json)" --cache cache
[ "$(cached cfail2)" = 0 ] && [ $rc = 1 ] && pass cache-not-failed || fail cache-not-failed "$(cat cfail2.err)"

# ---- job JSON errors: status 2 and a message naming the place ---------------
jerr() { # jerr NAME JSON EXPECTED-TEXT
	run "$1" "$2"
	if [ $rc = 2 ] && grep -q -- "$3" "$1.err"; then pass "json-$1"; else fail "json-$1" "rc $rc: $(cat "$1.err")"; fi
}
jerr bad-json '[{"name": "a",' 'not valid JSON'
jerr trailing '[] x' 'not valid JSON'
jerr not-list '{"name": "a"}' 'must be a list of node groups'
jerr empty '[]' 'no node groups'
jerr no-name '[{"exec": {"path": "relay.nexe"}}]' 'group 1: name: missing'
jerr no-exec '[{"name": "a"}]' 'group "a": exec: missing'
jerr no-path '[{"name": "a", "exec": {"args": "x"}}]' 'group "a": exec.path: missing'
jerr count-type '[{"name": "a", "exec": {"path": "r"}, "count": "3"}]' 'count: expected an integer'
jerr count-range '[{"name": "a", "exec": {"path": "r"}, "count": 0}]' 'count: 0 is not in 1..'
jerr args-type '[{"name": "a", "exec": {"path": "r", "args": ["x"]}}]' 'exec.args: expected a string'
jerr env-type '[{"name": "a", "exec": {"path": "r", "env": {"K": 1}}}]' 'exec.env.K: expected a string'
jerr dev-type '[{"name": "a", "exec": {"path": "r"}, "devices": {}}]' 'devices: expected a list'
jerr dev-name '[{"name": "a", "exec": {"path": "r"}, "devices": [{"path": "x"}]}]' 'devices\[0\].name: missing'
jerr dev-twice '[{"name": "a", "exec": {"path": "r"}, "devices": [{"name": "stdin"}, {"name": "stdin"}]}]' '"stdin" twice'
jerr empty-path '[{"name": "a", "exec": {"path": "r"}, "devices": [{"name": "stdout", "path": ""}]}]' 'devices\[0\].path: an empty path'
jerr input-path '[{"name": "a", "exec": {"path": "r"}, "devices": [{"name": "input"}]}]' 'needs a path'
jerr scheme '[{"name": "a", "exec": {"path": "swift://a/c/o"}}]' 'only local paths and file://'
jerr connect-unknown '[{"name": "a", "exec": {"path": "r"}, "connect": ["b"]}]' 'connect: no group "b"'
jerr group-twice '[{"name": "a", "exec": {"path": "r"}}, {"name": "a", "exec": {"path": "r"}}]' 'a second group'
jerr bad-group-name '[{"name": "a-1", "exec": {"path": "r"}}]' 'is not a group name'
jerr no-match '[{"name": "a", "exec": {"path": "r"}, "devices": [{"name": "input", "path": "none-*.x"}]}]' 'no file matches'
jerr missing-input '[{"name": "a", "exec": {"path": "r"}, "devices": [{"name": "stdin", "path": "none.x"}]}]' 'none.x: No such file'
"$ZVM_JOB" nonexistent.json >/dev/null 2>ne.err
[ $? = 2 ] && grep -q 'nonexistent.json: No such file' ne.err && pass json-no-file || fail json-no-file "$(cat ne.err)"
"$ZVM_JOB" >/dev/null 2>&1
[ $? = 2 ] && pass usage || fail usage "no status 2"

# ---- the name service on its own -------------------------------------------
"$ZVM_JOB" --name-service 127.0.0.1:0 2 --ns-timeout 5000 >ns.port 2>ns.err &
nsp=$!
i=0
while [ ! -s ns.port ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
if python3 - "$(cat ns.port)" <<'PY'
import socket, struct, sys
port = int(sys.argv[1])
a, b = (socket.socket(socket.AF_INET, socket.SOCK_DGRAM) for _ in range(2))
for s in (a, b): s.settimeout(3)
a.sendto(struct.pack(">IIIIH", 1, 0, 1, 2, 0), ("127.0.0.1", port))       # 1 connects to 2
b.sendto(struct.pack(">IIIIH", 2, 1, 0, 1, 4321), ("127.0.0.1", port))    # 2 listens for 1 on 4321
r = a.recv(100)
assert struct.unpack(">IIIIH", r)[3:] == (0x7f000001, 4321), r
b.recv(100)
PY
then
	wait $nsp && pass name-service || fail name-service "exit $?: $(cat ns.err)"
else
	kill $nsp 2>/dev/null
	fail name-service "no answer: $(cat ns.err)"
fi
"$ZVM_JOB" --name-service 0 3 --ns-timeout 300 >/dev/null 2>ns2.err
[ $? = 1 ] && grep -q 'no word from node 1 2 3' ns2.err && pass name-service-timeout ||
	fail name-service-timeout "$(cat ns2.err)"

# ---- the sessions under the UBSan zerovm -----------------------------------
if [ -x "$build/ubsan/bin/zerovm" ]; then
	rm -f chain.out
	ZVM_JOB_ZEROVM=$build/ubsan/bin/zerovm run uchain "$CHAIN"
	[ $rc = 0 ] && same data.in chain.out && pass ubsan-zerovm-chain ||
		fail ubsan-zerovm-chain "rc $rc $why $(tail -3 uchain.err)"
fi

# ---- zvm-job under ASan + UBSan ---------------------------------------------
if [ -x "$abin/zvm-job" ]; then
	export ZVM_JOB_ZEROVM=$bin/zerovm
	ZVM_JOB=$abin/zvm-job
	rm -f chain.out
	run achain "$CHAIN" --cache acache --json
	[ $rc = 0 ] && same data.in chain.out && python3 -m json.tool achain.out >/dev/null &&
		pass asan-chain || fail asan-chain "rc $rc $why $(tail -5 achain.err)"
	cjob ac1 relay.nexe tag=1
	cjob ac2 relay.nexe tag=1
	[ "$(cached ac2)" = 3 ] && pass asan-cache || fail asan-cache "$(tail -5 ac2.err)"
	run acrash '[{"name": "n1", "exec": {"path": "relay.nexe"},
	  "devices": [{"name": "stdin", "path": "data.in"}], "connect": ["n2"]},
	 {"name": "n2", "exec": {"path": "relay.nexe", "args": "crash=100000"}}]'
	[ $rc = 1 ] && ! grep -q 'Sanitizer' acrash.err && pass asan-crash || fail asan-crash "$(tail -5 acrash.err)"
	for t in bad-json no-exec count-type dev-name connect-unknown; do
		"$ZVM_JOB" $t.json >/dev/null 2>a-$t.err
		[ $? = 2 ] && ! grep -q Sanitizer a-$t.err || { fail asan-json "$t: $(cat a-$t.err)"; continue 2; }
	done
	pass asan-json
	unset ZVM_JOB_ZEROVM
else
	fail asan "$abin/zvm-job not built"
fi

# ---- the job-JSON fuzzer, briefly -------------------------------------------
FZ=$build/fuzz/fuzz_job
if [ -x "$FZ" ]; then
	mkdir -p fuzz-corpus
	if "$FZ" -runs=0 "$root/fuzz/corpus/job" >fuzz-replay.log 2>&1 &&
		"$FZ" -max_total_time=${JOB_FUZZ_TIME:-10} -timeout=10 fuzz-corpus "$root/fuzz/corpus/job" \
			>fuzz.log 2>&1; then
		pass "fuzz ($(grep -o 'stat::number_of_executed_units: [0-9]*' fuzz.log | cut -d' ' -f2) runs)"
	else
		fail fuzz "$(grep -E 'ERROR|SUMMARY|invariant' fuzz-replay.log fuzz.log | head -3)"
	fi
else
	fail fuzz "$FZ not built"
fi

echo "$npass passed, $nfail failed" >&2
[ $nfail = 0 ]
