#!/bin/sh
# tests/daemon/run.sh - daemon mode: Job = SOCKET and zvm_fork().
#
# A ZRT program with [precache] precache=yes forks before main; the first
# zerovm exits with daemon state 1 and leaves a daemon on the socket, which
# then serves requests (tests/daemon/client.py sends them). Checked: many
# sequential requests, parallel clients, bad and truncated requests,
# channel-shape mismatches, a request that crashes or times out while the
# daemon keeps serving, determinism, socket clean-up, and zvsh's daemon
# client. Runs against the plain and the UBSan zerovm.
# Prints "PASS daemon/NAME" or "FAIL daemon/NAME: why".
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${ZVM_BUILD:-$root/build}
bin=${ZVM_BIN:-$build/bin}
if [ -z "$DAEMON_ZEROVM" ]; then
	rc=0
	DAEMON_ZEROVM=$bin/zerovm DAEMON_TAG= sh "$0" || rc=1
	DAEMON_ZEROVM=$build/ubsan/bin/zerovm DAEMON_TAG=ubsan/ sh "$0" || rc=1
	exit $rc
fi
W=$build/tests/daemon/${DAEMON_TAG:-plain}
rm -rf "$W"
mkdir -p "$W" || exit 2
[ -x "$DAEMON_ZEROVM" ] || { echo "FAIL daemon/${DAEMON_TAG}build: $DAEMON_ZEROVM not built"; exit 1; }
cd "$W" || exit 2
client="python3 $root/tests/daemon/client.py"
sock=$W/d$$
name=zvm.d$$
npass=0
nfail=0
pass() { echo "PASS daemon/$DAEMON_TAG$1"; npass=$((npass + 1)); }
fail() { echo "FAIL daemon/$DAEMON_TAG$1: $2"; nfail=$((nfail + 1)); }
stop() { pkill -TERM -x "$name" 2>/dev/null; }
trap stop EXIT

if ! "$bin/zvm-cc" -O2 -Wall -Wextra -Werror "$root/tests/daemon/req.c" -o req.nexe 2>build.err; then
	fail build "$(cat build.err)"
	exit 1
fi

# manifest FILE TAG [TIMEOUT] [EXTRA-LINE]: channels named after TAG
manifest() {
	{
		echo "Version = 20130611"
		echo "Program = $W/req.nexe"
		echo "Memory = 268435456, 0"
		echo "Timeout = ${3:-10}"
		echo "Channel = $W/stdin.$2, /dev/stdin, 0, 0, 100000, 100000000, 0, 0"
		echo "Channel = $W/out.$2, /dev/stdout, 0, 1, 0, 0, 100000, 100000000"
		echo "Channel = $W/err.$2, /dev/stderr, 0, 0, 0, 0, 100000, 100000000"
		echo "Channel = $W/nv.$2, /dev/nvram, 3, 0, 100, 1000000, 0, 0"
		echo "Channel = $W/in.$2, /dev/input, 3, 0, 100, 1000000, 0, 0"
		[ -n "$4" ] && echo "$4"
	} >"$1"
}
# request TAG ARGS...: the files of one request (stdin, input, nvram)
request() {
	t=$1
	shift
	printf 'stdin of %s\n' "$t" >"stdin.$t"
	printf 'input of %s\n' "$t" >"in.$t"
	printf '[args]\nargs=req %s\n[env]\nname=REQ, value=%s\n' "$*" "$t" >"nv.$t"
	manifest "m.$t" "$t" "${TIMEOUT:-10}"
}
# expect TAG ARGS...: what req prints for such a request
expect() {
	t=$1
	shift
	{
		echo "argv[0]=req"
		i=1
		for a in "$@"; do echo "argv[$i]=$a"; i=$((i + 1)); done
		echo "REQ=$t loaded=42"
		echo "input: $(wc -c <"in.$t") bytes: input of $t"
		echo "stdin: stdin of $t"
	}
}

# ---- the daemon starts ---------------------------------------------------
: >stdin.0
echo "input of 0" >in.0
printf '[args]\nargs=req\n[precache]\nprecache=yes\n' >nv.0
manifest m.0 0 10 "Job = $sock"
"$DAEMON_ZEROVM" m.0 >report.0 2>zerovm.err
rc=$?
if [ $rc = 0 ] && [ "$(sed -n 2p report.0)" = 1 ] && [ -S "$sock" ] && [ ! -s out.0 ]; then
	pass start
