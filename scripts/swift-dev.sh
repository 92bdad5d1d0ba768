#!/bin/sh
# scripts/swift-dev.sh - a loopback OpenStack Swift (Debian's 2.30.1) for
# developing and testing the ZeroVM middleware (swift/zvm_swift).
#
#   scripts/swift-dev.sh start DIR [PORT_BASE]   (PORT_BASE default 16000)
#   scripts/swift-dev.sh stop DIR
#   scripts/swift-dev.sh status DIR
#
# start makes (once) and runs under DIR: memcached (PORT_BASE+1), a proxy
# (PORT_BASE), an account (+2) and a container server (+3), and 3 object
# servers (+10, +20, +30) with one device each, in zones 1-3; the object
# ring has SWIFT_DEV_REPLICAS replicas (1 to 3, default 1: read at the first
# start of DIR), the account and container rings 1.  It waits
# until everything answers and tempauth hands out a token, then prints one
# shell line on stdout (eval it):
#   export ST_AUTH=http://127.0.0.1:PORT_BASE/auth/v1.0 ST_USER=test:tester \
#     ST_KEY=testing SWIFT_DIR=DIR/etc ...
# Everything else goes to stderr.  Running start again restarts only what is
# dead.  A cluster uses PORT_BASE..PORT_BASE+30: keep two clusters' bases
# more than 30 apart.  Users (tempauth): test:tester/testing and
# test2:tester2/testing2 (.admin of their accounts), test:tester3/testing3
# (no .admin: for ACL tests).
#
# Nothing outside DIR is written: configs, rings and swift.conf live in
# DIR/etc, data in DIR/srv, logs in DIR/log/NAME.log, pids in DIR/run.
#
# swift.conf: every Swift server reads /etc/swift/swift.conf (hash path
# prefix/suffix, storage policies) whatever swift_dir says.  In 2.30.1 the
# path is the module global swift.common.utils.SWIFT_CONF_FILE; there is no
# environment variable for it, and set_swift_dir() (which moves it into
# swift_dir) is called only by swift-recon.  The package "swift" does ship
# /etc/swift/swift.conf (prefix = suffix = changeme), but so that the cluster
# works without it and never depends on /etc, each server is started by a
# small launcher (SPAWN_PY below) that points SWIFT_CONF_FILE at
# DIR/etc/swift.conf before swift's storage_policy/constraints modules are
# imported (they read it at import), then runs /usr/bin/swift-*-server
# in-process (same pid).  DIR/etc/swift.conf is a copy of /etc/swift's when
# that exists (so swift-get-nodes & co., which read /etc/swift/swift.conf,
# agree on partitions), else the same content written here.
set -e

ROOT=$(cd "$(dirname "$0")/.." && pwd)
# Where zerovm and zvm-job are (the filters' config); override to use another
# checkout's build.
ZVM_BIN_DIR=${ZVM_BIN_DIR:-$ROOT/build/bin}
# Debian's Swift lives only in /usr/bin/python3's dist-packages; the python3
# first on PATH may be another interpreter.
PY=/usr/bin/python3
SERVERS="memcached account container obj1 obj2 obj3 proxy"
TIMEOUT=${SWIFT_DEV_TIMEOUT:-90}

say() { echo "swift-dev: $*" >&2; }
die() { say "$*"; exit 1; }
usage() {
	echo "usage: swift-dev.sh start DIR [PORT_BASE] | stop DIR | status DIR" >&2
	exit 2
}
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# DIR/etc/spawn.py runs a server in its own session (so it outlives the
# caller's process group) with the caller's $! as its pid.  "exec PROG ARGS"
# execs PROG; "swift PROG ARGS" runs the swift script PROG in-process after
# pointing SWIFT_CONF_FILE at $ZVM_SWIFT_CONF (see the top comment).  A file,
# not -c, so that ps shows which server a process is.
SPAWN_PY='import os, sys, runpy
try:
    os.setsid()
