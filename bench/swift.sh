#!/bin/sh
# bench/swift.sh [OUTDIR] - ZeroVM inside Swift against what a user does
# without it, on one loopback cluster (scripts/swift-dev.sh), same run:
#   wordcount  a 64 MiB corpus (16 objects of 4 MiB, gen-corpus.sh) counted
#              data-locally (examples/swift/wordcount.json: a mapper per
#              object on its server, 3 reducers, a merger, the result stored
#              as an object) against: download every object through the
#              proxy (swift download, its 10 threads), run the same programs
#              natively on pipes (bench/wordcount.sh WC_ONLY=native), upload
#              the result. Goal: data-local <= 0.7x.
#   hello      a one-instance job printing "hello" against a GET of a 1-byte
#              object (curl, one request each, a token already held).
#              Goal: <= 3x.
# Medians of SW_REPS (default 5; hello 4x that) alternated runs. Writes
# OUTDIR/parts/swift.json and checks that both word counts agree.
cd "$(dirname "$0")/.." || exit 2
ROOT=$(pwd)
ZVM_BUILD=${ZVM_BUILD:-$ROOT/build}
out=${1:-$ZVM_BUILD/bench}
reps=${SW_REPS:-5}
W=$ZVM_BUILD/bench/swift
D=$W/cluster
B=${SW_PORT_BASE:-16400}
PY=/usr/bin/python3
[ -x /usr/bin/swift-proxy-server ] || { echo "bench/swift: no Swift (scripts/deps.sh)" >&2; exit 1; }
sh scripts/swift-dev.sh stop "$D" 2>/dev/null
rm -rf "$W"
mkdir -p "$W" "$out/parts" || exit 2
trap 'sh "$ROOT/scripts/swift-dev.sh" stop "$D" 2>/dev/null' EXIT
sh examples/wordcount/gen-corpus.sh "$W/corpus" 16 4096
eval "$(SWIFT_DEV_ZEROVM_CONF='zerovm_timeout = 120' sh scripts/swift-dev.sh start "$D" "$B" 2>"$W/start.log")" ||
	{ echo "bench/swift: the cluster did not start: $(tail -5 "$W/start.log")" >&2; exit 1; }
SW() { "$PY" -m swiftclient.shell -q "$@"; }
SW post apps && SW post corpus && SW post results && SW post tiny
for f in mapper reducer merger; do
	SW upload apps "$ZVM_BUILD/examples/wordcount/$f.nexe" --object-name $f.nexe
done
"$ZVM_BUILD/bin/zvm-cc" -O2 tests/swift/guest.c -o "$W/guest.nexe" && SW upload apps "$W/guest.nexe" --object-name guest.nexe
(cd "$W/corpus" && for f in part-*.txt; do SW upload corpus "$f" --object-name "$f"; done)
printf x >"$W/one-byte" && SW upload tiny "$W/one-byte" --object-name x
TOKEN=$(curl -s -D - -o /dev/null -H "X-Auth-User: $ST_USER" -H "X-Auth-Key: $ST_KEY" "$ST_AUTH" |
	tr -d '\r' | awk 'tolower($1)=="x-auth-token:"{print $2}')
P=http://127.0.0.1:$B/v1/AUTH_test
job() { # JOBFILE OUT
	curl -s -f -o "$2" -X POST -H "X-Auth-Token: $TOKEN" -H "X-Zerovm-Execute: 1.0" \
		-H "Content-Type: application/json" --data-binary @"$1" "$P"
}
printf '[{"name": "hello", "exec": {"path": "swift://~/apps/guest.nexe", "args": "hello"}, "devices": [{"name": "stdout"}]}]' >"$W/hello.json"

now() { date +%s.%N; }
: >"$W/local.times"
: >"$W/download.times"
: >"$W/hello.times"
: >"$W/get.times"
for k in $(seq 1 "$reps"); do
	t0=$(now)
	job examples/swift/wordcount.json "$W/local.top" || { echo "bench/swift: the job failed" >&2; exit 1; }
	t1=$(now)
	rm -rf "$W/dl" && mkdir -p "$W/dl" &&
		(cd "$W/dl" && SW download corpus --skip-identical) && : >"$W/dl/.stamp" &&
		WC_ONLY=native WC_CORPUS=$W/dl sh bench/wordcount.sh "$out" >"$W/native.log" 2>&1 &&
		SW upload results "$ZVM_BUILD/bench/wordcount/native.counts" --object-name native-counts.txt ||
		{ echo "bench/swift: the download-run-upload baseline failed: $(tail -3 "$W/native.log")" >&2; exit 1; }
	t2=$(now)
	echo "$t1 - $t0" | bc >>"$W/local.times"
	echo "$t2 - $t1" | bc >>"$W/download.times"
done
SW download results counts.txt -o "$W/local.counts"
if ! cmp -s "$W/local.counts" "$ZVM_BUILD/bench/wordcount/native.counts"; then
	echo "bench/swift: the data-local and the downloaded runs counted differently" >&2
	exit 1
fi
for k in $(seq 1 $((reps * 4))); do
	t0=$(now)
	job "$W/hello.json" "$W/hello.out" || { echo "bench/swift: the hello job failed" >&2; exit 1; }
	t1=$(now)
	curl -s -f -o /dev/null -H "X-Auth-Token: $TOKEN" "$P/tiny/x" || exit 1
	t2=$(now)
	echo "$t1 - $t0" | bc >>"$W/hello.times"
	echo "$t2 - $t1" | bc >>"$W/get.times"
done
grep -qx hello "$W/hello.out" || { echo "bench/swift: hello said $(head -c 80 "$W/hello.out")" >&2; exit 1; }
median() { sort -n "$1" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ls=$(median "$W/local.times") ds=$(median "$W/download.times")
hs=$(median "$W/hello.times") gs=$(median "$W/get.times")
wr=$(echo "scale=3; $ls / $ds" | bc) hr=$(echo "scale=3; $hs / $gs" | bc)
met() { [ "$(echo "$1 <= $2" | bc)" = 1 ] && echo met || echo missed; }
echo "Swift (loopback, 3 object servers; median of $reps, hello of $((reps * 4)))"
printf '  wordcount 64 MiB  data-local %.3f s   download+native+upload %.3f s   ratio %.2f (goal <= 0.7: %s)\n' \
	"$ls" "$ds" "$wr" "$(met "$wr" 0.7)"
printf '  hello job         %.4f s   GET of 1 byte %.4f s   ratio %.2f (goal <= 3: %s)\n' \
	"$hs" "$gs" "$hr" "$(met "$hr" 3)"
printf '{\n  "swift_wordcount_local_s": %.4f,\n  "swift_wordcount_download_s": %.4f,\n  "swift_wordcount_ratio": %.3f,\n  "swift_hello_s": %.4f,\n  "swift_get_s": %.4f,\n  "swift_hello_ratio": %.3f\n}\n' \
	"$ls" "$ds" "$wr" "$hs" "$gs" "$hr" >"$out/parts/swift.json"
