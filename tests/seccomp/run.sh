#!/bin/sh
# Seccomp suite: the outer layer (DESIGN.md section 4, src/runtime/seccomp.c).
#   filter/...  the filter's number and argument checks, from trusted code
#               (filter-test: each kind, each forbidden class)
#   raw/...     guests making raw system calls (asm/*.s), run by the
#               test-only runtime that skips the validator's verdict: each
#               ends with exit 4 and "Signal 31 from untrusted code: system
#               call N at ADDR", and the call had no effect
#   shipped/... build/bin/zerovm refuses the same nexes (validation failed)
#               and has no trace of the test-only flag
#   on/...      Seccomp: 2 in /proc/PID/status of a running session, a TCP
#               session, a daemon, its spares and a request session, with
#               the filters each has stacked
# ZVM_SECCOMP_RT=PATH runs the raw cases with another runtime (make
# build/test/bin/zerovm-novalidate-nofilter, to see them fail without it).
root="${ZVM_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}"
build="${ZVM_BUILD:-$root/build}"
bin="${ZVM_BIN:-$build/bin}"
here="$root/tests/seccomp"
ZLIB="$build/lib/zvm"
TRT="${ZVM_SECCOMP_RT:-$build/test/bin/zerovm-novalidate}"
W=$(mktemp -d "${TMPDIR:-/tmp}/zvm-seccomp.XXXXXX") || exit 2
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 1' INT TERM PIPE
cd "$W" || exit 2
nfail=0
npass=0
pass() { echo "PASS seccomp/$1"; npass=$((npass + 1)); }
fail() { echo "FAIL seccomp/$1: $2"; nfail=$((nfail + 1)); }

for f in "$TRT" "$bin/zerovm" "$build/tests/seccomp/filter-test" "$build/tests/seccomp/filter-test-musl" "$bin/zvm-cc"; do
	[ -x "$f" ] || { fail build "$f not built (make test builds it)"; echo "seccomp: $npass passed, $nfail failed"; exit 1; }
done

# ---- filter/: the checks themselves, on glibc (the UBSan runtime's libc) and
# as filter-musl/ on musl (the shipped binaries'): each libc has its own lists
for t in filter filter-musl; do
	"$build/tests/seccomp/${t%-musl}-test${t#filter}" >$t.raw 2>&1
	st=$?
	sed "s|seccomp/filter/|seccomp/$t/|" $t.raw >$t.out
	cat $t.out
	npass=$((npass + $(grep -c '^PASS' $t.out)))
	nfail=$((nfail + $(grep -c '^FAIL' $t.out)))
	[ $st = 0 ] || grep -q '^FAIL' $t.out || fail $t "its test exited $st"
done

# ---- raw/ and shipped/ ----------------------------------------------------------
mft() {  # PROGRAM [EXTRA CHANNEL LINE]
	echo "Version = 20130611"
	echo "Program = $1"
	echo "Memory = 33554432, 0"
	echo "Timeout = 20"
	echo "Channel = /dev/stdin, /dev/stdin, 0, 0, 1000, 1000000, 0, 0"
	echo "Channel = /dev/stdout, /dev/stdout, 0, 0, 0, 0, 100000, 100000000"
	echo "Channel = /dev/stderr, /dev/stderr, 0, 0, 0, 0, 1000, 100000"
	[ -n "$2" ] && echo "$2"
}
nexe() {  # NAME: asm/NAME.s linked like a nexe, with the toolchain's start.o
	clang --target=x86_64-linux-gnux32 -c "$here/asm/$1.s" -o "$1.o" >"$1.log" 2>&1 &&
		ld.lld -m elf32_x86_64 -static -z noexecstack -T "$ZLIB/nexe.ld" "$ZLIB/start.o" "$1.o" \
			-o "$1.nexe" >>"$1.log" 2>&1
}
# CASE STATE-ERE: the call, named in the exit state (a report's line 6)
while read -r c want; do
	[ -n "$c" ] || continue
	if ! nexe "$c"; then
		fail "raw/$c" "cannot build: $(head -c 300 "$c.log")"
		continue
	fi
	mkdir "r-$c" && cd "r-$c" || exit 2
	mft "$W/$c.nexe" >m
	timeout -k 2 30 "$TRT" m </dev/null >out 2>err
	rc=$?
	n=$(wc -l <out)
	state=$(tail -n 2 out | head -n 1)
	guest=$(head -n $((n > 7 ? n - 7 : 0)) out)
	if [ "$rc" != 4 ]; then
		fail "raw/$c" "exit $rc, want 4 (state '$state')"
	elif [ "$c" = int80 ] && grep -q "^note: this kernel has no int 0x80" "$W/filter.out" &&
		echo "$state" | grep -Eq '^Signal 11 from untrusted code'; then
		pass "raw/$c" # no IA32 emulation here: int 0x80 faults before any call
	elif ! echo "$state" | grep -Eq "^Signal 31 from untrusted code: system call $want at 0x0000000200[0-9A-F]{2}\$"; then
		fail "raw/$c" "state '$state', want 'Signal 31 from untrusted code: system call $want at 0x00000002....'"
	elif [ -n "$guest" ]; then
		fail "raw/$c" "the call had an effect: the guest printed '$guest'"
	elif [ -e sc-created ]; then
		fail "raw/$c" "the call had an effect: sc-created exists"
	elif [ -s err ]; then
		fail "raw/$c" "zerovm wrote on stderr: $(head -c 200 err)"
	else
		pass "raw/$c"
	fi
	# The shipped runtime never runs it.
	"$bin/zerovm" m </dev/null >sout 2>serr
	src=$?
	if [ "$src" = 8 ] && [ "$(head -n 1 sout)" = 1 ] && grep -q '^validation failed' sout; then
		pass "shipped/refuses_$c"
	else
		fail "shipped/refuses_$c" "build/bin/zerovm exit $src: $(tr '\n' '|' <sout | head -c 200)"
	fi
	cd "$W" || exit 2
