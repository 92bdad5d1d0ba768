# tests/validator/split.awk - splits case files into one assembly file per case.
#
# Input: case files (cases/*.s and the generated gen.s). A case is
#   ### case: NAME
#   ### expect: ok | invalid [at +0xOFF] [reason WORDS]
#   [### epilogue: none]
#   ...assembly...
# up to the next "### case:" line or the end of the file; text before the first
# case is a file comment. The case is called STEM.NAME (STEM: the file name
# without .s). Writes W/src/STEM.NAME.s (prelude + body + epilogue), only when
# its text changed, so that run.sh reassembles only changed cases, and prints
# "NAME<TAB>EXPECT<TAB>FILE:LINE" per case, or "!NAME<TAB>why" for a broken case.
# Variables: W (work directory), PRELUDE (file holding the prelude).

BEGIN {
	text = ""
	while ((getline line < PRELUDE) > 0)
		text = text line "\n"
	close(PRELUDE)
	PRELUDE = text
	EPILOGUE = "\t.p2align 5, 0xf4\n\t.fill 32, 1, 0xf4\n"
}

function flush(   path, old, line, text) {
	if (name == "")
		return
	if (bad != "")
		printf "!%s\t%s\n", name, bad
	else if (expect == "")
		printf "!%s\tno \"### expect:\" line\n", name
	else {
		text = PRELUDE "# " where "\n" body (epilogue ? EPILOGUE : "")
		path = W "/src/" name ".s"
		old = ""
		while ((getline line < path) > 0)
			old = old line "\n"
		close(path)
		if (old != text) {
			printf "%s", text > path
			close(path)
		}
		printf "%s\t%s\t%s\n", name, expect, where
	}
	name = ""
}

FNR == 1 {
	flush()
	stem = FILENAME
	sub(/.*\//, "", stem)
	sub(/\.s$/, "", stem)
}

/^### case:/ {
	flush()
	name = $0
	sub(/^### case:[ \t]*/, "", name)
	sub(/[ \t]+$/, "", name)
	bad = ""
	if (name !~ /^[A-Za-z0-9_][A-Za-z0-9_.+-]*$/)
		bad = "bad case name"
	name = stem "." name
	if (name in seen)
		bad = "duplicate case name (also at " seen[name] ")"
	where = FILENAME ":" FNR
	sub(/.*\/tests\//, "tests/", where)
	if (stem == "gen")
		where = "gen.py output line " FNR
	seen[name] = where
	expect = ""
	epilogue = 1
	body = ""
	next
}

name == "" { next }

/^### expect:/ {
	e = $0
	sub(/^### expect:[ \t]*/, "", e)
	sub(/[ \t]+$/, "", e)
	if (expect != "")
		bad = "two \"### expect:\" lines"
	else if (e !~ /^(ok|invalid( at \+0x[0-9a-fA-F]+)?( reason [^\t]+)?)$/)
		bad = "bad expectation \"" e "\""
	expect = e
	next
}

/^### epilogue:[ \t]*none[ \t]*$/ { epilogue = 0; next }

/^###/ { bad = "unknown directive \"" $0 "\""; next }

{ body = body $0 "\n" }

END { flush() }