except OSError:
    pass
mode, prog = sys.argv[1], sys.argv[2]
sys.argv = sys.argv[2:]
if mode == "exec":
    os.execv(prog, sys.argv)
import swift.common.utils as u
u.SWIFT_CONF_FILE = os.environ["ZVM_SWIFT_CONF"]
runpy.run_path(prog, run_name="__main__")'

# set_dir DIR: D = absolute DIR (Swift servers chdir to /).
set_dir() {
	[ -n "$1" ] || usage
	case $1 in
	*[!A-Za-z0-9._/-]*) die "DIR may hold only A-Za-z0-9._/- (it goes unquoted into configs and the exports): $1" ;;
	esac
	mkdir -p "$1"
	D=$(cd "$1" && pwd)
}

port_of() {
	case $1 in
	proxy) echo "$PB" ;;
	memcached) echo $((PB + 1)) ;;
	account) echo $((PB + 2)) ;;
	container) echo $((PB + 3)) ;;
	obj[123]) echo $((PB + ${1#obj} * 10)) ;;
	esac
}

conf_of() { echo "$D/etc/$1-server.conf"; }

# A string that must be in /proc/PID/cmdline for PID to be our server (pid
# files can outlive a reboot or a kill -9, and pids get reused).
sig_of() {
	case $1 in
	memcached) echo "-p $(port_of memcached) " ;;
	*) conf_of "$1" ;;
	esac
}

pid_of() { cat "$D/run/$1.pid" 2>/dev/null || true; }

# alive NAME: its pid file names a live process that is ours (a zombie's
# cmdline is empty, so a dead but unreaped server counts as dead).
alive() {
	_ap=$(pid_of "$1")
	[ -n "$_ap" ] && [ -r "/proc/$_ap/cmdline" ] || return 1
	tr '\0' ' ' <"/proc/$_ap/cmdline" 2>/dev/null | grep -qF -- "$(sig_of "$1")"
}

# answers NAME: the server answers on its port (memcached: "version").
answers() {
	_port=$(port_of "$1")
	if [ "$1" = memcached ]; then
		"$PY" -c '
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), 2)
s.sendall(b"version\r\n")
sys.exit(0 if s.recv(64).startswith(b"VERSION") else 1)' "$_port" 2>/dev/null
	else
		curl -sf -m 3 -o /dev/null "http://127.0.0.1:$_port/healthcheck"
	fi
}

auth_ok() {
	curl -s -m 5 -o /dev/null -D - -H 'X-Auth-User: test:tester' -H 'X-Auth-Key: testing' \
		"http://127.0.0.1:$PB/auth/v1.0" 2>/dev/null | grep -qi '^x-auth-token: *AUTH_'
}

exports() {
	echo "export ST_AUTH=http://127.0.0.1:$PB/auth/v1.0 ST_USER=test:tester ST_KEY=testing SWIFT_DIR=$D/etc" \
		"SWIFT_PROXY_PORT=$PB SWIFT_OBJECT_PORTS=\"$((PB + 10)) $((PB + 20)) $((PB + 30))\"" \
		"SWIFT_DEVICES_DIRS=\"$D/srv/obj1 $D/srv/obj2 $D/srv/obj3\" SWIFT_DEV_DIR=$D"
}

# The [DEFAULT] every server shares. workers = 0: one foreground process, no
# fork, so the pid we record is the server. user: Swift always calls
# setuid(user), so it must be us.
conf_default() {
	cat <<EOF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = $1
workers = 0
user = $(id -un)
swift_dir = $D/etc
log_name = $2
recon_cache_path = $D/cache
EOF
}

