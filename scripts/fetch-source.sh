#!/bin/sh
# fetch-source.sh PKG DESTDIR - fetches and unpacks the Debian source package
# PKG into DESTDIR with `apt-get source`, and prints the unpacked directory.
#
# The system's apt configuration is never edited: a private sources list under
# $ZVM_BUILD/apt/ gets one deb-src line per archive the system already uses,
# derived at run time from /etc/apt/sources.list, sources.list.d/*.list and
# sources.list.d/*.sources (deb822); apt-get then runs with its own list and
# cache directories there. No archive is named in this file.
#
# Cached: when DESTDIR already holds PKG's unpacked source, nothing is fetched.
# Messages go to stderr; the only stdout line is the source directory's path.
set -eu

if [ $# -ne 2 ]; then
	echo "usage: $0 PKG DESTDIR" >&2
	exit 2
fi
pkg=$1
dest=$2
root=$(cd "$(dirname "$0")/.." && pwd)
apt=${ZVM_BUILD:-$root/build}/apt
marker=".zvm-source-$pkg"
etc=${ZVM_APT_ETC:-/etc/apt} # where the system's apt configuration is (tests)

say() { echo "fetch-source: $*" >&2; }

# The unpacked tree recorded by an earlier run, if it is still whole.
cached() {
	[ -f "$dest/$marker" ] || return 1
	d=$(cat "$dest/$marker")
	[ -n "$d" ] && [ -f "$dest/$d/debian/control" ] || return 1
	echo "$(cd "$dest/$d" && pwd)"
}

mkdir -p "$dest"
dest=$(cd "$dest" && pwd)
if cached; then
	exit 0
fi

mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial"

# Serialize concurrent fetches: they share the private lists and cache.
if command -v flock >/dev/null 2>&1 && [ -z "${ZVM_FETCH_LOCKED:-}" ]; then
	export ZVM_FETCH_LOCKED=1
	exec flock "$apt/lock" sh "$0" "$@"
fi
if cached; then
	exit 0
fi

# ---- the private sources list ------------------------------------------------
# One-line format (.list files): "deb [opts] URI suite [components...]".
# deb822 (.sources files): stanzas of Types/URIs/Suites/Components/Signed-By,
# "Enabled: no" skips a stanza. Every deb entry yields a deb-src line with the
# same archive, suites, components, signing key and trusted option; deb-src
# entries are kept.
# Files named *.disabled* (or anything but .list/.sources) are not read.
derive() {
	for f in $etc/sources.list $etc/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		awk '
		{ sub(/#.*/, "") }
		$1 == "deb" || $1 == "deb-src" {
			opts = ""; i = 2
			if ($2 ~ /^\[/) {
				while (i <= NF) { opts = opts " " $i; if ($i ~ /\]$/) { i++; break } i++ }
				sub(/^ \[ */, "", opts); sub(/ *\]$/, "", opts)
			}
			keep = ""
			n = split(opts, o, " ")
			for (k = 1; k <= n; k++)
				if (o[k] ~ /^(signed-by|trusted)=/) keep = keep (keep == "" ? "" : " ") o[k]
			line = "deb-src"
			if (keep != "") line = line " [" keep "]"
			for (; i <= NF; i++) line = line " " $i
			print line
		}' "$f"
	done
	for f in $etc/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk '
		function flush(   nt, nu, ns, t, u, s, a, b, c, line, key) {
			if (enabled && types ~ /(^| )deb(-src)?( |$)/ && uris != "" && suites != "") {
				nu = split(uris, a, " "); ns = split(suites, b, " ")
				key = ""
				if (signed != "" && signed !~ / / && signed ~ /^\//) key = "signed-by=" signed
				if (trusted != "") key = key (key == "" ? "" : " ") "trusted=" trusted
				if (key != "") key = " [" key "]"
				for (u = 1; u <= nu; u++)
					for (s = 1; s <= ns; s++)
						print "deb-src" key " " a[u] " " b[s] (comps != "" ? " " comps : "")
			}
			types = uris = suites = comps = signed = trusted = field = ""; enabled = 1
		}
		BEGIN { enabled = 1 }
		/^#/ { next }
		/^[ \t]*$/ { flush(); next }
		/^[ \t]/ {      # continuation of the previous field
			v = $0; sub(/^[ \t]+/, "", v)
			if (field == "types") types = types " " v
			else if (field == "uris") uris = uris " " v
			else if (field == "suites") suites = suites " " v
			else if (field == "components") comps = comps " " v
			else if (field == "signed-by") signed = signed " " v
			next
		}
		{
			i = index($0, ":"); if (!i) next
			field = tolower(substr($0, 1, i - 1)); v = substr($0, i + 1)
			sub(/^[ \t]+/, "", v); sub(/[ \t]+$/, "", v)
			if (field == "types") types = v
			else if (field == "uris") uris = v
			else if (field == "suites") suites = v
			else if (field == "components") comps = v
			else if (field == "signed-by") signed = v
			else if (field == "enabled") enabled = (tolower(v) != "no")
			else if (field == "trusted") trusted = tolower(v)
		}
		END { flush() }' "$f"
	done
}

list="$apt/sources.list"
derive | awk '!seen[$0]++' >"$list.new"
if [ ! -s "$list.new" ]; then
	say "no archive configured in $etc: cannot derive deb-src lines"
	exit 1
fi

aptopts="-o Dir::Etc::SourceList=$list -o Dir::Etc::SourceParts=/nonexistent
	-o Dir::State::Lists=$apt/lists -o Dir::Cache=$apt/cache
	-o APT::Sandbox::User=root -q"

# Refresh the index when the list changed or is a day old.
fresh=$(find "$apt/lists" -maxdepth 1 -name '*Sources*' -mtime -1 2>/dev/null | head -1)
if ! cmp -s "$list.new" "$list" || [ -z "$fresh" ]; then
	mv "$list.new" "$list"
	say "updating the source index ($(wc -l <"$list") deb-src lines)"
	# shellcheck disable=SC2086
	if ! apt-get $aptopts update >"$apt/update.log" 2>&1; then
		say "apt-get update reported errors (see $apt/update.log); trying anyway"
	fi
else
	rm -f "$list.new"
fi

# dpkg-source unpacks the package.
if ! command -v dpkg-source >/dev/null 2>&1; then
	say "installing dpkg-dev (for dpkg-source)"
	if [ "$(id -u)" != 0 ]; then
		say "need root to install dpkg-dev"
		exit 1
	fi
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends dpkg-dev >&2
fi

# Fetch into a scratch directory, then move the tree into place.
tmp="$dest/.fetch-$pkg.$$"
rm -rf "$tmp"
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
say "fetching $pkg"
# apt-get takes the newest version the index lists, but a mirror may not hold
# its files yet (seen: a security update's source 404 while the index named
# it); then each other listed version, newest first.
# shellcheck disable=SC2086
if ! (cd "$tmp" && apt-get $aptopts source "$pkg" >"$tmp.log" 2>&1); then
	ok=""
	for v in $(apt-cache $aptopts showsrc "$pkg" 2>/dev/null |
		awk '/^Version:/ { print $2 }' | sort -urV); do
		say "apt-get source $pkg failed; trying version $v"
		rm -rf "$tmp" && mkdir -p "$tmp"
		# shellcheck disable=SC2086
		if (cd "$tmp" && apt-get $aptopts source "$pkg=$v" >>"$tmp.log" 2>&1); then
			ok=1
			break
		fi
	done
	if [ -z "$ok" ]; then
		cat "$tmp.log" >&2
		rm -f "$tmp.log"
		say "apt-get source $pkg failed"
		exit 1
	fi
fi
rm -f "$tmp.log"
dir=""
for d in "$tmp"/*/; do
	[ -f "$d/debian/control" ] && dir=$(basename "$d")
done
if [ -z "$dir" ]; then
	say "apt-get source $pkg left no unpacked tree"
	exit 1
fi
rm -rf "${dest:?}/$dir"
mv "$tmp/$dir" "$dest/$dir"
echo "$dir" >"$dest/$marker"
say "unpacked $pkg into $dest/$dir"
cached