else
	fail start "rc $rc, report: $(tr '\n' '|' <report.0) socket: $(ls -l "$sock" 2>&1)"
	exit 1
fi

# only its owner can reach the socket, from the moment it exists
[ "$(stat -c %a "$sock")" = 600 ] && pass socket-mode-0600 ||
	fail socket-mode-0600 "mode $(stat -c %a "$sock")"

# ---- sequential requests ---------------------------------------------------
ok=0
for k in $(seq 1 25); do
	request s$k exit $((k % 5)) word$k
	$client "$sock" m.s$k >report.s$k 2>client.err
	expect s$k exit $((k % 5)) word$k >want.s$k
	if [ "$(sed -n 3p report.s$k)" = $((k % 5)) ] && [ "$(sed -n 6p report.s$k)" = ok ] &&
		cmp -s want.s$k out.s$k; then
		ok=$((ok + 1))
	else
		fail sequential-$k "$(tr '\n' '|' <report.s$k) $(diff want.s$k out.s$k | tr '\n' '|')"
	fi
done
[ $ok = 25 ] && pass sequential-25

# the same request twice: same output, same etag (report minus CPU times)
request d1 same
cp m.d1 m.d1b
$client "$sock" m.d1 >r1 && cp out.d1 o1 && $client "$sock" m.d1b >r2
if sed 5d r1 >r1.det && sed 5d r2 >r2.det && cmp -s r1.det r2.det && cmp -s o1 out.d1 &&
	grep -q '^/dev/stdout [0-9a-f]\{64\}$' r1; then
	pass deterministic
else
	fail deterministic "$(tr '\n' '|' <r1) vs $(tr '\n' '|' <r2)"
fi

# ---- parallel clients --------------------------------------------------------
for k in $(seq 1 8); do
	request p$k parallel $k
	$client "$sock" m.p$k >report.p$k 2>/dev/null &
done
wait
ok=0
for k in $(seq 1 8); do
	expect p$k parallel $k >want.p$k
	cmp -s want.p$k out.p$k && [ "$(sed -n 6p report.p$k)" = ok ] && ok=$((ok + 1))
done
[ $ok = 8 ] && pass parallel-8 || fail parallel-8 "$ok of 8 right"

# ---- bad requests get an error report; the daemon keeps serving ------------
check_bad() { # NAME WANT-IN-STATE
	st=$(sed -n 6p "report.$1")
	case $st in
	*"$2"*) pass "bad-$1" ;;
	*) fail "bad-$1" "state '$st'" ;;
	esac
}
printf 'hello!!!' >raw.header
$client "$sock" - --raw raw.header >report.header
check_bad header "bad request length header"
printf '0x000100Version = 2013' >raw.short
$client "$sock" - --raw raw.short >report.short
check_bad short "shorter than its length header"
printf '0x0' >raw.tiny
$client "$sock" - --raw raw.tiny >report.tiny
check_bad tiny "too short for its length header"
printf 'Version = 20130611\nProgram = /x\n' >bad.manifest
$client "$sock" bad.manifest >report.manifest
check_bad manifest "MANIFEST"
request mm shape
sed -i '/\/dev\/input/d' m.mm
$client "$sock" m.mm >report.mm
check_bad mm "differ from the daemon's: a different number of channels"
request ml shape
sed -i 's|/dev/input, 3, 0, 100, 1000000|/dev/input, 3, 0, 99, 1000000|' m.ml
$client "$sock" m.ml >report.ml
check_bad ml "differ from the daemon's: /dev/input"
request mt shape
sed -i 's|/dev/input, 3,|/dev/input, 1,|' m.mt
$client "$sock" m.mt >report.mt
check_bad mt "differ from the daemon's: /dev/input"
# a file the client cannot open: the client says so and sends nothing
request ms missing
rm -f in.ms
$client "$sock" m.ms >report.ms 2>client.ms
rc=$?
[ $rc = 4 ] && grep -q "in.ms" client.ms && [ ! -s report.ms ] && pass bad-missing-file ||
	fail bad-missing-file "client rc $rc: $(cat client.ms)"