zerovm_filter() {
	# SWIFT_DEV_ZEROVM_CONF: more "key = value" lines, separated by ";",
	# that replace the defaults below (tests set small limits)
	extra=$(echo "$SWIFT_DEV_ZEROVM_CONF" | tr ';' '\n')
	echo "[filter:zerovm]"
	echo "use = egg:zvm_swift#$1"
	{
		cat <<EOF
zvm_job = $ZVM_BIN_DIR/zvm-job
zerovm = $ZVM_BIN_DIR/zerovm
zvm_validate = $ZVM_BIN_DIR/zvm-validate
ns_hostname = 127.0.0.1
zerovm_timeout = 30
EOF
	} | while IFS= read -r line; do
		key=$(echo "${line%%=*}" | tr -d ' ')
		echo "$extra" | grep -q "^ *$key *=" || echo "$line"
	done
	[ -z "$extra" ] || echo "$extra"
}

write_configs() {
	mkdir -p "$D/etc" "$D/log" "$D/run" "$D/cache" "$D/srv/account/d1" "$D/srv/container/d1"
	if [ -r /etc/swift/swift.conf ]; then
		cp /etc/swift/swift.conf "$D/etc/swift.conf"
	else
		printf '%s\n' '[swift-hash]' 'swift_hash_path_suffix = changeme' \
			'swift_hash_path_prefix = changeme' '[storage-policy:0]' 'name = Policy-0' \
			'default = yes' >"$D/etc/swift.conf"
	fi
	{
		conf_default "$PB" proxy
		cat <<EOF

[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats tempauth copy dlo proxy-logging zerovm proxy-server

[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true
allow_account_management = true
# an object server answering an execution request may run zerovm for up to
# zerovm_timeout (30 s); the default node_timeout (10 s) would cut it off.
node_timeout = 60

[filter:catch_errors]
use = egg:swift#catch_errors
[filter:gatekeeper]
use = egg:swift#gatekeeper
[filter:healthcheck]
use = egg:swift#healthcheck
[filter:proxy-logging]
use = egg:swift#proxy_logging
[filter:cache]
use = egg:swift#memcache
memcache_servers = 127.0.0.1:$(port_of memcached)
[filter:listing_formats]
use = egg:swift#listing_formats
[filter:tempauth]
use = egg:swift#tempauth
user_test_tester = testing .admin
user_test2_tester2 = testing2 .admin
user_test_tester3 = testing3
[filter:copy]
use = egg:swift#copy
[filter:dlo]
use = egg:swift#dlo
EOF
		zerovm_filter proxy
	} >"$D/etc/proxy-server.conf"
	for t in account container; do
		{
			conf_default "$(port_of $t)" $t
			cat <<EOF
devices = $D/srv/$t
# plain directories, not mount points
mount_check = false
disable_fallocate = true

[pipeline:main]
pipeline = healthcheck $t-server

[app:$t-server]
use = egg:swift#$t
[filter:healthcheck]
use = egg:swift#healthcheck
EOF
		} >"$D/etc/$t-server.conf"
	done
	for n in 1 2 3; do
		mkdir -p "$D/srv/obj$n/d$n"
		{
			conf_default "$(port_of obj$n)" obj$n
			cat <<EOF
devices = $D/srv/obj$n
mount_check = false
disable_fallocate = true

[pipeline:main]
pipeline = healthcheck zerovm object-server

[app:object-server]
use = egg:swift#object
[filter:healthcheck]
use = egg:swift#healthcheck
EOF
			zerovm_filter object
		} >"$D/etc/obj$n-server.conf"
	done
}

# rings NAME=REPLICAS=ZONE:PORT/DEV,... : DIR/etc/NAME.builder and
# NAME.ring.gz, part power 6, min_part_hours 0, region 1, weight 100 -- what
# "swift-ring-builder F create 6 REPLICAS 0; add r1zZONE-127.0.0.1:PORT/DEV
# 100; rebalance" makes, with RingBuilder in one process: the CLI costs about
# 0.6 s of CPU per call here, 6 s for the 9 calls.
RINGS_PY='import sys
from swift.common.ring import RingBuilder
etc = sys.argv[1]
for spec in sys.argv[2:]:
    name, replicas, devs = spec.split("=")
    b = RingBuilder(6, int(replicas), 0)
    for d in devs.split(","):
        zone, rest = d.split(":")
        port, dev = rest.split("/")
        b.add_dev({"region": 1, "zone": int(zone), "ip": "127.0.0.1",
                   "port": int(port), "replication_ip": "127.0.0.1",
                   "replication_port": int(port), "device": dev,
                   "weight": 100.0, "meta": ""})
    b.rebalance()
    b.save("%s/%s.builder" % (etc, name))
    b.get_ring().save("%s/%s.ring.gz" % (etc, name))
    print("ring %s: %d devices, balance %.2f" % (name, len(devs.split(",")), b.get_balance()))'

# setup: configs and rings once; DIR/etc/port_base, written last, marks a
# complete DIR and remembers its ports.
setup() {
	if [ -f "$D/etc/port_base" ]; then
		_old=$(cat "$D/etc/port_base")
		[ -z "$PB" ] || [ "$PB" = "$_old" ] ||
			die "$D was set up with port base $_old, not $PB (stop it and use a fresh DIR)"
		PB=$_old
		return
	fi
	PB=${PB:-16000}
	_r=${SWIFT_DEV_REPLICAS:-1}
	case $_r in 1 | 2 | 3) ;; *) die "SWIFT_DEV_REPLICAS must be 1, 2 or 3: $_r" ;; esac
	say "setting up $D (port base $PB, object replicas $_r)"
	write_configs
	"$PY" -c "$RINGS_PY" "$D/etc" "account=1=1:$(port_of account)/d1" \
		"container=1=1:$(port_of container)/d1" \
		"object=$_r=1:$(port_of obj1)/d1,2:$(port_of obj2)/d2,3:$(port_of obj3)/d3" >&2
	echo "$PB" >"$D/etc/port_base"
}

