#!/bin/sh
# tests/swift/run.sh - ZeroVM inside a real Swift (Debian's 2.30.1): the dev
# cluster itself (cluster.sh), then jobs on a cluster this suite starts and
# stops (scripts/swift-dev.sh, 3 object servers, replicas 1):
#   one instance on one object, run where the ring puts the object, reading
#   the object's own .data file; wildcard mappers, each on its object's
#   server; a MapReduce across servers (connect through the proxy's name
#   service) against the same job run locally; outputs as objects (ETag =
#   MD5) and as the body; the other account and a user without ACLs
#   refused with nothing written; bad input (JSON, unknown key, missing
#   object or container, invalid program, every limit) with its status and
#   a message naming it; validation of x-nexe uploads; forged X-Nexe-*
#   headers; a timeout; an object server killed mid-job (a clear failure,
#   the cluster keeps serving); on a second cluster with 2 replicas, an
#   instance moved to the other replica when its server is down or crashes
#   mid-run, and 503 when no replica answers. Prints "PASS swift/NAME" or "FAIL swift/NAME: why".
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${ZVM_BUILD:-$root/build}
bin=${ZVM_BIN:-$build/bin}
here=$root/tests/swift
PY=/usr/bin/python3
npass=0
nfail=0
pass() { echo "PASS swift/$1"; npass=$((npass + 1)); }
fail() { echo "FAIL swift/$1: $2"; nfail=$((nfail + 1)); }

[ -n "$SWIFT_SKIP_CLUSTER" ] || sh "$here/cluster.sh" || nfail=$((nfail + 1))

W=$(mktemp -d "${TMPDIR:-/tmp}/zvm-swiftjobs.XXXXXX") || exit 2
D=$W/cluster
B=${SWIFT_TEST_JOB_PORT_BASE:-$((21000 + ($$ % 50) * 200 + 50))}
trap 'sh "$root/scripts/swift-dev.sh" stop "$D" 2>/dev/null; rm -rf "$W"' EXIT
trap 'exit 1' INT TERM HUP
cd "$W" || exit 2

# small limits, so that every one can be crossed cheaply
export SWIFT_DEV_ZEROVM_CONF="zerovm_maxinstances = 12;zerovm_maxconfig = 8192;zerovm_maxoutput = 1048576;zerovm_timeout = 20"
if ! sh "$root/scripts/swift-dev.sh" start "$D" "$B" >env.sh 2>start.err; then
	fail cluster "$(tail -20 start.err)"
	exit 1