done <<'CASES'
getpid 39
write 1
exit 231
openat 257
execve 59
socket 41
mprotect_high 10
x32 1 \(x32\)
int80 4 \(i386\)
CASES
if grep -q 'test build: running refused code' "$bin/zerovm"; then
	fail shipped/no_test_flag "build/bin/zerovm contains the test-only code path"
else
	pass shipped/no_test_flag
fi

# ---- on/: the filter in every kind of session -------------------------------------
"$bin/zvm-cc" -O2 -ffreestanding -nostdlib -Wall -Werror "$here/block.c" -o block.nexe >block.log 2>&1 ||
	fail on/build "cannot build block.c: $(head -c 300 block.log)"
# seccomp_of PID WANT_FILTERS: Seccomp: 2 (filter mode) with that many filters
seccomp_of() {
	s=$(sed -n 's/^Seccomp:[[:space:]]*//p' "/proc/$1/status" 2>/dev/null)
	n=$(sed -n 's/^Seccomp_filters:[[:space:]]*//p' "/proc/$1/status" 2>/dev/null)
	[ "$s" = 2 ] && [ "$n" = "$2" ] && return 0
	why_on="Seccomp '$s', filters '$n' (want 2 and $2)"
	return 1
}
# wait_for CMD...: until CMD succeeds, 10 s at most
wait_for() {
	i=0
	while ! "$@"; do
		i=$((i + 1))
		[ $i -gt 100 ] && return 1
		sleep 0.1
	done
}
blocked() {  # PID: sleeping (in a read or accept)
	[ "$(sed -n 's/^State:[[:space:]]*\(.\).*/\1/p' "/proc/$1/status" 2>/dev/null)" = S ]
}
# A plain session, reading a FIFO.
mkfifo cold.fifo
mft "$W/block.nexe" "Channel = $W/cold.fifo, /dev/zin, 0, 0, 10, 10, 0, 0" >cold.m
"$bin/zerovm" cold.m >cold.out 2>&1 &
p=$!
pids="$pids $p"
exec 7>cold.fifo
if wait_for blocked $p && seccomp_of $p 1; then pass on/session; else fail on/session "$why_on"; fi
echo x >&7
exec 7>&-
wait $p
[ "$(tail -n 2 cold.out | head -n 1)" = ok ] && pass on/session_ends_ok ||
	fail on/session_ends_ok "$(tr '\n' '|' <cold.out)"
# A TCP session: a reading channel that waits for its writer.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mft "$W/block.nexe" "Channel = tcp:127.0.0.1:$port, /dev/zin, 0, 0, 10, 10, 0, 0" >tcp.m
"$bin/zerovm" tcp.m >tcp.out 2>&1 &
p=$!
pids="$pids $p"
if wait_for blocked $p && seccomp_of $p 1; then pass on/tcp_session; else fail on/tcp_session "$why_on"; fi
kill $p 2>/dev/null
wait $p 2>/dev/null
# A daemon, its spares and a request session (reading a FIFO).
sock=$W/sc$$
mft "$W/block.nexe" "Channel = /dev/null, /dev/zin, 0, 0, 10, 10, 0, 0" | sed "\$a Job = $sock" >d.m
"$bin/zerovm" d.m >d.out 2>&1
wait_for test -S "$sock"
dpid=$(pgrep -x "zvm.sc$$")
if [ -z "$dpid" ]; then
	fail on/daemon "no daemon: $(tr '\n' '|' <d.out)"
else
	pids="$pids $dpid"
	if seccomp_of "$dpid" 1; then pass on/daemon; else fail on/daemon "$why_on"; fi
	spares_ready() { [ "$(pgrep -x zvm-spare -P "$dpid" | wc -l)" -ge 1 ]; }
	wait_for spares_ready
	sp=$(pgrep -x zvm-spare -P "$dpid" | head -n 1)
	if [ -n "$sp" ] && wait_for blocked "$sp" && seccomp_of "$sp" 2; then pass on/spare; else fail on/spare "spare '$sp': $why_on"; fi
	mkfifo req.fifo
	mft "$W/block.nexe" "Channel = $W/req.fifo, /dev/zin, 0, 0, 10, 10, 0, 0" >req.m
	python3 "$root/tests/daemon/client.py" "$sock" req.m >req.out 2>&1 &
	cp=$!
	exec 7>req.fifo
	has_request() { [ -n "$(pgrep -x zvm-request -P "$dpid")" ]; }
	wait_for has_request
	rq=$(pgrep -x zvm-request -P "$dpid" | head -n 1)
	if [ -n "$rq" ] && wait_for blocked "$rq" && seccomp_of "$rq" 2; then pass on/request; else fail on/request "request '$rq': $why_on"; fi
	echo x >&7
	exec 7>&-
	wait $cp
	grep -qx ok req.out && pass on/request_ends_ok || fail on/request_ends_ok "$(tr '\n' '|' <req.out)"
	kill "$dpid"
fi

echo "seccomp: $npass passed, $nfail failed"
[ "$nfail" = 0 ]
