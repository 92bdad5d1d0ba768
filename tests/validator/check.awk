# tests/validator/check.awk - compares zvm-validate's output with the cases'
# expectations and prints PASS/FAIL per case.
#
#   awk -f check.awk cases.tsv asmfail.tsv tag=plain out.plain tag=asan out.asan
#
# cases.tsv:   NAME<TAB>EXPECT<TAB>WHERE (from split.awk)
# asmfail.tsv: NAME<TAB>first error line, for cases that did not assemble
# out.TAG:     zvm-validate --raw output, "NAME.bin: ok" or
#              "NAME.bin: invalid at 0xADDR: REASON"
# TAGS (-v):   the binaries that ran, space-separated, in report order
# BASE (-v):   the guest address of offset 0 (0x20000)

function hex(s,   i, c, v) {
	s = tolower(s)
	sub(/^0x/, "", s)
	v = 0
	for (i = 1; i <= length(s); i++) {
		c = index("0123456789abcdef", substr(s, i, 1))
		if (c == 0)
			return -1
		v = v * 16 + c - 1
	}
	return v
}

# Returns "" when result r satisfies expectation e, else a description of r.
function judge(e, r,   want_off, want_why, rest, addr, why) {
	if (r == "")
		return "no output"
	if (e == "ok")
		return r == "ok" ? "" : r
	if (r !~ /^invalid at 0x[0-9a-fA-F]+: /)
		return r
	want_off = ""
	want_why = ""
	rest = e
	sub(/^invalid */, "", rest)
	if (rest ~ /^at \+0x/) {
		want_off = rest
		sub(/^at \+/, "", want_off)
		sub(/ .*/, "", want_off)
		sub(/^at \+0x[0-9a-fA-F]+ */, "", rest)
	}
	if (rest ~ /^reason /) {
		want_why = rest
		sub(/^reason /, "", want_why)
	}
	addr = r
	sub(/^invalid at /, "", addr)
	sub(/:.*/, "", addr)
	why = r
	sub(/^invalid at 0x[0-9a-fA-F]+: /, "", why)
	if (want_off != "" && hex(addr) != BASE + hex(want_off))
		return r
	if (want_why != "" && index(tolower(why), tolower(want_why)) == 0)
		return r
	return ""
}

function describe(e,   off) {
	if (e ~ /^invalid at \+0x/) {
		off = e
		sub(/^invalid at \+/, "", off)
		sub(/ .*/, "", off)
		sub(/^invalid at \+0x[0-9a-fA-F]+/, sprintf("invalid at 0x%x", BASE + hex(off)), e)
	}
	return e
}

FILENAME ~ /cases\.tsv$/ {
	n++
	order[n] = $1
	split($0, f, "\t")
	expect[$1] = f[2]
	where[$1] = f[3]
	next
}

FILENAME ~ /asmfail\.tsv$/ {
	i = index($0, "\t")
	asmfail[substr($0, 1, i - 1)] = substr($0, i + 1)
	next
}

{
	i = index($0, ": ")
	if (i == 0)
		next
	file = substr($0, 1, i - 1)
	sub(/\.bin$/, "", file)
	if ((tag, file) in got)
		got[tag, file] = "more than one result line"
	else
		got[tag, file] = substr($0, i + 2)
}

END {
	nt = split(TAGS, tags, " ")
	for (k = 1; k <= n; k++) {
		c = order[k]
		if (c in asmfail) {
			printf "FAIL validator/%s: did not assemble (%s): %s\n", c, where[c], asmfail[c]
			continue
		}
		if (nt == 0) {
			printf "FAIL validator/%s: no zvm-validate binary ran\n", c
			continue
		}
		msg = ""
		for (t = 1; t <= nt; t++) {
			bad = judge(expect[c], got[tags[t], c])
			if (bad != "")
				msg = msg (msg == "" ? "" : "; ") bad " [" tags[t] "]"
		}
		if (msg == "")
			printf "PASS validator/%s\n", c
		else
			printf "FAIL validator/%s: expected %s, got %s (%s)\n", c, describe(expect[c]), msg, where[c]
	}
}
