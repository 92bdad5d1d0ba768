# x87 and SSE memory operands; %st(i) is a register.
	.text
f:
	fldt	8(%rsp)
	fldt	ld(%rip)
	fmulp	%st, %st(1)
	fstp	%st(1)
	fistpll	-8(%rbp)
	fnstcw	-2(%rsp)
	fldcw	(%rdi)
	movaps	%xmm0, -64(%rsp)
	pshufd	$68, (%rax,%rcx,8), %xmm2
	cvtsi2sdl	(%rsi), %xmm0
