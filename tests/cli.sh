# tests/cli.sh - what every command answers (sourced by the suites):
# --help prints a usage on stdout (first line "usage: NAME ...") and nothing
# on stderr, and exits 0; --version prints one line "NAME (ZeroVM in C)
# VERSION" and exits 0 (zvm-cc, a compiler driver, then adds clang's).
#   cli_info SUITE NAME PROGRAM
# Prints PASS/FAIL SUITE/NAME-help and SUITE/NAME-version; returns 1 when
# one of them failed.
cli_info() {
	_s=$1 _n=$2 _p=$3 _r=0
	_d=$(mktemp -d "${TMPDIR:-/tmp}/zvm-cli.XXXXXX") || return 1
	"$_p" --help >"$_d/out" 2>"$_d/err"
	_rc=$?
	if [ $_rc = 0 ] && head -1 "$_d/out" | grep -q "^usage: $_n " && [ ! -s "$_d/err" ]; then
		echo "PASS $_s/$_n-help"
	else
		echo "FAIL $_s/$_n-help: exit $_rc, $(cat "$_d/out" "$_d/err" | head -3 | tr '\n' ' ')"
		_r=1
	fi
	"$_p" --version >"$_d/out" 2>"$_d/err"
	_rc=$?
	_lines=$(wc -l <"$_d/out")
	_ok=0
	if [ $_rc = 0 ] && [ ! -s "$_d/err" ] &&
		head -1 "$_d/out" | grep -Eq "^$_n \(ZeroVM in C\) [0-9]+\.[0-9]+\$"; then
		if [ "$_n" = zvm-cc ]; then
			sed -n 2p "$_d/out" | grep -q 'clang version' && _ok=1
		else
			[ "$_lines" = 1 ] && _ok=1
		fi
	fi
	if [ $_ok = 1 ]; then
		echo "PASS $_s/$_n-version"
	else
		echo "FAIL $_s/$_n-version: exit $_rc, $_lines lines: $(cat "$_d/out" "$_d/err" | head -3 | tr '\n' ' ')"
		_r=1
	fi
	rm -rf "$_d"
	return $_r
}