# the descriptors (request.h): one per file channel, in handle order
# (stdin, stdout, stderr, /dev/input, /dev/nvram); each checked for its
# type and access mode, none used when one is wrong
fds() { # TAG [HANDLE MODE:PATH]: the five --fd arguments, one replaced
	i=0
	for f in r:stdin.$1 w:out.$1 w:err.$1 r:in.$1 r:nv.$1; do
		[ "$i" = "$2" ] && f=$3
		printf -- '--fd %s ' "$f"
		i=$((i + 1))
	done
}
check_fd() { # NAME WANT-IN-STATE CLIENT-ARGS...: an error report, no output
	t=$1
	want=$2
	shift 2
	request "$t" fds
	# shellcheck disable=SC2046
	$client "$sock" "m.$t" "$@" >"report.$t" 2>"client.$t"
	st=$(sed -n 6p "report.$t")
	case $st in
	*"$want"*) [ ! -s "out.$t" ] && pass "fd-$t" || fail "fd-$t" "the guest ran: $(head -c 100 "out.$t")" ;;
	*) fail "fd-$t" "state '$st' $(head -c 200 "client.$t")" ;;
	esac
}
check_fd none "brought no descriptors; its 5 file channels need one each" --no-fds
check_fd few "brought 1 descriptors for 5 file channels" --fd r:stdin.few
# shellcheck disable=SC2046
check_fd many "brought 6 descriptors for 5 file channels" $(fds many) --fd r:in.many
# shellcheck disable=SC2046
check_fd dir "/dev/stdin: its descriptor is a directory" $(fds dir 0 "dir:$W")
# shellcheck disable=SC2046
check_fd sock "/dev/input: its descriptor is a socket" $(fds sock 3 sock:)
# shellcheck disable=SC2046
check_fd rdonly "/dev/stdout: its descriptor is not open for writing" $(fds rdonly 1 r:stdin.rdonly)
# shellcheck disable=SC2046
check_fd wronly "/dev/nvram: its descriptor is not open for reading" $(fds wronly 4 w:junk.wronly)
# shellcheck disable=SC2046
check_fd opath "/dev/stdin: its descriptor is O_PATH" $(fds opath 0 path:stdin.opath)
# O_APPEND (a client's `>>log`) on a sequential channel: served, and what
# was in the file stays (puts start at its end; the end's cut cuts nothing)
request app fds app
echo before >out.app
# shellcheck disable=SC2046
$client "$sock" m.app $(fds app 1 wa:out.app) >report.app
{ echo before; expect app fds app; } >want.app
cmp -s want.app out.app && [ "$(sed -n 6p report.app)" = ok ] && pass fd-append-sequential ||
	fail fd-append-sequential "$(tr '\n' '|' <report.app) $(diff want.app out.app | tr '\n' '|')"
# the same five, right: served
request fdok fds ok
# shellcheck disable=SC2046
$client "$sock" m.fdok $(fds fdok) >report.fdok
expect fdok fds ok >want.fdok
cmp -s want.fdok out.fdok && [ "$(sed -n 6p report.fdok)" = ok ] && pass fd-right ||
	fail fd-right "$(tr '\n' '|' <report.fdok)"

# a client that gives up half way, and one that says nothing
request gone quit
$client "$sock" m.gone --close-after 20
$client "$sock" m.gone --close-after 0

# a request that crashes, and one that runs out of time
request crash crash
$client "$sock" m.crash >report.crash
case $(sed -n 6p report.crash) in
"Signal 11 from untrusted code"*) pass request-crash ;;
*) fail request-crash "$(tr '\n' '|' <report.crash)" ;;
esac
# the user manifest stays read-only for the guest, though each spare keeps
# it in a file mapped twice (written through its alias, outside the sandbox)
request wrman wrman
$client "$sock" m.wrman >report.wrman
case $(sed -n 6p report.wrman) in
"Signal 11 from untrusted code"*) pass manifest-read-only ;;
*) fail manifest-read-only "$(tr '\n' '|' <report.wrman)" ;;
esac
TIMEOUT=1 request spin spin
$client "$sock" m.spin >report.spin
[ "$(sed -n 6p report.spin)" = "session timeout" ] && pass request-timeout ||
	fail request-timeout "$(tr '\n' '|' <report.spin)"

