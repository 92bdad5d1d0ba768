#!/bin/sh
# tests/toolchain/run.sh - zvm-cc as a compiler driver: modes (-c -S -E,
# link), outputs, flags passed through, response files, dependency files,
# assembly inputs through the rewriter, the final validation as a link
# error, refused flags, and a Makefile using CC=zvm-cc. Programs that link
# are run in zerovm and their output checked.
cd "$(dirname "$0")/../.." || exit 2
ZVM_BUILD=${ZVM_BUILD:-$(pwd)/build}
ZVM_BIN=${ZVM_BIN:-$ZVM_BUILD/bin}
CC="$ZVM_BIN/zvm-cc"
. ./tests/cli.sh
W=$ZVM_BUILD/tests/toolchain
rm -rf "$W"
mkdir -p "$W"
cd "$W" || exit 2
cli_info toolchain zvm-cc "$CC"

pass() { echo "PASS toolchain/$1"; }
fail() { echo "FAIL toolchain/$1: $2"; }
check() { # name, command...
	name=$1
	shift
	if "$@" >"$name.out" 2>&1; then pass "$name"; else fail "$name" "$(tail -3 "$name.out" | tr '\n' ' ')"; fi
}
# run NEXE: runs it in zerovm, guest stdout in NEXE.stdout, report in NEXE.report
run() {
	cat >"$1.manifest" <<EOM
Version = 20130611
Program = $W/$1
Memory = 67108864, 0
Timeout = 10
Channel = /dev/stdin, /dev/stdin, 0, 0, 100, 100000, 0, 0
Channel = $W/$1.stdout, /dev/stdout, 0, 0, 0, 0, 1000, 1000000
Channel = /dev/stderr, /dev/stderr, 0, 0, 0, 0, 1000, 1000000
EOM
	"$ZVM_BIN/zerovm" "$1.manifest" >"$1.report"
}

cat >lib.h <<'EOF2'
int twice(int);
EOF2
cat >lib.c <<'EOF2'
#include "lib.h"
int twice(int x) { return SCALE * x; }
EOF2
cat >main.c <<'EOF2'
#include <zvm.h>
#include "lib.h"
static const char msg[] = "twice works\n";
int main(void)
{
	if (twice(21) != 42)
		return 3;
	zvm_pwrite(1, msg, sizeof msg - 1, 0);
	return 0;
}
EOF2
F="-O2 -ffreestanding -nostdlib"

check c-mode "$CC" $F -DSCALE=2 -c lib.c
[ -f lib.o ] && pass c-names-output || fail c-names-output "no lib.o"
check c-mode-o "$CC" $F -c main.c -o m.o
check link-objects "$CC" $F m.o lib.o -o prog.nexe
if run prog.nexe && [ "$(cat prog.nexe.stdout)" = "twice works" ] && [ "$(sed -n 3p prog.nexe.report)" = 0 ]; then
	pass link-objects-runs
else
	fail link-objects-runs "output '$(cat prog.nexe.stdout 2>/dev/null)', report: $(tr '\n' ' ' <prog.nexe.report 2>/dev/null)"
fi
check link-sources "$CC" $F -DSCALE=2 main.c lib.c -o prog2.nexe
check validates "$ZVM_BIN/zvm-validate" prog2.nexe
check default-a-out sh -c "'$CC' $F -DSCALE=2 main.c lib.c && test -f a.out"

# -D reaches the compiler: SCALE=3 makes twice(21) 63, main returns 3.
"$CC" $F -DSCALE=3 main.c lib.c -o scale3.nexe && run scale3.nexe
[ "$(sed -n 3p scale3.nexe.report)" = 3 ] && pass define-passed || fail define-passed "return code $(sed -n 3p scale3.nexe.report)"

# -S: rewritten assembly, bundle-aligned and 0x67-addressed.
check s-mode "$CC" $F -DSCALE=2 -S lib.c
grep -q 'bundle_align_mode' lib.s && pass s-mode-rewritten || fail s-mode-rewritten "no .bundle_align_mode in lib.s"
# -mret=inplace|pop: the return form of DESIGN.md rule 5, passed to the
# rewriter (the in-place form is the default).
"$CC" $F -DSCALE=2 -mret=pop -S lib.c -o ret-pop.s 2>ret-pop.err
"$CC" $F -DSCALE=2 -mret=inplace -S lib.c -o ret-inplace.s 2>>ret-pop.err
if grep -q 'popq.*%r11' ret-pop.s && ! grep -q '^[[:space:]]*retq\{0,1\}[[:space:]]*$' ret-pop.s &&
	grep -q '^[[:space:]]*retq\{0,1\}[[:space:]]*$' ret-inplace.s &&
	grep -q 'movq[[:space:]]*%r11, (%esp)' ret-inplace.s && ! grep -q 'popq.*%r11' ret-inplace.s &&
	cmp -s ret-inplace.s lib.s; then
	pass mret-form
else
	fail mret-form "pop/inplace assembly not as expected: $(head -c 200 ret-pop.err)"
fi
if "$CC" $F -DSCALE=2 -mret=pop main.c lib.c -o pop.nexe && run pop.nexe &&
	[ "$(cat pop.nexe.stdout)" = "twice works" ] && [ "$(sed -n 3p pop.nexe.report)" = 0 ]; then
	pass mret-pop-runs
