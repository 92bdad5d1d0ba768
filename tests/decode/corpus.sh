#!/bin/sh
# tests/decode/corpus.sh KIND [PKGS] [OPTS] - compiles a corpus of real C for
# x32 and prints where the objects are: one "PKG OPT DIR" line per set built.
#
#   KIND  clang    clang --target=x86_64-linux-gnux32 -OPT -S, then clang -c
#         rewrite  the same assembly through $ZVM_BIN/zvm-rewrite, then
#                  clang -c (the toolchain's own steps, without linking)
#         Both use zvm-cc's forced code-generation flags (no PIC, no red zone,
#         emulated TLS, no stack protector, no CET).
#   PKGS  Debian source packages (default "lua5.4 zlib sqlite3"; sqlite3 is
#         its amalgamation, made by its own build, and needs tclsh)
#   OPTS  optimization levels (default "O2 Os O0 O2v2"; O2v2 is -O2
#         -march=x86-64-v2, which adds SSE4.2 and popcnt)
#
# Sources come from scripts/fetch-source.sh into $ZVM_BUILD/src; assembly is
# cached in $ZVM_BUILD/decode/asm/PKG/OPT, objects in
# $ZVM_BUILD/decode/obj/KIND/PKG/OPT, rebuilt when their source (or
# zvm-rewrite) is newer. Progress and notes go to stderr, and so do
# "FAIL decode/..." lines when a package cannot be fetched or built (exit 1).
# Used by tests/decode/run.sh and bench/run.sh.

# Internal: one compile job, run by xargs below.
if [ "$1" = "--cc" ]; then
	# kind pkg opt src obj: the assembly (shared by both kinds, cached), then
	# the object
	kind=$2 pkg=$3 opt=$4 src=$5 obj=$6
	case $pkg in
	lua5.4) defs="-DLUA_USE_POSIX" ;;
	sqlite3) defs="-DSQLITE_THREADSAFE=0 -DSQLITE_OMIT_LOAD_EXTENSION" ;;
	*) defs="" ;;
	esac
	target=--target=x86_64-linux-gnux32
	march=""
	case $opt in
	*v2) level=-${opt%v2} march=-march=x86-64-v2 ;; # SSE4.2, popcnt
	*) level=-$opt ;;
	esac
	# zvm-cc's forced flags (src/toolchain/zvm_cc.c), for both kinds
	cflags="$target $level $march -w $defs -idirafter /usr/include/x86_64-linux-gnu -idirafter $SHIM
		-fno-stack-protector -fcf-protection=none -fno-pic -fno-pie -femulated-tls
		-mno-red-zone"
	asm=$W/asm/$pkg/$opt/$(basename "$src" .c).s
	log=${obj%.o}.log
	mkdir -p "$(dirname "$obj")" "$(dirname "$asm")"
	if [ ! -s "$asm" ] || [ "$src" -nt "$asm" ]; then
		# shellcheck disable=SC2086
		clang $cflags -S "$src" -o "$asm.tmp.$$" && mv "$asm.tmp.$$" "$asm" ||
			{ echo "  compile failed: $src ($opt)" >&2; rm -f "$asm.tmp.$$"
			  echo "$src $opt" >>"$W/failed.$kind"; exit 0; }
	fi
	if [ "$kind" = rewrite ]; then
		rw=${obj%.o}.rw.s
		"$REWRITE" -o "$rw" "$asm" 2>"$log" &&
			clang $target -c -x assembler "$rw" -o "$obj.tmp" 2>>"$log" ||
			{ echo "  rewrite failed: $src ($opt): $(head -3 "$log")" >&2
			  rm -f "$obj.tmp"; echo "$src $opt" >>"$W/failed.$kind"; exit 0; }
		rm -f "$rw" "$log"
	else
		# with -march the assembler pads with the longer nops of that CPU
		clang $target $march -c -x assembler "$asm" -o "$obj.tmp" ||
			{ echo "  assembling failed: $src ($opt)" >&2; rm -f "$obj.tmp"
			  echo "$src $opt" >>"$W/failed.$kind"; exit 0; }
	fi
	mv "$obj.tmp" "$obj"
	exit 0
fi

kind=${1:-clang}
pkgs=${2:-lua5.4 zlib sqlite3}
opts=${3:-O2 Os O0 O2v2}
cd "$(dirname "$0")/../.." || exit 2
ZVM_ROOT=${ZVM_ROOT:-$(pwd)}
ZVM_BUILD=${ZVM_BUILD:-$ZVM_ROOT/build}
ZVM_BIN=${ZVM_BIN:-$ZVM_BUILD/bin}
W=$ZVM_BUILD/decode
SRC=$ZVM_BUILD/src
SHIM=$W/shim
REWRITE=$ZVM_BIN/zvm-rewrite
export SHIM REWRITE W
rc=0

case $kind in
clang) ;;
rewrite)
	if [ ! -x "$REWRITE" ]; then
		echo "corpus: no $REWRITE" >&2
		exit 1
	fi ;;