launch() {
	: >>"$D/log/$1.log"
	echo "==== $(date -u '+%Y-%m-%dT%H:%M:%SZ') start" >>"$D/log/$1.log"
	case $1 in
	memcached)
		set -- memcached exec /usr/bin/memcached -l 127.0.0.1 -p "$(port_of memcached)" -U 0 \
			-m 64 -u "$(id -un)" -v ;;
	proxy) set -- proxy swift /usr/bin/swift-proxy-server "$(conf_of proxy)" -v ;;
	account | container) set -- "$1" swift "/usr/bin/swift-$1-server" "$(conf_of "$1")" -v ;;
	obj*) set -- "$1" swift /usr/bin/swift-object-server "$(conf_of "$1")" -v ;;
	esac
	_n=$1
	shift
	# PYTHONPATH: the zvm_swift package and its egg-info (egg:zvm_swift#...).
	# No .pyc files: nothing is written into the checkout.
	env -u PYTHONHOME PYTHONPATH="$ROOT/swift" PYTHONDONTWRITEBYTECODE=1 \
		ZVM_SWIFT_CONF="$D/etc/swift.conf" \
		"$PY" "$D/etc/spawn.py" "$@" </dev/null >>"$D/log/$_n.log" 2>&1 &
	echo $! >"$D/run/$_n.pid"
}