# the CPU-time cap of a request: its timeout + 1 s, whether it is the
# daemon's (set by the spare in advance) or another; seen while it spins,
# then killed
cpucap() { # TAG WANT-SECONDS
	$client "$sock" "m.$1" >"report.$1" &
	cpid=$!
	got=""
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		sleep 0.2
		for p in $(pgrep -x zvm-request); do
			ls -l "/proc/$p/fd" 2>/dev/null | grep -q "/out\.$1\$" || continue
			l=$(awk '/^Max cpu time/ { print $4 }' "/proc/$p/limits" 2>/dev/null)
			[ -n "$l" ] && got="$got $l"
			kill -9 "$p"
		done
		[ -n "$got" ] && break
	done
	kill "$cpid" 2>/dev/null
	wait "$cpid" 2>/dev/null
	case "$got" in
	" $2") pass "cpu-cap-$1" ;;
	*) fail "cpu-cap-$1" "Max cpu time soft limits seen:${got:- none} (want $2)" ;;
	esac
}
TIMEOUT=10 request cap10 spin
cpucap cap10 11
TIMEOUT=2 request cap2 spin
cpucap cap2 3
# bytes after the manifest are ignored
request trail still here
{ printf '0x%06x' "$(wc -c <m.trail)"; cat m.trail; printf 'junk after the manifest'; } >raw.trail
$client "$sock" m.trail --raw raw.trail >report.trail
expect trail still here >want.trail
cmp -s want.trail out.trail && [ "$(sed -n 6p report.trail)" = ok ] && pass trailing-bytes ||
	fail trailing-bytes "$(tr '\n' '|' <report.trail)"

request after still here
$client "$sock" m.after >report.after
expect after still here >want.after
cmp -s want.after out.after && [ "$(sed -n 6p report.after)" = ok ] && pass survives ||
	fail survives "$(tr '\n' '|' <report.after)"
n=$(ps -eo stat,comm | awk -v n="$name" '$2 == n && $1 ~ /^Z/' | wc -l)
[ "$n" = 0 ] && pass no-zombies || fail no-zombies "$n zombie processes"

# ---- the spares ---------------------------------------------------------------
# SPARES (2) sessions wait in accept(), the daemon's children; one taken by
# a request is replaced after it, one that dies is replaced (not in a loop)
spares() { # the daemon's waiting spares, after the count has settled
	d=$(pgrep -x "$name")
	for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		n=$(pgrep -x -P "$d" zvm-spare | wc -l)
		[ "$n" = "$1" ] && break
		sleep 0.2
	done
	echo "$n"
}
n=$(spares 2)
[ "$n" = 2 ] && pass spares-two || fail spares-two "$n spares waiting"
request sp1 exit 0
$client "$sock" m.sp1 >report.sp1
n=$(spares 2)
[ "$n" = 2 ] && [ "$(sed -n 6p report.sp1)" = ok ] && pass spares-replaced ||
	fail spares-replaced "$n spares waiting after a request; $(tr '\n' '|' <report.sp1)"
kill -9 $(pgrep -x -P "$(pgrep -x "$name")" zvm-spare | head -1)
sleep 0.3
request sp2 exit 0
$client "$sock" m.sp2 >report.sp2
n=$(spares 2)
sleep 1.5
n2=$(pgrep -x -P "$(pgrep -x "$name")" zvm-spare | wc -l)
procs=$(pgrep -x -c zvm-spare)
[ "$n" = 2 ] && [ "$n2" = 2 ] && [ "$(sed -n 6p report.sp2)" = ok ] && pass spare-killed ||
	fail spare-killed "spares $n then $n2 ($procs in all); $(tr '\n' '|' <report.sp2)"

# both spares busy: the last one to take a connection wakes the daemon,
# which forks another at once (a third client does not wait for the two)
TIMEOUT=4 request busy1 spin
TIMEOUT=4 request busy2 spin
$client "$sock" m.busy1 >report.busy1 &
b1=$!
$client "$sock" m.busy2 >report.busy2 &
b2=$!
for _ in $(seq 1 30); do
	[ "$(pgrep -x -P "$(pgrep -x "$name")" zvm-request | wc -l)" -ge 2 ] && break
	sleep 0.1
done
request third exit 0
$client "$sock" m.third >report.third
running=$(pgrep -x -P "$(pgrep -x "$name")" zvm-request | wc -l)
if [ "$(sed -n 6p report.third)" = ok ] && [ "$running" = 2 ] && [ ! -s report.busy1 ] &&
	[ ! -s report.busy2 ]; then
	pass spares-none-left
else
	fail spares-none-left "$(tr '\n' '|' <report.third) with $running requests running"
fi
wait $b1 $b2

