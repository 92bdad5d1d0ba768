# movsd/cmpsd with xmm operands are SSE, not string instructions.
	.text
f:
	movsd	%xmm0, (%rdi)
	movsd	(%rax), %xmm1
	movsd	%xmm1, %xmm2
	cmpsd	$1, %xmm1, %xmm0
	cmpltsd	8(%rsp), %xmm0
	movslq	%eax, %rax
	movsbl	(%rsi), %ecx
	movswl	2(%rdi), %edx
	movsd
