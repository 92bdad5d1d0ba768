#!/bin/sh
# gen-corpus.sh DIR [FILES] [KB] - writes FILES text files of about KB
# kilobytes each (default 8 x 512) as DIR/part-01.txt..., the same bytes on
# every machine: English-like sentences whose words follow Zipf's law over
# a vocabulary of common words and made-up ones, drawn with a Park-Miller
# generator (exact in any awk's double arithmetic).
set -e
dir=$1
files=${2:-8}
kb=${3:-512}
[ -n "$dir" ] || { echo "usage: gen-corpus.sh DIR [FILES] [KB]" >&2; exit 2; }
mkdir -p "$dir"
awk -v dir="$dir" -v files="$files" -v kb="$kb" '
function rnd() { seed = (seed * 16807) % 2147483647; return seed / 2147483647 }
function pick(   lo, hi, mid, u) {
	u = rnd() * cum[V]; lo = 1; hi = V
	while (lo < hi) { mid = int((lo + hi) / 2); if (cum[mid] < u) lo = mid + 1; else hi = mid }
	return word[lo]
}
BEGIN {
	seed = 20130611
	nb = split("the of and to a in is it you that he was for on are with as I his they be at one have this from or had by not word but what some we can out other were all there when up use your how said an each she which do their time if will way about many then them write would like so these her long make thing see him two has look more day could go come did number sound no most people my over know water than call first who may down side been now find any new work part take get place made live where after back little only round man year came show every good me give our under name very through just form sentence great think say help low line differ turn cause much mean before move right boy old too same tell does set three want air well also play small end put home read hand port large spell add even land here must big high such follow act why ask men change went light kind off need house picture try us again animal point mother world near build self earth father", base, " ")
	syl = split("ka ro mi te lu sa ne vo ri pa de lo mu zi ta be fo ga hu ki", s, " ")
	V = 20000
	for (r = 1; r <= V; r++) {
		if (r <= nb) w = base[r]
		else { x = r; w = ""; do { w = w s[x % syl + 1]; x = int(x / syl) } while (x > 0) }
		word[r] = w
		cum[r] = (r > 1 ? cum[r - 1] : 0) + 1 / r
	}
	for (f = 1; f <= files; f++) {
		out = sprintf("%s/part-%02d.txt", dir, f)
		size = 0; line = ""
		while (size < kb * 1024) {
			n = 5 + int(rnd() * 11)
			for (i = 1; i <= n; i++) {
				w = pick()
				if (i == 1) w = toupper(substr(w, 1, 1)) substr(w, 2)
				if (i == n) w = w "."
				else if (rnd() < 0.08) w = w ","
				if (length(line) + length(w) >= 72) { print line > out; size += length(line) + 1; line = w }
				else line = line == "" ? w : line " " w
			}
		}
		if (line != "") print line > out
		close(out)
	}
}'
