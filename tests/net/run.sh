#!/bin/sh
# tests/net/run.sh - TCP channels and the name service.
#
# Nodes are tests/net/pipe.c (copy IN to OUT) under zerovm; the name service
# is tests/net/ns_main.c over src/job/ns.c. Checked: a 3-node chain through
# the name service and a direct tcp:IP:PORT pair, byte for byte, with etags
# and network accounting; a writer that crashes (the reader fails: no end
# mark), a stream whose digest is wrong and one cut short (written by a
# fake writer), a node that never starts (the others fail naming the name
# service), malformed channel shapes. The JobSecret handshake
# (tests/net/netpeer.c plays the attackers): a chain with a secret; a
# forged name-service answer from another port gets no byte (the socket is
# connected to the name service); an intruder that connects first with a
# garbage, replayed or reflected handshake gets no byte, is named, and the
# real peer's stream arrives whole; a wrong secret fails the writer clearly
# and sends nothing; bound ports listen on the job's address, not 0.0.0.0;
# the no-secret warning; the handshake fuzzer. Runs against the plain and the UBSan
# zerovm, with the name service plain and under ASan.
# Prints "PASS net/NAME" or "FAIL net/NAME: why".
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${ZVM_BUILD:-$root/build}
bin=${ZVM_BIN:-$build/bin}
if [ -z "$NET_ZEROVM" ]; then
	rc=0
	NET_ZEROVM=$bin/zerovm NET_NS=$build/tests/net/ns-server NET_TAG= sh "$0" || rc=1
	NET_ZEROVM=$build/ubsan/bin/zerovm NET_NS=$build/asan/tests/net/ns-server NET_TAG=ubsan/ sh "$0" || rc=1
	exit $rc
fi
W=$build/tests/net/${NET_TAG:-plain}
rm -rf "$W"
mkdir -p "$W" || exit 2
cd "$W" || exit 2
npass=0
nfail=0
pass() { echo "PASS net/$NET_TAG$1"; npass=$((npass + 1)); }
fail() { echo "FAIL net/$NET_TAG$1: $2"; nfail=$((nfail + 1)); }
NP=$build/tests/net/netpeer
for f in "$NET_ZEROVM" "$NET_NS" "$NP"; do
	[ -x "$f" ] || { fail build "$f not built"; exit 1; }
done
if ! "$bin/zvm-cc" -O2 -Wall -Wextra -Werror "$root/tests/net/pipe.c" -o pipe.nexe 2>build.err; then
	fail build "$(cat build.err)"
	exit 1
fi

