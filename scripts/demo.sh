#!/bin/sh
# make demo: compiles a C program with zvm-cc into a validated nexe, runs it
# in zerovm and shows the report; shows what the validator says about code
# that breaks the rules; then the main job: a word count MapReduce run by
# zvm-job (8 mappers, one per file of a generated 4 MB corpus -> 3 reducers
# partitioning words by hash -> a merger printing the top 20), connected by
# TCP channels, and the same job again with the result cache.
#   WORDCOUNT=c (default) or lua: the mapper and reducer in C or in Lua
set -e
cd "$(dirname "$0")/.."
B=build/demo
mkdir -p $B
echo "--- zvm-cc: C to a validated nexe"
build/bin/zvm-cc -O2 -ffreestanding -nostdlib examples/hello.c -o $B/hello.nexe
build/bin/zvm-validate $B/hello.nexe
cat > $B/hello.manifest <<EOM
Version = 20130611
Program = $(pwd)/$B/hello.nexe
Memory = 67108864, 0
Timeout = 10
Channel = /dev/stdin, /dev/stdin, 0, 0, 1000, 1000000, 0, 0
Channel = /dev/stdout, /dev/stdout, 0, 1, 0, 0, 1000, 1000000
Channel = /dev/stderr, /dev/stderr, 0, 0, 0, 0, 1000, 1000000
EOM
echo "--- zerovm: the program's output, then the report"
build/bin/zerovm $B/hello.manifest
echo "--- zvm-validate on broken code: a syscall, then an unprefixed load"
clang -c --target=x86_64-linux-gnux32 examples/hello-raw.s -o $B/hello-raw.o
objcopy -O binary -j .text $B/hello-raw.o $B/hello-raw.bin
cp $B/hello-raw.bin $B/syscall.bin
cp $B/hello-raw.bin $B/unprefixed.bin
# movl $msg,%eax (5 bytes) becomes syscall + 3 nops
printf '\017\005\220\220\220' | dd of=$B/syscall.bin conv=notrunc status=none
# the 0x67 of movl (%eax),%ecx at offset 5 becomes a nop
printf '\220' | dd of=$B/unprefixed.bin bs=1 seek=5 conv=notrunc status=none
build/bin/zvm-validate --raw $B/hello-raw.bin $B/syscall.bin $B/unprefixed.bin || true

echo "--- zvm-job: word count MapReduce (${WORDCOUNT:-c} mapper and reducer)"
case ${WORDCOUNT:-c} in
c) job=examples/wordcount/wordcount.json ;;
lua) job=examples/wordcount/wordcount-lua.json ;;
*) echo "demo: WORDCOUNT must be c or lua" >&2; exit 2 ;;
esac
cat $job
rm -rf $B/wordcount.cache
build/bin/zvm-job $job --workdir $B/wordcount.work --cache $B/wordcount.cache
echo "--- the same job again with the cache: every instance a hit, nothing runs"
build/bin/zvm-job $job --workdir $B/wordcount.work --cache $B/wordcount.cache
