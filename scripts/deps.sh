#!/bin/sh
# Installs the Debian packages the build and the tests need, when missing.
# Uses only the system's configured archive; never edits apt's configuration.
set -e
PKGS="clang lld llvm binutils libclang-rt-14-dev nettle-dev python3 make tcl dpkg-dev musl-tools musl-dev m4 patch lua5.4 wasi-libc libclang-rt-14-dev-wasm32 libjson-c-dev"
# The Swift dev cluster (scripts/swift-dev.sh, tests/swift): Debian's Swift
# 2.30.1 servers, its client, memcached for tempauth's tokens, curl;
# pyflakes checks the middleware in tests/swift.
PKGS="$PKGS swift swift-proxy swift-object swift-container swift-account python3-swiftclient memcached curl python3-pyflakes"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deps: installing$missing"
if [ "$(id -u)" != 0 ]; then
	echo "deps: need root to install:$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends $missing