# ---- races: forks and requests at once ---------------------------------------
# 12 real clients, 12 that give up part-way (after 0..44 bytes) and 6 that
# bring the wrong descriptors, all at once and interleaved, while request
# sessions call zvm_fork 100 times each: every real client gets its own
# answer, the daemon keeps its two spares and no extra process is left.
for k in $(seq 1 12); do
	request r$k fork $k
	request q$k exit 0
	$client "$sock" m.r$k >report.r$k 2>/dev/null &
	$client "$sock" m.q$k --close-after $(((k * 4) % 45)) >/dev/null 2>&1 &
	[ $((k % 2)) = 0 ] && $client "$sock" m.q$k --no-fds >report.qb$k 2>/dev/null &
done
wait
ok=0
for k in $(seq 1 12); do
	{ expect r$k fork $k; echo "forks: 0"; } >want.r$k
	cmp -s want.r$k out.r$k && [ "$(sed -n 6p report.r$k)" = ok ] && ok=$((ok + 1))
done
bad=0
for k in 2 4 6 8 10 12; do
	grep -q 'brought no descriptors' report.qb$k && bad=$((bad + 1))
done
request rafter exit 0
$client "$sock" m.rafter >report.rafter
n=$(spares 2)
for _ in $(seq 1 20); do
	reqs=$(pgrep -x -P "$(pgrep -x "$name")" zvm-request | wc -l)
	[ "$reqs" = 0 ] && break
	sleep 0.2
done
all=$(pgrep -x -c zvm-spare)
if [ $ok = 12 ] && [ $bad = 6 ] && [ "$(sed -n 6p report.rafter)" = ok ] && [ "$n" = 2 ] &&
	[ "$all" = 2 ] && [ "$reqs" = 0 ]; then
	pass race-forks-and-requests
else
	fail race-forks-and-requests "$ok of 12 served, $bad of 6 refused, after: $(sed -n 6p report.rafter), spares $n ($all in all), $reqs requests left"
fi

# ---- the learned set (src/runtime/warm.c) ---------------------------------------
# A spare writes in advance the guest pages the first 4 requests left
# resident (at most 1024 of them), so memory a request allocates after the
# fork is there for the next. Seen in a new spare's resident guest memory,
# against a spare prepared before; the memory a request gets is still zero.
guest_kib() { # resident KiB of a process's guest memory (below 4 GiB)
	awk '/^[0-9a-f]+-[0-9a-f]+ / { split($1, r, "-"); low = length(r[1]) <= 8 }
	     low && $1 == "Rss:" { kib += $2 } END { print kib + 0 }' "/proc/$1/smaps" 2>/dev/null
}
new_spare() { # DAEMON-NAME "PIDS": a spare not among PIDS, prepared (in accept)
	d=$(pgrep -x "$1")
	for _ in $(seq 1 50); do
		for p in $(pgrep -x -P "$d" zvm-spare); do
			case " $2 " in *" $p "*) continue ;; esac
			[ "$(cut -d' ' -f1 "/proc/$p/syscall" 2>/dev/null)" = 288 ] && { echo "$p"; return; }
		done
		sleep 0.1
	done
}
ws=$W/w$$
wname=zvm.w$$
wstart() { # a fresh daemon on $ws
	pkill -TERM -x "$wname" 2>/dev/null
	sleep 0.2
	manifest m.w0 0 10 "Job = $ws"
	"$DAEMON_ZEROVM" m.w0 >report.w0 2>/dev/null
	first=$(new_spare "$wname" "")
	second=$(new_spare "$wname" "$first")
}
wreq() { # TAG ARGS...: one request to $ws; its spare's replacement in $spare
	t=$1
	before="$(pgrep -x -P "$(pgrep -x "$wname")" zvm-spare | tr '\n' ' ')"
	request "$@"
	$client "$ws" "m.$t" >"report.$t"
	spare=$(new_spare "$wname" "$before")
}
wstart
old=$(guest_kib "$second")
wreq wt1 touch 2048
new=$(guest_kib "$spare")
if [ "$(sed -n 6p report.wt1)" = ok ] && grep -q "touched 2048 KiB: zero" out.wt1 &&
	[ -n "$spare" ] && [ $((new - old)) -ge 2048 ] && [ $((new - old)) -le 2560 ]; then
	pass learned-set
