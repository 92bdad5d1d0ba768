# RIP-relative operands become EIP-relative (0x67 + disp32 from the next instruction).
	.text
f:
	movl	fp(%rip), %eax
	addq	gl(%rip), %rax
	movl	sym@GOTPCREL(%rip), %ecx
	cmpl	$5, counter+4(%rip)
	movsd	.LCPI0_0(%rip), %xmm0
	lock xaddl	%eax, counter(%rip)
	.section	.rodata
.LCPI0_0:
	.quad	0
