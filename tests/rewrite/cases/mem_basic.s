# Every memory operand becomes 32-bit addressed.
	.text
f:
	movl	(%rdi), %eax
	movq	8(%rsp), %rcx
	movl	%eax, -4(%rbp)
	addl	(%rax,%rbx,4), %edx
	movb	$1, 3(%r8,%r9)
	movzbl	-1(%r15,%rcx,2), %esi
	movl	.LJTI0_0(,%rdi,4), %ecx
	movl	(,%r12,8), %ecx
	cmpl	$5, 16(%r14)
	incq	(%rsi)
	movl	(%edi), %eax
	movl	3(%r14d,%ebx), %eax
	movsd	%xmm0, 8(%rax)
	movaps	-64(%rsp), %xmm1
	fldt	8(%rsp)
	imull	$12, (%rdx), %eax
	.section	.rodata
.LJTI0_0:
	.long	0