# node NAME TIMEOUT IN-URI OUT-URI [EXTRA-MANIFEST-LINE...]: a manifest for
# pipe /dev/in /dev/out; the session starts in the background ($!), its
# report goes to NAME.report, its stderr channel to NAME.err
node() {
	n=$1 t=$2 in=$3 out=$4
	shift 4
	inl="0, 1, 100000, 1000000000, 0, 0" outl="0, 1, 0, 0, 100000, 1000000000"
	{
		echo "Version = 20130611"
		echo "Program = $W/pipe.nexe"
		echo "Memory = 134217728, 0"
		echo "Timeout = $t"
		echo "Channel = /dev/null, /dev/stdin, 0, 0, 1, 1, 0, 0"
		echo "Channel = $W/$n.out, /dev/stdout, 0, 0, 0, 0, 1000, 100000"
		echo "Channel = $W/$n.err, /dev/stderr, 0, 0, 0, 0, 1000, 100000"
		echo "Channel = $W/$n.nvram, /dev/nvram, 3, 0, 100, 100000, 0, 0"
		echo "Channel = $in, /dev/in, $inl"
		echo "Channel = $out, /dev/out, $outl"
		for l in "$@"; do echo "$l"; done
	} >$n.manifest
	printf '[args]\nargs=pipe /dev/in /dev/out %s\n' "${CRASH:-}" >$n.nvram
	"$NET_ZEROVM" $n.manifest >$n.report 2>$n.zerovm &
}
state() { sed -n 6p "$1.report"; }
start_ns() { # start_ns NODES TIMEOUT_MS: sets $ns_pid, $ns_port
	rm -f ns.port
	"$NET_NS" "$1" "$2" ns.port 2>ns.err &
	ns_pid=$!
	i=0
	while [ ! -s ns.port ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	ns_port=$(cat ns.port)
}

head -c 3000000 /dev/urandom >data.in

# ---- a chain through the name service: file -> 1 -> 2 -> 3 -> file ----------
start_ns 3 10000
NS="NameServer = udp:127.0.0.1:$ns_port"
node n3 20 tcp:2: "$W/chain.out" "$NS" "Node = 3"
p3=$!
node n2 20 tcp:1: tcp:3: "$NS" "Node = 2"
p2=$!
node n1 20 "$W/data.in" tcp:2: "$NS" "Node = 1"
p1=$!
wait $p1 $p2 $p3
wait $ns_pid
nsrc=$?
if [ "$(state n1)$(state n2)$(state n3)" = okokok ] && cmp -s data.in chain.out; then
	pass chain
else
	fail chain "states '$(state n1)' '$(state n2)' '$(state n3)', ns $nsrc $(cat ns.err)"
fi
[ $nsrc = 0 ] && pass name-service || fail name-service "exit $nsrc: $(cat ns.err)"
# network accounting: node 2 read and wrote the 3 MB over the network
set -- $(sed -n 5p n2.report)
[ "$8" = 3000000 ] && [ "${10}" = 3000000 ] && pass net-accounting ||
	fail net-accounting "$(sed -n 5p n2.report)"
# etags: what node 2 read is what node 1 wrote (tag 1 on both ends)
tag() { sed -n 4p "$1.report" | awk -v a="$2" '{ for (i = 1; i < NF; i++) if ($i == a) print $(i + 1) }'; }
e1=$(tag n1 /dev/out)
e2=$(tag n2 /dev/in)
[ -n "$e1" ] && [ "$e1" = "$e2" ] && [ "$e1" = "$(sha256sum <data.in | cut -d' ' -f1)" ] &&
	pass etags || fail etags "'$e1' vs '$e2'"

# ---- direct: tcp:127.0.0.1:PORT on both ends, the writer started first ---------
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
head -c 100000 /dev/urandom >small.in
node d1 20 "$W/small.in" "tcp:127.0.0.1:$port"
p1=$!
sleep 0.2
node d2 20 "tcp:127.0.0.1:$port" "$W/direct.out"
p2=$!
wait $p1 $p2
[ "$(state d1)$(state d2)" = okok ] && cmp -s small.in direct.out && pass direct ||
	fail direct "'$(state d1)' '$(state d2)' $(cat d1.zerovm d2.zerovm)"

# ---- a writer that crashes half way: its reader must fail ---------------------
start_ns 2 10000
NS="NameServer = udp:127.0.0.1:$ns_port"
node c2 20 tcp:1: "$W/crash.out" "$NS" "Node = 2"
p2=$!
CRASH=1000000 node c1 20 "$W/data.in" tcp:2: "$NS" "Node = 1"
p1=$!
wait $p1 $p2 $ns_pid
case $(state c1) in "Signal 11"*) ;; *) fail writer-crash "writer: '$(state c1)'" ;; esac
case $(state c2) in
*"ended without its end mark"*) pass writer-crash ;;
*) fail writer-crash "reader: '$(state c2)'" ;;
esac

# ---- a fake writer: a wrong digest, then a stream cut inside a frame ---------
for kind in digest cut; do
	port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	node f-$kind 20 "tcp:127.0.0.1:$port" "$W/fake.out"
	p=$!
	python3 - "$port" "$kind" <<'PY'
import socket, struct, sys, time, hashlib
port, kind = int(sys.argv[1]), sys.argv[2]
s = None
for i in range(200):
    try:
        s = socket.create_connection(("127.0.0.1", port)); break
    except OSError:
        time.sleep(0.05)
if s is None:
    sys.exit(1)
