#!/bin/sh
# bench/jtalign/place.sh MODE IN.s OUT.s - places the jump-table targets of
# clang's x86-64 assembly (the .LBB labels that .long/.quad entries name) as
# zvm-rewrite would, or as it might, with nothing else of the sandbox:
#   base     as clang left them
#   align32  each at a 32-byte boundary (what rule 4 makes zvm-rewrite do)
#   stub     left in place; each entry names a 32-byte-aligned `jmp rel32`
#            stub instead (the idea: no padding in the hot code)
#   at64p32  each at 32 mod 64 (a bundle start too, so rule 4 allows it)
mode=$1 in=$2 out=$3
case $mode in base | align32 | stub | at64p32) ;; *) echo "place.sh: bad mode $mode" >&2; exit 2 ;; esac
awk -v mode="$mode" '
NR == FNR {
	if (match($0, /^[ \t]*\.(long|quad)[ \t]+\.LBB[0-9_]+/)) {
		t = $2; sub(/-.*/, "", t)
		if (!(t in tgt)) { tgt[t] = 1; order[++n] = t }
	}
	next
}
{
	if (match($0, /^\.LBB[0-9_]+:/)) {
		l = substr($0, 1, RLENGTH - 1)
		if (l in tgt && mode == "align32") print "\t.p2align 5, 0x90"
		if (l in tgt && mode == "at64p32") print "\t.p2align 6, 0x90\n\t.nops 32"
	}
	if (mode == "stub" && match($0, /^[ \t]*\.(long|quad)[ \t]+\.LBB[0-9_]+/)) {
		t = $2; rest = ""
		if (index(t, "-")) { rest = substr(t, index(t, "-")); t = substr(t, 1, index(t, "-") - 1) }
		print "\t" $1 "\t" t "_stub" rest
		next
	}
	print
}
END {
	if (mode != "stub") exit
	print "\t.text"
	for (i = 1; i <= n; i++) print "\t.p2align 5, 0x90\n" order[i] "_stub:\n\tjmp\t" order[i]
}' "$in" "$in" >"$out"