else
	fail mret-pop-runs "report: $(tr '\n' ' ' <pop.nexe.report 2>/dev/null)"
fi
# The dropped two-store form is gone from the driver, by name.
if "$CC" $F -mret=mask -c lib.c -o mask.o 2>mask.err; then
	fail mret-mask-dropped "-mret=mask accepted"
else
	grep -q 'mret=inplace' mask.err && pass mret-mask-dropped || fail mret-mask-dropped "$(cat mask.err)"
fi
if "$CC" $F -mret=bogus -c lib.c -o bogus.o 2>bogus.err; then
	fail mret-bad "-mret=bogus accepted"
else
	grep -q 'mret=pop' bogus.err && pass mret-bad || fail mret-bad "$(cat bogus.err)"
fi
# The SLP vectorizer is off after the user's -O (clang's x32 cost model makes
# store-forwarding stalls; see zvm_cc.c), unless -fslp-vectorize asks for it.
"$CC" $F -v -O2 -S lib.c -o slp-off.s 2>slp-off.err
"$CC" $F -v -O2 -fslp-vectorize -S lib.c -o slp-on.s 2>slp-on.err
if grep -q -- '-O2 .*-fno-slp-vectorize' slp-off.err && ! grep -q -- '-fno-slp-vectorize' slp-on.err; then
	pass slp-default
else
	fail slp-default "$(grep -h -o -- '-O2.*' slp-off.err slp-on.err | head -c 300)"
fi
# -E: preprocessed C.
"$CC" $F -DSCALE=7 -E lib.c -o lib.i 2>/dev/null && grep -q 'return 7 \* x' lib.i &&
	pass e-mode || fail e-mode "SCALE not expanded in lib.i"

# Response files.
printf '%s\n' -O2 -ffreestanding -nostdlib "-DSCALE=2" main.c lib.c -o rsp.nexe >args.rsp
check response-file "$CC" @args.rsp
[ -f rsp.nexe ] && pass response-file-output || fail response-file-output "no rsp.nexe"

# -MD: the dependency file is named after and targets the real output.
"$CC" $F -DSCALE=2 -MD -c lib.c -o deps.o
if [ -f deps.d ] && grep -q '^deps.o:' deps.d && grep -q 'lib.h' deps.d; then
	pass md-depfile
else
	fail md-depfile "deps.d: $(cat deps.d 2>/dev/null | head -2 | tr '\n' ' ')"
fi

# Assembly inputs go through the rewriter: a plain ret becomes legal.
cat >ret.s <<'EOF2'
	.text
	.globl	twice
twice:
	leal	(%rdi,%rdi), %eax
	ret
EOF2
check s-input-rewritten "$CC" $F main.c ret.s -o sret.nexe
run sret.nexe && [ "$(sed -n 3p sret.nexe.report)" = 0 ] && pass s-input-runs || fail s-input-runs "report: $(tr '\n' ' ' <sret.nexe.report)"
cat >pp.S <<'EOF2'
#define DOUBLE(r) leal (r,r), %eax
	.text
	.globl	twice
twice:
	DOUBLE(%rdi)
	ret
EOF2
check S-input-preprocessed "$CC" $F main.c pp.S -o spp.nexe

# What the rewriter cannot make safe is refused with file and line.
printf '\t.text\n\tsyscall\n' >bad.s
if "$CC" $F -c bad.s -o bad.o 2>bad.err; then
	fail refuses-syscall "accepted"
else
	grep -q 'bad.s:2' bad.err && pass refuses-syscall || fail refuses-syscall "message: $(cat bad.err)"
fi

# The final validation: an object that bypassed the rewriter makes an invalid
# nexe, which is a link error with no output left behind.
printf '\t.text\n\t.globl main\n\t.p2align 5\nmain:\n\t.byte 0x0f, 0x05\n\tret\n' >raw.s
clang --target=x86_64-linux-gnux32 -c raw.s -o raw.o
if "$CC" $F raw.o -o raw.nexe 2>raw.err; then
	fail link-validates "an invalid program linked"
elif [ -e raw.nexe ]; then
	fail link-validates "raw.nexe left behind"
else
	grep -q 'invalid at 0x' raw.err && pass link-validates || fail link-validates "message: $(cat raw.err)"
fi

# Refused flags.
for f in -shared -m32 -fPIC; do
	if "$CC" $F $f -c lib.c -o x.o 2>/dev/null; then fail "refuses$f" "accepted"; else pass "refuses$f"; fi
done

# A Makefile with CC=zvm-cc.
mkdir -p mk && cp lib.c lib.h main.c mk/
cat >mk/Makefile <<'EOF2'
CFLAGS = -O2 -ffreestanding -nostdlib -DSCALE=2
prog.nexe: main.o lib.o
	$(CC) $(CFLAGS) main.o lib.o -o $@
main.o lib.o: lib.h
EOF2
check makefile make -s -C mk CC="$CC"
[ -f mk/prog.nexe ] && "$ZVM_BIN/zvm-validate" mk/prog.nexe >/dev/null && pass makefile-nexe || fail makefile-nexe "no valid mk/prog.nexe"
exit 0