else
	fail learned-set "guest KiB of spares $old before, $new after; $(tr '\n' '|' <report.wt1) $(grep touched out.wt1)"
fi
wreq wt2 touch 2048
grep -q "touched 2048 KiB: zero" out.wt2 && pass learned-memory-zero ||
	fail learned-memory-zero "$(grep touched out.wt2)"
wreq wt3 exit 0
wreq wt4 exit 0
four=$(guest_kib "$spare")
wreq wt5 touch 3072
five=$(guest_kib "$spare")
if [ "$(sed -n 6p report.wt5)" = ok ] && [ -n "$spare" ] && [ $((five - four)) -lt 512 ]; then
	pass learned-first-four
else
	fail learned-first-four "guest KiB of spares $four after request 4, $five after request 5"
fi
wstart
old=$(guest_kib "$second")
wreq wc1 touch 16384
new=$(guest_kib "$spare")
if grep -q "touched 16384 KiB: zero" out.wc1 && [ -n "$spare" ] &&
	[ $((new - old)) -ge 4096 ] && [ $((new - old)) -le 4608 ]; then
	pass learned-capped
else
	fail learned-capped "guest KiB of spares $old before, $new after a request of 16 MiB"
fi
pkill -TERM -x "$wname"

# ---- zvsh as the client: it starts the daemon, then sends requests --------
zs=$W/z$$
zname=zvm.z$$
echo "data for zvsh" >zdata.txt
ok=0
for k in 1 2 3 4; do
	printf 'line %s\n' $k | "$bin/zvsh" --zvm-daemon "$zs" req.nexe exit $k @REQ=z$k @zdata.txt >zout.$k 2>zerr.$k
	rc=$?
	printf 'argv[0]=req.nexe\nargv[1]=exit\nargv[2]=%s\nargv[3]=/dev/1.zdata.txt\nREQ=z%s loaded=42\nstdin: line %s\n' $k $k $k >zwant.$k
	if [ $rc = $k ] && cmp -s zwant.$k zout.$k; then
		ok=$((ok + 1))
	else
		fail zvsh-$k "rc $rc: $(diff zwant.$k zout.$k | tr '\n' '|') $(head -c 300 zerr.$k)"
	fi
done
[ $ok = 4 ] && pass zvsh-requests
n=$(pgrep -x -c "$zname")
[ "$n" = 1 ] && pass zvsh-one-daemon || fail zvsh-one-daemon "$n daemons"
"$bin/zvsh" --zvm-daemon "$zs" req.nexe crash @zdata.txt </dev/null >/dev/null 2>zerr.crash
rc=$?
[ $rc = 125 ] && grep -q "Signal 11" zerr.crash && pass zvsh-crash || fail zvsh-crash "rc $rc $(head -c 200 zerr.crash)"
# a program that never calls zvm_fork cannot become a daemon
cat >nofork.c <<'EOT'
#include <zvm.h>
int main(void) { zvm_exit(0); }
EOT
"$bin/zvm-cc" -O2 -ffreestanding -nostdlib nofork.c -o nofork.nexe 2>>build.err
"$bin/zvsh" --zvm-daemon "$W/n$$" nofork.nexe </dev/null >/dev/null 2>zerr.nofork
rc=$?
[ $rc = 125 ] && grep -q "did not become a daemon" zerr.nofork && pass zvsh-no-fork ||
	fail zvsh-no-fork "rc $rc $(head -c 200 zerr.nofork)"
pkill -TERM -x "$zname"

# a warm Lua: the daemon forks after Lua's set-up; each request runs its
# script (on stdin: @file names are part of the channel shape)
lua=$build/ports/lua/lua.nexe
if [ -f "$lua" ]; then
	ok=0
	for k in 1 2 3; do
		printf 'print("request %s", ("ab"):rep(%s), _VERSION)\n' $k $k |
			"$bin/zvsh" --zvm-daemon "$W/l$$" "$lua" - >lout.$k 2>lerr.$k
		printf 'request %s\t%s\tLua 5.4\n' $k "$(printf 'ab%.0s' $(seq $k))" >lwant.$k
		cmp -s lwant.$k lout.$k && ok=$((ok + 1))
	done
	[ $ok = 3 ] && pass lua-warm || fail lua-warm "$(cat lout.1 lerr.1 | head -3 | tr '\n' '|')"
	pkill -TERM -x "zvm.l$$"
else
	fail lua-warm "$lua not built"
fi

