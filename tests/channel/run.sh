#!/bin/sh
# Channel unit tests, plain and under ASan + UBSan.
cd "$(dirname "$0")/../.." || exit 2
ZVM_BUILD=${ZVM_BUILD:-$(pwd)/build}
rc=0
"$ZVM_BUILD/tests/channel/channel-test" || rc=1
"$ZVM_BUILD/asan/tests/channel/channel-test" | sed 's|^PASS channel/|PASS channel/asan/|; s|^FAIL channel/|FAIL channel/asan/|' || rc=1
exit $rc