fi
. ./env.sh
P=http://127.0.0.1:$B
SW() { "$PY" -m swiftclient.shell -q "$@"; }
token() { # USER KEY
	curl -s -m 10 -D - -o /dev/null -H "X-Auth-User: $1" -H "X-Auth-Key: $2" "$P/auth/v1.0" |
		tr -d '\r' | awk 'tolower($1)=="x-auth-token:"{print $2}'
}
T1=$(token test:tester testing)
T2=$(token test2:tester2 testing2)
T3=$(token test:tester3 testing3)
# post NAME JOBFILE [TOKEN [ACCOUNT [extra curl args]]]: response in NAME.h, NAME.b
post() {
	n=$1 f=$2 t=${3:-$T1} a=${4:-AUTH_test}
	if [ $# -ge 4 ]; then shift 4; else shift $#; fi
	curl -s -m 120 -D "$n.h" -o "$n.b" -X POST -H "X-Auth-Token: $t" -H "X-Zerovm-Execute: 1.0" \
		-H "Content-Type: application/json" --data-binary @"$f" "$@" "$P/v1/$a"
	tr -d '\r' <"$n.h" >"$n.hh" && mv "$n.hh" "$n.h"
}
status() { awk 'NR==1{print $2}' "$1.h"; }
header() { awk -v k="$2:" 'tolower($1)==tolower(k){sub(/^[^:]*: /,""); print}' "$1.h"; }
expect() { # NAME STATUS [TEXT]: the response's status, and TEXT in its body
	s=$(status "$1")
	if [ "$s" != "$2" ]; then
		fail "$1" "status $s, not $2: $(head -c 300 "$1.b")"
	elif [ -n "$3" ] && ! grep -qF -- "$3" "$1.b"; then
		fail "$1" "no \"$3\" in: $(head -c 300 "$1.b")"
	else
		pass "$1"
	fi
}
absent() { # NAME CONTAINER OBJECT: the object was not written
	if SW stat "$2" "$3" >/dev/null 2>&1; then fail "$1" "$2/$3 was written"; else pass "$1"; fi
}
# which object server (its port) holds an object: its device has the .data
holder() {
	i=1
	for p in $SWIFT_OBJECT_PORTS; do
		dir=$(echo "$SWIFT_DEVICES_DIRS" | cut -d' ' -f$i)
		hash=$(/usr/bin/swift-get-nodes -a "$SWIFT_DIR/object.ring.gz" AUTH_test "$1" "$2" 2>/dev/null |
			awk '/^Hash/ {print $2; exit}')
		if [ -n "$hash" ] && find "$dir" -path "*$hash*" -name '*.data' | grep -q .; then
			echo "127.0.0.1:$p"
			return
		fi
		i=$((i + 1))
	done
}

# ---- the middleware has no unused names, undefined names or shadowing
if "$PY" -m pyflakes "$root"/swift/zvm_swift/*.py >flakes.log 2>&1; then pass pyflakes; else
	fail pyflakes "$(head -5 flakes.log)"; fi

# ---- the programs and the data
E=$build/examples/wordcount
"$bin/zvm-cc" -O2 -Wall -Wextra -Werror "$here/guest.c" -o guest.nexe 2>cc.err ||
	{ fail build "$(cat cc.err)"; exit 1; }
# an invalid program: the first 0x67-prefixed load's prefix made a NOP
cp guest.nexe bad.nexe
off=$(LC_ALL=C grep -obUaP '\x67\x44\x8b\x1c\x24' bad.nexe | head -1 | cut -d: -f1)
printf '\220' | dd of=bad.nexe bs=1 seek="${off:-0}" conv=notrunc 2>/dev/null
"$bin/zvm-validate" bad.nexe >/dev/null 2>&1 && { fail build "bad.nexe passes the validator"; exit 1; }
SW post apps && SW post data && SW post out && SW post dataw
SW upload apps guest.nexe --object-name guest.nexe
for f in mapper reducer merger; do SW upload apps "$E/$f.nexe" --object-name "$f.nexe"; done
mkdir -p corpus
k=0
for w in "the quick brown fox" "jumps over the lazy dog" "the dog barks" "a fox runs" "over and over" "the end"; do
	k=$((k + 1))
	yes "$w" | head -n $((k * 300)) >corpus/part-$k.txt
	SW upload data corpus/part-$k.txt --object-name part-$k.txt
done
printf 'one object\n' >one.txt
SW upload data one.txt --object-name one.txt

# ---- one instance on one object
cat >one.json <<'EOF'
[{"name": "cat", "exec": {"path": "swift://~/apps/guest.nexe", "args": "cat"},
  "devices": [{"name": "stdin", "path": "swift://~/data/one.txt"}, {"name": "stdout"}]}]
EOF
post one one.json
expect one 200
if cmp -s one.b one.txt; then pass one-body; else fail one-body "$(head -c 200 one.b)"; fi
want=$(holder data one.txt)
got=$(header one X-Nexe-Server)
if [ -n "$want" ] && [ "$got" = "$want" ]; then pass one-local; else fail one-local "ran on $got, object on $want"; fi
if [ "$(header one X-Nexe-System)" = cat ] && [ "$(header one X-Nexe-Retcode)" = 0 ] &&
	[ "$(header one X-Nexe-Validation)" = 0 ] && [ "$(header one X-Nexe-Status)" = ok ] &&
	header one X-Nexe-Cdr-Line | grep -Eq '^[0-9.]+, [0-9.]+, [0-9.]+ [0-9.]+ [0-9]+ [0-9]+ 1 11 '; then
	pass one-headers
else
	fail one-headers "$(grep -i x-nexe one.h | tr '\n' ' ')"
fi
# the object server read the object's own file (its log names no copy;
# zerovm's channel was the .data path): the object server's work dirs are gone
left=$(find "$D/srv" -path "$D/srv/*/tmp/zvm-*" 2>/dev/null | head -3)
if [ -z "$left" ]; then pass one-cleanup; else fail one-cleanup "$left"; fi

# ---- wildcard mappers, each next to its object; output objects by wildcard
cat >wild.json <<'EOF'
[{"name": "cp", "exec": {"path": "swift://~/apps/guest.nexe", "args": "cat"},
  "devices": [{"name": "stdin", "path": "swift://~/data/part-*.txt"},
              {"name": "stdout", "path": "swift://~/out/copy-*.txt"}]}]
EOF
post wild wild.json
expect wild 200
servers=$(header wild X-Nexe-Server | tr ',' ' ')
names=$(header wild X-Nexe-System | tr ',' ' ')
ok=1 why=""
k=0
for s in $servers; do
	k=$((k + 1))
	h=$(holder data part-$k.txt)
	[ "$s" = "$h" ] || { ok=0; why="$why cp-$k ran on $s, part-$k.txt is on $h;"; }
done
[ "$names" = "cp-1 cp-2 cp-3 cp-4 cp-5 cp-6" ] || { ok=0; why="$why instances: $names"; }
[ $ok = 1 ] && pass wild-local || fail wild-local "$why"
distinct=$(echo $servers | tr ' ' '\n' | sort -u | wc -l)
[ "$distinct" -ge 2 ] && pass wild-spread || fail wild-spread "all on $servers"
ok=1
for k in 1 2 3 4 5 6; do
	SW download out copy-$k.txt -o copy-$k.txt 2>/dev/null && cmp -s copy-$k.txt corpus/part-$k.txt ||
		{ ok=0; why="copy-$k.txt differs"; }
	etag=$(SW stat out copy-$k.txt | awk '/ETag:/{print $2}')
	[ "$etag" = "$(md5sum <corpus/part-$k.txt | cut -d' ' -f1)" ] || { ok=0; why="copy-$k etag $etag"; }
done
[ $ok = 1 ] && pass wild-outputs || fail wild-outputs "$why"

# ---- MapReduce: mappers next to their objects, reducers elsewhere
cat >mr.json <<'EOF'
[{"name": "map", "exec": {"path": "swift://~/apps/mapper.nexe"},
  "devices": [{"name": "input", "path": "swift://~/data/part-*.txt"}], "connect": ["reduce"]},
 {"name": "reduce", "exec": {"path": "swift://~/apps/reducer.nexe"}, "count": 3, "connect": ["merge"]},
 {"name": "merge", "exec": {"path": "swift://~/apps/merger.nexe"},
  "devices": [{"name": "stdout"}, {"name": "output", "path": "swift://~/out/counts.txt"}]}]
EOF
post mr mr.json
expect mr 200
# the same job on local files, by zvm-job alone
sed -e "s|swift://~/apps/|$E/|g" -e "s|swift://~/data/|$W/corpus/|" \
	-e "s|swift://~/out/counts.txt|$W/local-counts.txt|" mr.json >mr-local.json
"$bin/zvm-job" mr-local.json --quiet >mr-local.out 2>mr-local.err
if cmp -s mr.b mr-local.out; then pass mr-body; else fail mr-body "$(diff mr.b mr-local.out | head -5)"; fi
SW download out counts.txt -o counts.txt 2>/dev/null
if cmp -s counts.txt local-counts.txt; then pass mr-output; else fail mr-output "counts.txt differs"; fi
servers=$(header mr X-Nexe-Server | tr ',' ' ')
set -- $servers
maps="$1 $2 $3 $4 $5 $6" reds="$7 $8 $9"
cross=0
for m in $maps; do for r in $reds; do [ "$m" != "$r" ] && cross=1; done; done
if [ "$#" = 10 ] && [ $cross = 1 ] && [ "$(echo $reds | tr ' ' '\n' | sort -u | wc -l)" -ge 2 ]; then
	pass mr-across-servers
else
	fail mr-across-servers "servers: $servers"
fi
header mr X-Nexe-Etag | grep -q '/dev/out/reduce-1 [0-9a-f]\{64\}' && pass mr-etags ||
	fail mr-etags "$(header mr X-Nexe-Etag | head -c 200)"

# ---- the client: zvm-job --swift, with the swift command's variables
"$bin/zvm-job" --swift mr.json >client.out 2>client.err
rc=$?
if [ $rc = 0 ] && cmp -s client.out mr.b && grep -q "^  reduce-3 " client.err &&
	grep -q "10 instances on 127.0.0.1, status 200" client.err; then pass client; else
	fail client "rc $rc: $(head -3 client.err | tr '\n' ' ')"; fi
"$bin/zvm-job" --swift --json --quiet one.json >client.json 2>client.err
grep -Eq '"server": ?"'"$(holder data one.txt)"'"' client.json && grep -Eq '"ok": ?true' client.json &&
	pass client-json || fail client-json "$(head -c 300 client.json)"
sed 's|swift://~/|swift://AUTH_test/|g' one.json >cl-other.json
ST_USER=test2:tester2 ST_KEY=testing2 "$bin/zvm-job" --swift cl-other.json >/dev/null 2>client.err
rc=$?
[ $rc = 2 ] && grep -q "refused the job (403)" client.err && pass client-refused ||
	fail client-refused "rc $rc: $(head -2 client.err)"
printf '[{"name": "x", "exec": {"path": "swift://~/apps/guest.nexe"}, "colour": 1}]' >cl-unknown.json
"$bin/zvm-job" --swift cl-unknown.json >/dev/null 2>client.err
rc=$?
[ $rc = 2 ] && grep -q "colour: unknown key" client.err && pass client-bad-job ||
	fail client-bad-job "rc $rc: $(head -2 client.err)"
printf '[{"name": "spin", "exec": {"path": "swift://~/apps/guest.nexe", "args": "spin"}, "timeout": 1}]' >cl-spin.json
"$bin/zvm-job" --swift cl-spin.json >/dev/null 2>client.err
rc=$?
[ $rc = 1 ] && grep -q "spin" client.err && pass client-failed || fail client-failed "rc $rc: $(head -2 client.err)"
ST_KEY=wrong "$bin/zvm-job" --swift one.json >/dev/null 2>client.err
rc=$?
[ $rc = 2 ] && grep -q "auth at" client.err && pass client-bad-key || fail client-bad-key "rc $rc: $(head -2 client.err)"
# its HTTP parser, fuzzed briefly over the committed corpus
FZ=$build/fuzz/fuzz_http
if [ -x "$FZ" ] && mkdir -p fuzz-http && "$FZ" -runs=0 "$root/fuzz/corpus/http" >fz-replay.log 2>&1 &&
	"$FZ" -max_total_time=5 fuzz-http "$root/fuzz/corpus/http" >fz.log 2>&1; then
	pass "fuzz-http ($(grep -o 'stat::number_of_executed_units: [0-9]*' fz.log | cut -d' ' -f2) runs)"
else
	fail fuzz-http "$(grep -E 'ERROR|SUMMARY' fz-replay.log fz.log 2>/dev/null | head -3)"
fi

# ---- access
post other-account one.json "$T2"
expect other-account 403 "refused"
sed 's|swift://~/|swift://AUTH_test/|g' wild.json | sed 's|copy-|stolen-|' >steal.json
post other-reads steal.json "$T2" AUTH_test2
expect other-reads 403 "swift://AUTH_test/data/ refused (403)"
absent other-nothing-written out stolen-1.txt
cat >write-other.json <<'EOF'
[{"name": "w", "exec": {"path": "swift://AUTH_test2/apps2/guest.nexe", "args": "hello"},
  "devices": [{"name": "stdout", "path": "swift://AUTH_test/out/planted.txt"}]}]
EOF
"$PY" -m swiftclient.shell -q -A "$ST_AUTH" -U test2:tester2 -K testing2 upload apps2 guest.nexe --object-name guest.nexe
post other-writes write-other.json "$T2" AUTH_test2
expect other-writes 403 "writing swift://AUTH_test/out/planted.txt"
absent other-writes-nothing out planted.txt
sed 's|copy-|t3-|' wild.json >t3.json
post no-acl t3.json "$T3"
expect no-acl 403 "refused"
SW post -r 'test:tester3' apps && SW post -r 'test:tester3' data && SW post -w 'test:tester3' -r 'test:tester3' out
post with-acl t3.json "$T3"
expect with-acl 200
post no-token one.json "nope"
expect no-token 401

# ---- bad input
printf '[{"name": "x", "exec": ' >bad-json.json
post bad-json bad-json.json
expect bad-json 400 "not valid JSON"
printf '[{"name": "x", "exec": {"path": "swift://~/apps/guest.nexe"}, "colour": 1}]' >unknown.json
post unknown-key unknown.json
expect unknown-key 400 "colour: unknown key"
printf '[{"name": "x", "exec": {"path": "/bin/sh"}}]' >local.json
post local-path local.json
expect local-path 400 "swift://ACCOUNT/CONTAINER/OBJECT"
sed 's|one.txt|none.txt|' one.json >missing.json
post missing-object missing.json
expect missing-object 404 "no object swift://AUTH_test/data/none.txt"
sed 's|guest.nexe|nothere.nexe|' one.json >missing-prog.json
post missing-program missing-prog.json
expect missing-program 404 "nothere.nexe"
sed 's|out/copy-|nocontainer/copy-|' wild.json >nocont.json
post missing-container nocont.json
expect missing-container 404 "no container swift://AUTH_test/nocontainer/"
sed 's|data/part-|nodata/part-|' wild.json >nolist.json
post missing-listing nolist.json
expect missing-listing 404 "no container swift://AUTH_test/nodata/"
sed 's|part-\*|zzz-*|' wild.json >nomatch.json
post no-match nomatch.json
expect no-match 400 "no object matches"
SW upload apps bad.nexe --object-name bad.nexe --header 'Content-Type: application/octet-stream'
sed 's|guest.nexe|bad.nexe|' one.json >invalid.json
post invalid-nexe invalid.json
expect invalid-nexe 400 "memory operand without 0x67 prefix"
[ "$(header invalid-nexe X-Nexe-Validation)" = 1 ] && pass invalid-nexe-header ||
	fail invalid-nexe-header "$(header invalid-nexe X-Nexe-Validation)"
# limits: config size, instances, timeout, memory, a channel's bytes
{ printf '[{"name": "x", "exec": {"path": "swift://~/apps/guest.nexe", "args": "'; head -c 9000 /dev/zero | tr '\0' a; printf '"}}]'; } >big.json
post too-big big.json
expect too-big 413 "larger than 8192"
printf '[{"name": "x", "exec": {"path": "swift://~/apps/guest.nexe"}, "count": 13}]' >many.json
post too-many many.json
expect too-many 400 "13 instances (at most 12)"
printf '[{"name": "x", "exec": {"path": "swift://~/apps/guest.nexe"}, "timeout": 21}]' >slow.json
post too-long slow.json
expect too-long 400 "timeout 21 s is over the limit 20 s"
printf '[{"name": "x", "exec": {"path": "swift://~/apps/guest.nexe"}, "memory": 8589934592}]' >mem.json
post too-much-memory mem.json
expect too-much-memory 400 "not in"
cat >quota.json <<'EOF'
[{"name": "w", "exec": {"path": "swift://~/apps/guest.nexe", "args": "write 2000000"},
  "devices": [{"name": "stdout", "path": "swift://~/out/quota.txt"}]}]
EOF
post quota quota.json
size=$(SW stat out quota.txt 2>/dev/null | awk '/Content Length:/{print $3}')
if [ "$(status quota)" = 200 ] && [ "$(header quota X-Nexe-Retcode)" = 1 ] && [ -n "$size" ] &&
	[ "$size" -le 1048576 ]; then pass quota; else
	fail quota "status $(status quota), retcode $(header quota X-Nexe-Retcode), $size bytes stored"; fi

# ---- uploads of programs are validated
code=$(curl -s -m 30 -o up.b -w '%{http_code}' -X PUT -H "X-Auth-Token: $T1" \
	-H 'Content-Type: application/x-nexe' --data-binary @bad.nexe "$P/v1/AUTH_test/apps/rejected.nexe")
[ "$code" = 400 ] && grep -q "memory operand without 0x67 prefix" up.b && pass upload-invalid ||
	fail upload-invalid "$code $(head -c 200 up.b)"
absent upload-invalid-absent apps rejected.nexe
code=$(curl -s -m 30 -o up.b -w '%{http_code}' -X PUT -H "X-Auth-Token: $T1" \
	-H 'Content-Type: application/x-nexe' --data-binary @guest.nexe "$P/v1/AUTH_test/apps/accepted.nexe")
[ "$code" = 201 ] && pass upload-valid || fail upload-valid "$code $(head -c 200 up.b)"

# ---- forged headers change nothing
post forged one.json "$T1" AUTH_test -H "X-Nexe-Status: forged" -H "X-Zerovm-Node: 5" -H "X-Nexe-Retcode: 7"
if [ "$(status forged)" = 200 ] && [ "$(header forged X-Nexe-Status)" = ok ] &&
	[ "$(header forged X-Nexe-Retcode)" = 0 ]; then pass forged-headers; else
	fail forged-headers "$(grep -i x-nexe forged.h | tr '\n' ' ')"; fi
# a user's exit code is reported, the job still answers 200
printf '[{"name": "x", "exec": {"path": "swift://~/apps/guest.nexe", "args": "exit 3"}, "devices": [{"name": "stdout"}]}]' >exit.json
post exit-code exit.json
[ "$(status exit-code)" = 200 ] && [ "$(header exit-code X-Nexe-Retcode)" = 3 ] && grep -q "exit 3" exit-code.b &&
	pass exit-code || fail exit-code "$(status exit-code) $(header exit-code X-Nexe-Retcode)"

# ---- a timeout
printf '[{"name": "spin", "exec": {"path": "swift://~/apps/guest.nexe", "args": "spin"}, "timeout": 2}]' >spin.json
t0=$(date +%s)
post timeout spin.json
t1=$(date +%s)
expect timeout 500 "spin:"
[ $((t1 - t0)) -lt 15 ] && pass timeout-prompt || fail timeout-prompt "$((t1 - t0)) s"

# ---- an object server killed while its instance runs
printf '[{"name": "spin", "exec": {"path": "swift://~/apps/guest.nexe", "args": "spin"}, "timeout": 15, "devices": [{"name": "stdin", "path": "swift://~/data/one.txt"}]}]' >kill.json
victim=$(holder data one.txt)
vport=${victim#*:}
k=1
for p in $SWIFT_OBJECT_PORTS; do [ "$p" = "$vport" ] && break; k=$((k + 1)); done
( sleep 2; kill -9 "$(cat "$D/run/obj$k.pid")" ) &  # a crash, not a stop
t0=$(date +%s)
post killed kill.json
t1=$(date +%s)
wait
s=$(status killed)
if [ "$s" -ge 500 ] 2>/dev/null && [ $((t1 - t0)) -lt 12 ]; then pass killed-server; else
	fail killed-server "status $s after $((t1 - t0)) s: $(head -c 200 killed.b)"; fi
sleep 1
if ps -eo args | grep -v grep | grep -q "$D/srv"; then
	fail killed-no-orphans "$(ps -eo pid,args | grep "$D/srv" | grep -v grep | head -3)"
else
	pass killed-no-orphans
fi
# the other servers' objects are still served
alive=0
for k in 1 2 3 4 5 6; do
	[ "$(holder data part-$k.txt)" = "$victim" ] && continue
	SW download data part-$k.txt -o got-$k.txt 2>/dev/null && cmp -s got-$k.txt corpus/part-$k.txt && alive=1
done
[ $alive = 1 ] && pass still-serving || fail still-serving "no object could be read"
post down kill.json
s=$(status down)
if { [ "$s" = 503 ] || [ "$s" = 404 ]; } && grep -q "swift://AUTH_test/" down.b; then pass down; else
	fail down "status $s: $(head -c 300 down.b)"; fi
sh "$root/scripts/swift-dev.sh" start "$D" "$B" >/dev/null 2>restart.err
post back one.json
expect back 200

# ---- replicas 2: an instance moves to the other replica when its server is
# down before the job, or dies while the instance runs; 503 when none answers
sh "$root/scripts/swift-dev.sh" stop "$D" 2>/dev/null
D=$W/cluster2
B=$((B + 100))
if ! SWIFT_DEV_REPLICAS=2 sh "$root/scripts/swift-dev.sh" start "$D" "$B" >env2.sh 2>start2.err; then
	fail replicas-cluster "$(tail -20 start2.err)"
else
	. ./env2.sh
	P=http://127.0.0.1:$B
	T1=$(token test:tester testing)
	SW post apps && SW post data
	SW upload apps guest.nexe --object-name guest.nexe
	SW upload data one.txt --object-name one.txt
	# the object's primaries, in the ring's order, and their pid files
	set -- $(/usr/bin/swift-get-nodes -a "$SWIFT_DIR/object.ring.gz" AUTH_test data one.txt 2>/dev/null |
		awk '/^Server:Port Device/ && !/Handoff/ {print $3}')
	first=$1 second=$2
	pidfile() { # ip:port -> the pid file of its object server
		k=1
		for p in $SWIFT_OBJECT_PORTS; do [ "$p" = "${1#*:}" ] && break; k=$((k + 1)); done
		echo "$D/run/obj$k.pid"
	}
	post rep-first one.json
	[ "$(status rep-first)" = 200 ] && [ "$(header rep-first X-Nexe-Server)" = "$first" ] &&
		cmp -s rep-first.b one.txt && pass replicas-first-primary ||
		fail replicas-first-primary "status $(status rep-first) on $(header rep-first X-Nexe-Server), not $first"
	kill -9 "$(cat "$(pidfile "$first")")"
	post rep-down one.json
	[ "$(status rep-down)" = 200 ] && [ "$(header rep-down X-Nexe-Server)" = "$second" ] &&
		cmp -s rep-down.b one.txt && pass replicas-server-down ||
		fail replicas-server-down "status $(status rep-down) on $(header rep-down X-Nexe-Server), not $second"
	sh "$root/scripts/swift-dev.sh" start "$D" "$B" >/dev/null 2>restart2.err
	# about 3 s of work; its server crashes after 1 s; the other replica runs it
	printf '[{"name": "slow", "exec": {"path": "swift://~/apps/guest.nexe", "args": "burn 10000"}, "timeout": 20, "devices": [{"name": "stdin", "path": "swift://~/data/one.txt"}, {"name": "stdout"}]}]' >burn.json
	( sleep 1; kill -9 "$(cat "$(pidfile "$first")")" ) &
	post rep-crash burn.json
	wait
	[ "$(status rep-crash)" = 200 ] && [ "$(header rep-crash X-Nexe-Server)" = "$second" ] &&
		cmp -s rep-crash.b one.txt && pass replicas-server-crash ||
		fail replicas-server-crash "status $(status rep-crash) on $(header rep-crash X-Nexe-Server): $(head -c 200 rep-crash.b)"
	# no replica of one.txt left (the program's replicas may be gone too:
	# the 503 names whichever object the proxy found down first)
	kill -9 "$(cat "$(pidfile "$second")")"
	post rep-none one.json
	s=$(status rep-none)
	{ [ "$s" = 503 ] && grep -Eq "swift://AUTH_test/(data/one.txt|apps/guest.nexe).*503" rep-none.b; } && pass replicas-none ||
		fail replicas-none "status $s: $(head -c 300 rep-none.b)"
	sh "$root/scripts/swift-dev.sh" stop "$D" 2>/dev/null
fi

echo "swift: $npass passed, $nfail failed"
[ "$nfail" = 0 ]
