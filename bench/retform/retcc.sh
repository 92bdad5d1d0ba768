#!/bin/sh
# bench/retform/retcc.sh - clang, with every `ret` of the code it compiles
# replaced by the return form FORM (ret, pop, inplace, twostore): how much a form
# costs natively, in whole programs, with nothing else of the sandbox.
#
#   RETFORM=FORM retcc.sh CLANG-ARGS...
#
# Compiling (-c -o OUT): clang -S, the rets replaced, then assembled. Linking
# and anything else: plain clang. Plain clang does not end calls at bundle
# ends, so the forms mask with all ones: the same instructions, the return
# address unchanged. Libraries linked in keep their own returns. Used as CC
# for a program's own build (Lua: make CC=".../retcc.sh -std=gnu99").
case $RETFORM in
ret) seq='ret' ;;
pop) seq='popq %r11; andl $-1,%r11d; jmp *%r11' ;;
inplace) seq='movl (%rsp),%r11d; andl $-1,%r11d; movq %r11,(%rsp); ret' ;;
twostore) seq='andl $-1,(%rsp); movl $0,4(%rsp); ret' ;;
*) echo "retcc: RETFORM must be ret, pop, inplace or twostore" >&2; exit 2 ;;
esac
compile=0 out="" src=""
for a in "$@"; do
	[ "$a" = -c ] && compile=1
done
[ $compile = 1 ] || exec clang "$@" # link with -static: the code is not PIC
# The arguments again, with -o OUT taken out (and remembered).
n=$#
while [ $n -gt 0 ]; do
	a=$1
	shift
	n=$((n - 1))
	if [ "$a" = -o ]; then
		out=$1
		shift
		n=$((n - 1))
		continue
	fi
	[ "$a" = -c ] && continue
	case $a in *.c) src=$a ;; esac
	set -- "$@" "$a"
done
if [ -z "$out" ]; then # cc -c dir/x.c writes x.o
	[ -n "$src" ] || { echo "retcc: -c needs a .c file or -o" >&2; exit 2; }
	out=$(basename "$src" .c).o
fi
clang -fno-pie -S "$@" -o "$out.clang.s" || exit 1
sed -E "s/^([[:space:]]*)retq?[[:space:]]*\$/\\1$seq/" "$out.clang.s" >"$out.s" || exit 1
rm -f "$out.clang.s"
exec clang -c "$out.s" -o "$out"