data = b"hello, network\n" * 100
s.sendall(struct.pack(">I", len(data)) + data)
if kind == "digest":
    bad = hashlib.sha256(data + b"x").digest()
    s.sendall(struct.pack(">I", 0x80000020) + bad)
else:
    s.sendall(struct.pack(">I", 1000) + b"short")
s.close()
PY
	wait $p
	want="digest mismatch"
	[ $kind = cut ] && want="ended inside a frame"
	case $(state f-$kind) in
	*"$want"*) pass "fake-$kind" ;;
	*) fail "fake-$kind" "'$(state f-$kind)'" ;;
	esac
done

# ---- a node that never starts: the other fails clearly, promptly -------------
start_ns 2 2000
NS="NameServer = udp:127.0.0.1:$ns_port"
node lone 3 tcp:2: "$W/lone.out" "$NS" "Node = 1"
p=$!
wait $p $ns_pid
nsrc=$?
case $(state lone) in
*"no answer for node 1"*) pass never-started ;;
*) fail never-started "'$(state lone)'" ;;
esac
[ $nsrc = 1 ] && grep -q "no word from node 2" ns.err && pass ns-names-missing ||
	fail ns-names-missing "exit $nsrc: $(cat ns.err)"

# ---- the JobSecret handshake ---------------------------------------------------
hex32() { head -c 32 /dev/urandom | od -An -v -tx1 | tr -d ' \n'; }
S1=$(hex32)
S2=$(hex32)
JS=${NET_JS-"JobSecret = $S1"}   # NET_JS='#' runs these tests without one (old runtimes)
head -c 1048576 /dev/urandom >mib.in
start_ns 2 10000
NS="NameServer = udp:127.0.0.1:$ns_port"
node s2 20 tcp:1: "$W/secret.out" "$NS" "Node = 2" "$JS"
p2=$!
node s1 20 "$W/mib.in" tcp:2: "$NS" "Node = 1" "$JS"
p1=$!
wait $p1 $p2 $ns_pid
[ "$(state s1)$(state s2)" = okok ] && cmp -s mib.in secret.out && ! grep -q warning s1.zerovm s2.zerovm &&
	pass secret-chain || fail secret-chain "'$(state s1)' '$(state s2)' $(cat s1.zerovm s2.zerovm)"
# the original's manifests (no JobSecret) run as before, with one warning
[ "$(grep -c 'warning: no JobSecret' n1.zerovm)" = 1 ] && pass no-secret-warning ||
	fail no-secret-warning "$(cat n1.zerovm)"

# a forger: answers for the name service, from its own port, while node 1
# waits for node 2; it must get nothing (no JobSecret here: the connected
# socket alone stops it, also for the original's manifests)
start_ns 2 15000
NS="NameServer = udp:127.0.0.1:$ns_port"
node fg1 20 "$W/mib.in" tcp:2: "$NS" "Node = 1"
p1=$!
"$NP" forge $p1 1 2 3 >forge.txt 2>forge.err
node fg2 20 tcp:1: "$W/forged.out" "$NS" "Node = 2"
p2=$!
wait $p1 $p2 $ns_pid
[ "$(cat forge.txt)" = "forger: 0 bytes, 0 connections" ] && [ "$(state fg1)$(state fg2)" = okok ] &&
	cmp -s mib.in forged.out && pass forged-ns-answer ||
	fail forged-ns-answer "$(cat forge.txt forge.err) '$(state fg1)' '$(state fg2)'"

