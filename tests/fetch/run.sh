#!/bin/sh
# tests/fetch/run.sh - scripts/fetch-source.sh against a local archive (no
# network): a flat file: archive with two versions of a tiny native source
# package, and an apt configuration of its own (ZVM_APT_ETC), so the
# system's is neither read nor touched. Checked: the newest version is
# taken; when its files are missing though the index lists it (a mirror
# seen to 404 a security update's source), the next version is; with none
# fetchable the script fails and says so; a second call uses its cache.
# Prints "PASS fetch/NAME" or "FAIL fetch/NAME: why".
cd "$(dirname "$0")/../.." || exit 2
root=$(pwd)
W=${ZVM_BUILD:-$root/build}/tests/fetch
rm -rf "$W"
mkdir -p "$W/arch" "$W/etc/sources.list.d"
cd "$W" || exit 2
pass() { echo "PASS fetch/$1"; }
fail() { echo "FAIL fetch/$1: $2"; }
if ! command -v dpkg-source >/dev/null || ! command -v dpkg-scansources >/dev/null; then
	fail setup "dpkg-source and dpkg-scansources are needed (dpkg-dev, scripts/deps.sh)"
	exit 1
fi

# pkg VERSION: a native source package zvmprobe VERSION in arch/
pkg() {
	d=src/zvmprobe-$1
	mkdir -p "$d/debian/source"
	echo "3.0 (native)" >"$d/debian/source/format"
	printf 'Source: zvmprobe\nMaintainer: t <t@example.org>\n\nPackage: zvmprobe\nArchitecture: all\nDescription: probe\n' >"$d/debian/control"
	printf 'zvmprobe (%s) unstable; urgency=low\n\n  * v%s\n\n -- t <t@example.org>  Sat, 05 Dec 2026 00:00:00 +0000\n' "$1" "$1" >"$d/debian/changelog"
	echo "v$1" >"$d/version"
	(cd arch && dpkg-source -b "../$d" >/dev/null 2>&1)
}
# index: Sources and an unsigned Release (the list says trusted=yes)
index() {
	(cd arch && dpkg-scansources . >Sources 2>/dev/null &&
		{ echo "Origin: zvm-test"; echo "Date: $(date -Ru)"; echo "SHA256:";
		  echo " $(sha256sum Sources | cut -d' ' -f1) $(wc -c <Sources) Sources"; } >Release)
}
if ! pkg 1 || ! pkg 2 || ! index; then
	fail setup "cannot build the test archive"
	exit 1
fi
echo "deb [trusted=yes] file:$W/arch ./" >etc/sources.list
fetch() { # DEST: runs the script, its stdout to DEST.out, stderr to DEST.err
	ZVM_BUILD=$W/b ZVM_APT_ETC=$W/etc sh "$root/scripts/fetch-source.sh" zvmprobe "$W/$1" \
		>"$1.out" 2>"$1.err"
}

fetch newest
[ $? = 0 ] && [ "$(cat "$(cat newest.out)/version" 2>/dev/null)" = v2 ] && pass newest ||
	fail newest "$(cat newest.out newest.err | tail -3 | tr '\n' '|')"
grep -q 'trusted=yes' "$W/b/apt/sources.list" && pass keeps-trusted ||
	fail keeps-trusted "$(cat "$W/b/apt/sources.list")"

fetch newest
[ $? = 0 ] && ! grep -q 'fetching' newest.err && pass cached ||
	fail cached "$(tr '\n' '|' <newest.err)"

rm arch/zvmprobe_2.tar.xz # listed, not there
fetch fallback
[ $? = 0 ] && [ "$(cat "$(cat fallback.out)/version" 2>/dev/null)" = v1 ] &&
	grep -q 'trying version 1' fallback.err && pass falls-back ||
	fail falls-back "$(cat fallback.out fallback.err | tail -4 | tr '\n' '|')"

rm arch/zvmprobe_1.tar.xz
fetch none
rc=$?
[ $rc != 0 ] && [ ! -s none.out ] && grep -q 'apt-get source zvmprobe failed$' none.err &&
	pass none-fetchable || fail none-fetchable "rc $rc: $(tail -2 none.err | tr '\n' '|')"

# deb822: the same archive as a .sources stanza, Trusted kept
mkdir -p etc822/sources.list.d
printf 'Types: deb\nURIs: file:%s/arch\nSuites: ./\nTrusted: yes\n' "$W" >etc822/sources.list.d/t.sources
ZVM_BUILD=$W/b822 ZVM_APT_ETC=$W/etc822 sh "$root/scripts/fetch-source.sh" zvmprobe "$W/d822" \
	>/dev/null 2>d822.err
[ "$(cat "$W/b822/apt/sources.list" 2>/dev/null)" = "deb-src [trusted=yes] file:$W/arch ./" ] &&
	pass deb822-trusted || fail deb822-trusted "$(cat "$W/b822/apt/sources.list" 2>&1)"
