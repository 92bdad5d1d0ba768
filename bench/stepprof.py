#!/usr/bin/env python3
"""stepprof.py NEXE TRACE: instructions per function of a stepcount trace
(STEPCOUNT_TRACE), most first, from the nexe's symbols (llvm-nm)."""
import bisect, collections, subprocess, sys

syms = []
for line in subprocess.run(["llvm-nm", "-n", sys.argv[1]], capture_output=True, text=True).stdout.split("\n"):
    f = line.split()
    if len(f) == 3 and f[1] in "tTwW":
        syms.append((int(f[0], 16), f[2]))
addrs = [a for a, _ in syms]
count = collections.Counter()
with open(sys.argv[2]) as t:
    for line in t:
        i = bisect.bisect_right(addrs, int(line, 16)) - 1
        count[syms[i][1] if i >= 0 else "?"] += 1
total = sum(count.values())
print("%d instructions before main" % total)
for name, n in count.most_common(25):
    print("%8d %5.1f%%  %s" % (n, 100.0 * n / total, name))