# ---- who may ask: SO_PEERCRED, JobAllow, the confused deputy -----------------------
# As root, a daemon of root's is asked by uid 65534 (setpriv). It must never
# read or write a file in the requester's name: the requester's channels
# are the descriptors it could open itself.
as() { uid=$1; shift; setpriv --reuid="$uid" --regid="$uid" --clear-groups "$@"; }
# a Python that another uid may run (root's may be a private shim)
npy=
for p in "$(readlink -f "$(command -v python3)")" /usr/bin/python3 /usr/local/bin/python3; do
	[ -x "$p" ] && as 65534 "$p" -c 'import socket; socket.send_fds' 2>/dev/null && { npy=$p; break; }
done
if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null || [ -z "$npy" ]; then
	echo "SKIP daemon/${DAEMON_TAG}peer: needs root, setpriv (util-linux) and a Python uid 65534 can run"
else
	client="$npy $root/tests/daemon/client.py" # for root too: one client
	N=$W/nob
	mkdir -p "$N"
	chown 65534:65534 "$N"
	secret="TOPSECRET-$$-$(date +%N)"
	printf '%s\n' "$secret" >secret
	chmod 600 secret
	echo "VICTIM" >victim
	chmod 644 victim
	nreq() { # TAG ARGS...: a request whose files are 65534's, in $N
		t=$1
		request "$@"
		expect "$@" >"want.$t"
		for f in stdin in nv; do mv "$f.$t" "$N/"; done
		sed -i "s|= $W/\([a-z]*\)\.$t,|= $N/\1.$t,|" "m.$t"
		chown 65534:65534 "$N"/*."$t"
	}
	# the owner's socket (0600) is out of reach...
	nreq p1 refused
	as 65534 $client "$sock" "m.p1" >report.p1 2>client.p1
	rc=$?
	[ $rc = 5 ] && [ ! -s report.p1 ] && grep -q "connect: .*Permission denied" client.p1 &&
		pass peer-socket-unreachable ||
		fail peer-socket-unreachable "rc $rc $(head -c 200 report.p1 client.p1)"
	# ...and made reachable, the daemon refuses another uid itself
	chmod 666 "$sock"
	as 65534 $client "$sock" "m.p1" >report.p1 2>client.p1
	st=$(sed -n 6p report.p1)
	case $st in
	"daemon: uid 65534 may not ask"*) [ ! -s "$N/out.p1" ] && pass peer-refused ||
		fail peer-refused "the guest ran" ;;
	*) fail peer-refused "state '$st' $(head -c 200 client.p1)" ;;
	esac
	chmod 600 "$sock"
	request p2 owner still
	$client "$sock" m.p2 >report.p2
	expect p2 owner still >want.p2
	cmp -s want.p2 out.p2 && [ "$(sed -n 6p report.p2)" = ok ] && pass peer-owner-served-after ||
		fail peer-owner-served-after "$(tr '\n' '|' <report.p2)"

	# a daemon with JobAllow = 65534: its socket 0666, 65534 served with
	# its own files (created by it), another uid still refused
	bs=$W/b$$
	manifest m.b0 0 10 "Job = $bs
JobAllow = 65534"
	"$DAEMON_ZEROVM" m.b0 >report.b0 2>/dev/null
	[ "$(stat -c %a "$bs" 2>/dev/null)" = 666 ] && pass joballow-socket-0666 ||
		fail joballow-socket-0666 "mode $(stat -c %a "$bs" 2>&1)"
	nreq a1 allowed
	as 65534 $client "$bs" m.a1 >report.a1 2>client.a1
	if cmp -s want.a1 "$N/out.a1" && [ "$(sed -n 6p report.a1)" = ok ] &&
		[ "$(stat -c %u "$N/out.a1")" = 65534 ]; then
		pass joballow-served
	else
		fail joballow-served "$(tr '\n' '|' <report.a1) $(head -c 200 client.a1) $(ls -l "$N/out.a1" 2>&1)"
	fi
	nreq a2 other
	chmod 777 "$N"
	as 12345 $client "$bs" m.a2 >report.a2 2>client.a2
	chmod 755 "$N"
	case $(sed -n 6p report.a2) in
	"daemon: uid 12345 may not ask"*) pass joballow-other-refused ;;
	*) fail joballow-other-refused "$(tr '\n' '|' <report.a2) $(head -c 200 client.a2)" ;;
	esac

	# the confused deputy: 65534, allowed, wants root's 0600 secret
	nreq c1 deputy
	sed -i "s|= $N/in.c1,|= $W/secret,|" m.c1
	# named in the manifest, without descriptors: refused
	as 65534 $client "$bs" m.c1 --no-fds >report.c1 2>client.c1
	case $(sed -n 6p report.c1) in
	*"brought no descriptors"*) pass deputy-path-only ;;
	*) fail deputy-path-only "$(tr '\n' '|' <report.c1)" ;;
	esac
	# the client itself cannot open it, so it sends nothing
	as 65534 $client "$bs" m.c1 >report.c1b 2>client.c1b
	rc=$?
	[ $rc = 4 ] && [ ! -s report.c1b ] && pass deputy-client-cannot-open ||
		fail deputy-client-cannot-open "rc $rc $(head -c 200 client.c1b)"
	# its own file's descriptor with the secret's path as the URI: its own
	# bytes are read
	printf 'input of c1\n' >"$N/in.c1"
	chown 65534:65534 "$N/in.c1"
	as 65534 $client "$bs" m.c1 --fd "r:$N/stdin.c1" --fd "w:$N/out.c1" --fd "w:$N/err.c1" \
		--fd "r:$N/in.c1" --fd "r:$N/nv.c1" >report.c1c 2>client.c1c
	cmp -s want.c1 "$N/out.c1" && [ "$(sed -n 6p report.c1c)" = ok ] && pass deputy-own-file-read ||
		fail deputy-own-file-read "$(tr '\n' '|' <report.c1c) $(diff want.c1 "$N/out.c1" | tr '\n' '|')"
	# an O_PATH descriptor needs no right to the file: refused
	as 65534 $client "$bs" m.c1 --fd "r:$N/stdin.c1" --fd "w:$N/out.c1" --fd "w:$N/err.c1" \
		--fd "path:$W/secret" --fd "r:$N/nv.c1" >report.c1d 2>client.c1d
	case $(sed -n 6p report.c1d) in
	*"/dev/input: its descriptor is O_PATH"*) pass deputy-opath ;;
	*) fail deputy-opath "$(tr '\n' '|' <report.c1d)" ;;
	esac
	# an output named as root's file: the requester's own file is written
	nreq c2 victim
	sed -i "s|= $W/out.c2,|= $W/victim,|" m.c2
	as 65534 $client "$bs" m.c2 --fd "r:$N/stdin.c2" --fd "w:$N/out.c2" --fd "w:$N/err.c2" \
		--fd "r:$N/in.c2" --fd "r:$N/nv.c2" >report.c2 2>client.c2
	[ "$(cat victim)" = VICTIM ] && cmp -s want.c2 "$N/out.c2" && pass deputy-victim-untouched ||
		fail deputy-victim-untouched "victim: $(head -c 100 victim); $(tr '\n' '|' <report.c2)"
	if grep -rqF "$secret" "$N" report.* client.* out.* err.* 2>/dev/null; then
		fail deputy-secret-never-out "$(grep -rlF "$secret" "$N" report.* client.* out.* err.* | head -3 | tr '\n' ' ')"
	else
		pass deputy-secret-never-out
	fi
	pkill -TERM -x "zvm.b$$"
fi

# ---- stopping removes the socket ------------------------------------------------
stop
i=0
while [ -S "$sock" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
[ ! -S "$sock" ] && pass socket-cleanup || fail socket-cleanup "socket still there"
$client "$sock" m.after >/dev/null 2>&1
[ $? != 0 ] && pass stopped || fail stopped "a request was answered"

# ---- the request parser under libFuzzer (ASan + UBSan), briefly --------------
if [ -z "$DAEMON_TAG" ]; then
	fuzzer=$build/fuzz/fuzz_request
	if [ ! -x "$fuzzer" ]; then
		fail fuzz "$fuzzer not built (fuzz/zrt.mk)"
	elif mkdir -p fz && "$fuzzer" -runs=30000 -seed=1 fz "$root/fuzz/corpus/request" >fuzz.log 2>&1; then
		pass fuzz
	else
		fail fuzz "$(grep -m3 -E 'ERROR|SUMMARY|abort' fuzz.log | tr '\n' ' ') (log: $W/fuzz.log)"
	fi
fi

echo "$npass passed, $nfail failed" >&2
[ $nfail = 0 ]