# an intruder connects to node 2's bound port first (while it waits for the
# name service); the real writer comes after it
for mode in garbage replay reflect; do
	start_ns 2 15000
	NS="NameServer = udp:127.0.0.1:$ns_port"
	node i2 20 tcp:1: "$W/intr-$mode.out" "$NS" "Node = 2" "$JS"
	p2=$!
	"$NP" intrude $p2 $mode "$S1" 1 2 >intr-$mode.txt 2>intr-$mode.err &
	ip=$!
	if [ $mode = garbage ]; then # the bound port is on the job's address
		i=0
		while [ -z "$("$NP" ports $p2 tcp)" ] && [ $i -lt 100 ]; do sleep 0.02; i=$((i + 1)); done
		bound=$("$NP" ports $p2 tcp)
		case $bound in
		127.0.0.1:[1-9]*) pass bound-on-job-address ;;
		*) fail bound-on-job-address "listens on '$bound'" ;;
		esac
	fi
	sleep 0.5
	node i1 20 "$W/mib.in" tcp:2: "$NS" "Node = 1" "$JS"
	p1=$!
	wait $p1 $p2 $ip $ns_pid
	got=$(sed -n 's/^intruder: \([0-9]*\) bytes$/\1/p' intr-$mode.txt)
	max=68 # a REPLY (a nonce and the reader's proof) at most, never a channel byte
	[ $mode = garbage ] && max=0
	if [ "$(state i1)$(state i2)" = okok ] && cmp -s mib.in intr-$mode.out && [ -n "$got" ] &&
		[ "$got" -le $max ] && grep -q "intrusion: /dev/in: tcp:1:: a connection from 127.0.0.1:[0-9]* failed" i2.zerovm; then
		pass intruder-$mode
	else
		fail intruder-$mode "got '$got' ($(cat intr-$mode.err)) '$(state i1)' '$(state i2)' $(head -c 300 i2.zerovm)"
	fi
done

# a wrong secret on the writer: it fails clearly and sends no byte; the
# reader names the connection and fails when its time is up
start_ns 2 10000
NS="NameServer = udp:127.0.0.1:$ns_port"
node ws2 4 tcp:1: "$W/wrong.out" "$NS" "Node = 2" "$JS"
p2=$!
node ws1 4 "$W/mib.in" tcp:2: "$NS" "Node = 1" "${NET_JS-"JobSecret = $S2"}"
p1=$!
wait $p1 $p2 $ns_pid
case "$(state ws1)|$(state ws2)" in
*"failed the handshake: wrong proof"*"nothing was sent|"*"no connection from node 1 proved itself"*"intrusion"*)
	[ "$(stat -c %b wrong.out)" = 0 ] && grep -q 'intrusion: /dev/in' ws2.zerovm && pass wrong-secret ||
		fail wrong-secret "$(wc -c <wrong.out) bytes arrived" ;;
*) fail wrong-secret "'$(state ws1)' '$(state ws2)'" ;;
esac
# the secret is in no report, no stderr and no message
if grep -rq "$S1" ./*.report ./*.zerovm ./*.err 2>/dev/null; then fail secret-not-shown "in $(grep -rl "$S1" .)"; else pass secret-not-shown; fi

# the handshake's parsers under the fuzzer, briefly
FZ=$build/fuzz/fuzz_handshake
if [ -z "$NET_TAG" ]; then
	if [ -x "$FZ" ] && "$FZ" -runs=50000 -seed=1 "$root/fuzz/corpus/handshake" >fuzz.log 2>&1; then
		pass fuzz-handshake
	else
		fail fuzz-handshake "$(tail -5 fuzz.log 2>/dev/null || echo "$FZ not built")"
	fi
fi

# ---- shapes that cannot be network channels -----------------------------------
node bad1 5 "$W/small.in" "tcp:127.0.0.1:9"
wait $!
sed -i 's|tcp:127.0.0.1:9, /dev/out, 0,|tcp:127.0.0.1:9, /dev/out, 2,|' bad1.manifest
"$NET_ZEROVM" bad1.manifest >bad1.report 2>/dev/null
case $(state bad1) in
*"sequential (type 0)"*) pass bad-random-net ;;
*) fail bad-random-net "'$(state bad1)'" ;;
esac
node bad2 5 "$W/small.in" "tcp:2:" "Node = 1"
wait $!
case $(state bad2) in
*"NameServer not specified"*) pass bad-no-nameserver ;;
*) fail bad-no-nameserver "'$(state bad2)'" ;;
esac

echo "$npass passed, $nfail failed" >&2
[ $nfail = 0 ]