# Refuse ports someone else holds: Swift would retry bind() for 30 s.
check_ports() {
	[ -n "$1" ] || return 0
	_ports=""
	for _s in $1; do _ports="$_ports $(port_of "$_s")"; done
	_busy=$("$PY" -c '
import socket, sys
for p in sys.argv[1:]:
    s = socket.socket()
    try:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", int(p)))
    except OSError:
        print(p)
    s.close()' $_ports)
	[ -z "$_busy" ] || die "port(s) in use by another process:" $_busy
}

stop_names() {
	_pids=""
	for _s in $1; do
		if alive "$_s"; then
			_p=$(pid_of "$_s")
			kill -TERM "$_p" 2>/dev/null || true
			_pids="$_pids $_s:$_p"
		fi
	done
	_end=$(($(now_ms) + 10000))
	for _sp in $_pids; do
		_s=${_sp%%:*} _p=${_sp#*:}
		while alive "$_s" && [ "$(now_ms)" -lt "$_end" ]; do sleep 0.1; done
		if alive "$_s"; then
			say "$_s (pid $_p) ignored SIGTERM for 10 s: SIGKILL"
			kill -KILL "$_p" 2>/dev/null || true
		fi
	done
	for _s in $1; do rm -f "$D/run/$_s.pid"; done
}

cmd_start() {
	set_dir "$1"
	PB=$2
	case $PB in *[!0-9]*) die "PORT_BASE must be a number: $PB" ;; esac
	for _b in /usr/bin/memcached /usr/bin/swift-proxy-server /usr/bin/swift-object-server \
		/usr/bin/curl; do
		[ -x "$_b" ] || die "$_b missing: run scripts/deps.sh"
	done
	setup
	_t0=$(now_ms)
	_new=""
	for _s in $SERVERS; do alive "$_s" || _new="$_new $_s"; done
	check_ports "$_new"
	echo "$SPAWN_PY" >"$D/etc/spawn.py"
	for _s in $_new; do launch "$_s"; done
	if [ -n "$_new" ]; then say "started:$_new"; else say "all servers already running"; fi
	# Wait: each server's /healthcheck, then a tempauth token (needs memcached
	# and the proxy's view of the rings).
	_end=$((_t0 + TIMEOUT * 1000))
	_wait="$SERVERS" _why=""
	while :; do
		_left=""
		for _s in $_wait; do
			if ! alive "$_s"; then
				_why="$_s exited" _wait=$_s
				break 2
			fi
			answers "$_s" || _left="$_left $_s"
		done
		_wait=$_left
		[ -z "$_wait" ] && auth_ok && break
		if [ "$(now_ms)" -ge "$_end" ]; then
			_why="not up after ${TIMEOUT}s:${_wait:- proxy (no auth token)}"
			break
		fi
		sleep 0.3
	done
	if [ -n "$_why" ]; then
		say "FAILED: $_why"
		for _s in ${_wait:-proxy}; do
			say "---- $_s (port $(port_of "$_s")): tail of $D/log/$_s.log"
			tail -n 15 "$D/log/$_s.log" >&2 || true
		done
		[ -z "$_new" ] || { say "stopping what this start started:$_new"; stop_names "$_new"; }
		exit 1
	fi
	_ms=$(($(now_ms) - _t0))
	say "healthy after $((_ms / 1000)).$(printf %03d $((_ms % 1000)))s (port base $PB)"
	exports
}

cmd_stop() {
	set_dir "$1"
	[ -f "$D/etc/port_base" ] || { say "nothing set up in $D"; return 0; }
	PB=$(cat "$D/etc/port_base")
	stop_names "$SERVERS"
	say "stopped $D"
}

cmd_status() {
	set_dir "$1"
	[ -f "$D/etc/port_base" ] || die "nothing set up in $D"
	PB=$(cat "$D/etc/port_base")
	_rc=0
	for _s in $SERVERS; do
		if alive "$_s" && answers "$_s"; then
			echo "$_s port $(port_of "$_s") pid $(pid_of "$_s") up"
		else
			echo "$_s port $(port_of "$_s") down"
			_rc=1
		fi
	done
	if [ $_rc = 0 ] && ! auth_ok; then
		echo "auth (test:tester) down"
		_rc=1
	fi
	return $_rc
}

case $1 in
start) [ $# -ge 2 ] && [ $# -le 3 ] || usage; cmd_start "$2" "$3" ;;
stop) [ $# = 2 ] || usage; cmd_stop "$2" ;;
status) [ $# = 2 ] || usage; cmd_status "$2" ;;
*) usage ;;
esac
