#!/bin/sh
# Manifest parser suite: every case file in tests/manifest/cases plus the
# built-in cases of manifest-test, with the plain and the sanitized (ASan +
# UBSan + LeakSanitizer) build; then a short run of the fuzz target over its
# seed corpus. Prints "PASS manifest/NAME" or "FAIL manifest/NAME: why".
root="${ZVM_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}"
build="${ZVM_BUILD:-$root/build}"
cd "$root" || exit 2
rc=0

run() {  # run LABEL BINARY
	if [ ! -x "$2" ]; then
		echo "FAIL manifest/$1: $2 not built (make test builds it)"
		rc=1
		return
	fi
	"$2" -p "manifest/$1" tests/manifest/cases/*.manifest || rc=1
}
run "" "$build/tests/manifest/manifest-test"
run "asan/" "$build/asan/tests/manifest/manifest-test"

fuzzer="$build/fuzz/fuzz_manifest"
if [ ! -x "$fuzzer" ]; then
	echo "FAIL manifest/fuzz: $fuzzer not built (is fuzz/manifest.mk included by the Makefile?)"
	exit 1
fi
tmp=$(mktemp -d) || exit 2
# New inputs go to the first (scratch) directory; the seed corpus is not touched.
if "$fuzzer" -runs=20000 -seed=1 -max_len=8192 "$tmp" fuzz/corpus/manifest >"$tmp.log" 2>&1; then
	grep -o "Done [0-9]* runs" "$tmp.log"
	echo "PASS manifest/fuzz"
else
	echo "FAIL manifest/fuzz: fuzzer failed, log follows"
	tail -30 "$tmp.log"
	rc=1
fi
rm -rf "$tmp" "$tmp.log"
exit $rc
