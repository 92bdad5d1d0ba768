#!/bin/sh
# tests/swift/cluster.sh - scripts/swift-dev.sh: a loopback Swift starts,
# stores objects, enforces tempauth, is idempotent, runs next to a second
# cluster, reports a server that dies, and stops without leftovers.
# Run it (sh tests/swift/cluster.sh) or source it and call swift_cluster_suite.
# Prints PASS swift/NAME or FAIL swift/NAME: why, and TIME lines; returns 1 if
# anything failed.  Ports: SWIFT_TEST_PORT_BASE (default from the pid, below
# 32768) and that + 100.

swift_cluster_suite() (
	# a subshell: cd, traps and variables stay here when sourced
	cd "$(dirname "$0")/../.." 2>/dev/null && [ -f scripts/swift-dev.sh ] ||
		cd "${ZVM_ROOT:-.}" || return 2
	ROOT=$(pwd)
	SD="sh $ROOT/scripts/swift-dev.sh"
	PY=/usr/bin/python3
	rc=0
	pass() { echo "PASS swift/$1"; }
	fail() { echo "FAIL swift/$1: $2"; rc=1; }
	ms() { echo $(($(date +%s%N) / 1000000)); }
	secs() { echo "$(($1 / 1000)).$(printf %03d $(($1 % 1000)))"; }
	for b in /usr/bin/swift-proxy-server /usr/bin/memcached /usr/bin/curl; do
		[ -x $b ] || { fail deps "$b missing (scripts/deps.sh)"; return 1; }
	done
	before=$(git -C "$ROOT" status --porcelain --ignored swift 2>/dev/null)
	W=$(mktemp -d "${TMPDIR:-/tmp}/zvm-swift.XXXXXX") || return 2
	D1=$W/c1 D2=$W/c2 D3=$W/c3
	B1=${SWIFT_TEST_PORT_BASE:-$((20000 + ($$ % 60) * 200))}
	B2=$((B1 + 100))
	trap '$SD stop "$D1" 2>/dev/null; $SD stop "$D2" 2>/dev/null; $SD stop "$D3" 2>/dev/null; rm -rf "$W"' EXIT
	trap 'exit 1' INT TERM HUP
	# gone PID...: none is running (a zombie waiting for init counts as gone)
	gone() {
		for p; do
			[ -r /proc/"$p"/stat ] || continue
			[ "$(cut -d' ' -f3 /proc/"$p"/stat 2>/dev/null)" = Z ] || return 1
		done
	}
	token() { # USER KEY -> "TOKEN URL"
		curl -s -m 10 -D - -o /dev/null -H "X-Auth-User: $1" -H "X-Auth-Key: $2" \
			"http://127.0.0.1:$B1/auth/v1.0" | tr -d '\r' |
			awk 'tolower($1)=="x-auth-token:"{t=$2} tolower($1)=="x-storage-url:"{u=$2} END{print t, u}'
	}
	code() { curl -s -m 10 -o /dev/null -w '%{http_code}' "$@"; }

	# start: a fresh cluster, timed to healthy
	t=$(ms)
	$SD start "$D1" "$B1" >"$W/out1" 2>"$W/err1"
	r=$?
	t1=$(($(ms) - t))
	echo "TIME swift/start-fresh: $(secs $t1) s ($(grep -o 'healthy after [0-9.]*s' "$W/err1"), the rest is setup and rings)"
	if [ $r != 0 ]; then
		fail start "exit $r: $(tail -20 "$W/err1")"
		return 1
	fi
	pass start
	if [ "$(wc -l <"$W/out1")" = 1 ] && grep -Eq "^export ST_AUTH=http://127\.0\.0\.1:$B1/auth/v1\.0 ST_USER=test:tester ST_KEY=testing SWIFT_DIR=$D1/etc( |\$)" "$W/out1"; then
		pass exports
	else
		fail exports "$(head -3 "$W/out1")"
	fi
	eval "$(cat "$W/out1")"
	$SD status "$D1" >"$W/status" 2>&1 && [ "$(grep -c ' up$' "$W/status")" = 7 ] &&
		pass status || fail status "$(grep -v ' up$' "$W/status" | tr '\n' ' ')"
	[ "$SWIFT_OBJECT_PORTS" = "$((B1 + 10)) $((B1 + 20)) $((B1 + 30))" ] &&
		pass object-ports || fail object-ports "'$SWIFT_OBJECT_PORTS'"

	# upload and download with the Swift client as test:tester
	head -c 100000 /dev/urandom >"$W/obj"
	t=$(ms)
	if (cd "$W" && $PY -m swiftclient.shell upload c obj >"$W/up" 2>&1) &&
		$PY -m swiftclient.shell download c obj -o "$W/obj.back" >"$W/down" 2>&1 &&
		cmp -s "$W/obj" "$W/obj.back"; then
		pass upload-download
	else
		fail upload-download "$(cat "$W/up" "$W/down" | head -5 | tr '\n' ' ')"
	fi
	echo "TIME swift/upload-download-100k: $(secs $(($(ms) - t))) s"
	# replicas 1: exactly one .data file, on one of the 3 object devices
	n=0
	for d in $SWIFT_DEVICES_DIRS; do
		n=$((n + $(find "$d" -name '*.data' | wc -l)))
	done
	[ $n = 1 ] && pass one-replica || fail one-replica "$n .data files"

	# tempauth: test2's admin and test's non-admin user may not read test's container
	set -- $(token test:tester testing)
	tok1=$1 url1=$2
	set -- $(token test2:tester2 testing2)
	tok2=$1
	set -- $(token test:tester3 testing3)
	tok3=$1
	case $url1 in */v1/AUTH_test) ;; *) fail storage-url "'$url1'" ;; esac
	c=$(code -H "X-Auth-Token: $tok2" "$url1/c")
	[ "$c" = 403 ] && pass other-account-403 || fail other-account-403 "got $c"
	c=$(code -H "X-Auth-Token: $tok3" "$url1/c")
	[ "$c" = 403 ] && pass non-admin-403 || fail non-admin-403 "got $c"
	code -X POST -H "X-Auth-Token: $tok1" -H "X-Container-Read: test:tester3" "$url1/c" >/dev/null
	c=$(code -H "X-Auth-Token: $tok3" "$url1/c/obj")
	[ "$c" = 200 ] && pass read-acl-200 || fail read-acl-200 "got $c"

	# idempotent: start again prints the same line and starts nothing
	pids1=$(cat "$D1"/run/*.pid | sort | tr '\n' ' ')
	t=$(ms)
	$SD start "$D1" >"$W/out1b" 2>"$W/err1b"
	r=$?
	echo "TIME swift/start-again: $(secs $(($(ms) - t))) s"
	[ $r = 0 ] && cmp -s "$W/out1" "$W/out1b" &&
		[ "$(cat "$D1"/run/*.pid | sort | tr '\n' ' ')" = "$pids1" ] &&
		pass idempotent || fail idempotent "exit $r, pids $pids1 -> $(cat "$D1"/run/*.pid | tr '\n' ' ')"

	# a dead server is restarted, the others are left alone
	p2=$(cat "$D1/run/obj2.pid")
	kill "$p2"
	i=0
	while ! gone "$p2" && [ $i -lt 50 ]; do sleep 0.2; i=$((i + 1)); done
	t=$(ms)
	$SD start "$D1" >/dev/null 2>"$W/err1c"
	r=$?
	echo "TIME swift/restart-one: $(secs $(($(ms) - t))) s"
	n2=$(cat "$D1/run/obj2.pid")
	others=$(for s in memcached proxy account container obj1 obj3; do cat "$D1/run/$s.pid"; done | sort | tr '\n' ' ')
	want=$(echo "$pids1" | tr ' ' '\n' | grep -vx "$p2" | grep . | sort | tr '\n' ' ')
	[ $r = 0 ] && [ "$n2" != "$p2" ] && [ "$others" = "$want" ] && grep -q 'started: obj2$' "$W/err1c" &&
		pass restart-dead || fail restart-dead "exit $r: $(tail -3 "$W/err1c" | tr '\n' ' ')"

	# a start on ports someone holds fails before starting anything
	$SD start "$D3" "$B1" >/dev/null 2>"$W/err3"
	r=$?
	[ $r = 1 ] && grep -q 'in use' "$W/err3" && [ -z "$(ls "$D3/run")" ] &&
		pass ports-busy || fail ports-busy "exit $r: $(tail -3 "$W/err3" | tr '\n' ' ')"

	# a second cluster at the same time
	t=$(ms)
	$SD start "$D2" "$B2" >"$W/out2" 2>"$W/err2"
	r=$?
	echo "TIME swift/start-second: $(secs $(($(ms) - t))) s"
	if [ $r = 0 ]; then
		a1=$(code -H 'X-Auth-User: test:tester' -H 'X-Auth-Key: testing' "http://127.0.0.1:$B1/auth/v1.0")
		a2=$(code -H 'X-Auth-User: test:tester' -H 'X-Auth-Key: testing' "http://127.0.0.1:$B2/auth/v1.0")
		l2=$(eval "$(cat "$W/out2")" && $PY -m swiftclient.shell list 2>&1)
		[ "$a1" = 200 ] && [ "$a2" = 200 ] && [ -z "$l2" ] &&
			pass two-clusters || fail two-clusters "auth $a1 $a2, second lists '$l2'"
	else
		fail two-clusters "exit $r: $(tail -5 "$W/err2" | tr '\n' ' ')"
	fi

	# stop both: every pid gone, pid files removed; stop again is fine
	all=$(cat "$D1"/run/*.pid "$D2"/run/*.pid 2>/dev/null | tr '\n' ' ')
	t=$(ms)
	$SD stop "$D1" 2>/dev/null && $SD stop "$D2" 2>/dev/null
	r=$?
	echo "TIME swift/stop-both: $(secs $(($(ms) - t))) s"
	# shellcheck disable=SC2086
	[ $r = 0 ] && gone $all && [ -z "$(ls -A "$D1/run")$(ls -A "$D2/run")" ] &&
		pass stop || fail stop "exit $r; pids $all; left: $(ls -A "$D1/run" "$D2/run" | tr '\n' ' ')"
	$SD stop "$D1" 2>/dev/null && ! $SD status "$D1" >/dev/null 2>&1 &&
		pass stop-again || fail stop-again "stop or status"

	# a server that dies at start: reported with its log, the rest stopped
	sed -i 's/egg:zvm_swift#proxy/egg:zvm_swift#no_such_filter/' "$D3/etc/proxy-server.conf"
	$SD start "$D3" >"$W/out3" 2>"$W/err3"
	r=$?
	sleep 0.3
	left=$(pgrep -f "$D3/etc/" | tr '\n' ' ')
	# shellcheck disable=SC2086
	[ $r = 1 ] && [ ! -s "$W/out3" ] && grep -q 'FAILED: proxy exited' "$W/err3" &&
		grep -q 'no_such_filter' "$W/err3" && gone $left && [ -z "$(ls "$D3/run")" ] &&
		pass dies-reported || fail dies-reported "exit $r, left '$left': $(tail -3 "$W/err3" | tr '\n' ' ')"

	# nothing written into the checkout (no .pyc next to the middleware)
	after=$(git -C "$ROOT" status --porcelain --ignored swift 2>/dev/null)
	[ "$after" = "$before" ] &&
		pass checkout-untouched || fail checkout-untouched "$(echo "$after" | head -3)"
	return $rc
)

case $0 in
*cluster.sh) swift_cluster_suite ;;
esac
