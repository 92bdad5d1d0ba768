# Functions, global symbols and their same-address labels are aligned.
	.text
	.file	"a.c"
	.globl	f
	.p2align	4, 0x90
	.type	f,@function
f:
.Lfunc_begin0:
	.cfi_startproc
	xorl	%eax, %eax
	retq
.Lfunc_end0:
	.size	f, .Lfunc_end0-f
	.cfi_endproc
	.type	g,@function
g:
	retq
	.globl	h
h:
	retq
local_not_aligned:
	nop
.Lalso_not:
	nop