*)
	echo "usage: $0 clang|rewrite [PKGS] [OPTS]" >&2
	exit 2 ;;
esac

# glibc's headers serve for x32 with the multiarch directory and an empty
# stubs-x32.h (libc6-dev-x32 would do the same); Debian's lua patch wants a
# header that its build generates.
mkdir -p "$SHIM/gnu"
[ -f "$SHIM/gnu/stubs-x32.h" ] || : >"$SHIM/gnu/stubs-x32.h"
[ -f "$SHIM/lua5.4-deb-multiarch.h" ] ||
	echo '#define DEB_HOST_MULTIARCH "x86_64-linux-gnux32"' >"$SHIM/lua5.4-deb-multiarch.h"

fetch() {
	sh scripts/fetch-source.sh "$1" "$SRC" 2>"$W/fetch-$1.log" || {
		echo "FAIL decode/fetch-$1: scripts/fetch-source.sh $1 failed:" >&2
		sed 's/^/  /' "$W/fetch-$1.log" >&2
		return 1
	}
}

srcs=$W/srcs.$kind.$$
jobs=$W/jobs.$kind.$$
trap 'rm -f "$srcs" "$jobs"' EXIT
: >"$srcs"
for pkg in $pkgs; do
	case $pkg in
	sqlite3)
		if ! command -v tclsh >/dev/null 2>&1; then
			echo "note: no tclsh, so sqlite3's amalgamation is skipped (apt-get install tcl)" >&2
			continue
		fi
		d=$(fetch sqlite3) || { rc=1; continue; }
		# its docs hold a directory named search.d, which the top Makefile
		# would take for a dependency file
		rm -rf "$d/www"
		amal=$W/sqlite3/sqlite3.c
		if [ ! -s "$amal" ]; then
			echo "corpus: making sqlite3's amalgamation" >&2
			mkdir -p "$W/sqlite3/bld"
			if (cd "$W/sqlite3/bld" && "$d/configure" --disable-tcl >configure.log 2>&1 &&
				make sqlite3.c >make.log 2>&1); then
				mv "$W/sqlite3/bld/sqlite3.c" "$amal"
				rm -rf "$W/sqlite3/bld"
			else
				echo "FAIL decode/sqlite3-amalgamation: see $W/sqlite3/bld/*.log" >&2
				rc=1
				continue
			fi
		fi
		echo "sqlite3 $amal" >>"$srcs" ;;
	lua5.4)
		d=$(fetch lua5.4) || { rc=1; continue; }
		for f in "$d"/src/*.c; do echo "lua5.4 $f"; done >>"$srcs" ;;
	zlib)
		d=$(fetch zlib) || { rc=1; continue; }
		for f in "$d"/*.c; do echo "zlib $f"; done >>"$srcs" ;;
	*)
		echo "FAIL decode/corpus-$pkg: no recipe for $pkg" >&2
		rc=1 ;;
	esac
done

# sqlite3 at O2v2 would add half a minute for little news (the same code as
# O2 with other nops); ZVM_SOAK=1 builds it.
skip() { [ "$1" = sqlite3 ] && [ "$2" = O2v2 ] && [ -z "${ZVM_SOAK:-}" ]; }

# The jobs still to do, the biggest sources first so the cores stay busy.
for opt in $opts; do
	while read -r pkg f; do
		skip "$pkg" "$opt" && continue
		o=$W/obj/$kind/$pkg/$opt/$(basename "$f" .c).o
		if [ ! -s "$o" ] || [ "$f" -nt "$o" ] ||
			{ [ "$kind" = rewrite ] && [ "$REWRITE" -nt "$o" ]; }; then
			echo "$(wc -c <"$f") $kind $pkg $opt $f $o"
		fi
	done <"$srcs"
done | sort -rn | cut -d' ' -f2- >"$jobs"
n=$(wc -l <"$jobs")
if [ "$n" -gt 0 ]; then
	echo "corpus: building $n $kind objects for x32" >&2
	rm -f "$W/failed.$kind"
	xargs -P "$(nproc)" -L 1 sh tests/decode/corpus.sh --cc <"$jobs"
	if [ -s "$W/failed.$kind" ]; then
		nf=$(wc -l <"$W/failed.$kind")
		if [ "$kind" = rewrite ]; then
			# the rewriter's own suite owns its failures
			echo "note: $nf sources did not go through zvm-rewrite (left out)" >&2
		else
			echo "FAIL decode/corpus-$kind: $nf sources did not compile" >&2
			rc=1
		fi
		rm -f "$W/failed.$kind"
	fi
fi

for pkg in $pkgs; do
	grep -q "^$pkg " "$srcs" || continue
	for opt in $opts; do
		skip "$pkg" "$opt" && continue
		d=$W/obj/$kind/$pkg/$opt
		ls "$d"/*.o >/dev/null 2>&1 && echo "$pkg $opt $d"
	done
done
exit $rc
