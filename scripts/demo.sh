#!/bin/sh
# make demo: the main job. Until the runtime lands, it validates a hand-written
# piece of sandboxed code and shows what the validator says about a broken one.
set -e
cd "$(dirname "$0")/.."
B=build/demo
mkdir -p $B
clang -c --target=x86_64-linux-gnux32 examples/hello-raw.s -o $B/hello-raw.o
objcopy -O binary -j .text $B/hello-raw.o $B/hello-raw.bin
echo "--- a valid piece of code"
build/bin/zvm-validate --raw $B/hello-raw.bin
echo "--- the same code with a syscall and an unprefixed memory operand"
printf '\x0f\x05\x8b\x00' | cat - $B/hello-raw.bin | head -c $(stat -c %s $B/hello-raw.bin) > $B/broken.bin
build/bin/zvm-validate --raw --all $B/broken.bin || true
