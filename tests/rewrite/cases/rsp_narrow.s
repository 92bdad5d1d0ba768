# 64-bit writes to rsp become 32-bit writes to esp.
	.text
f:
	subq	$24, %rsp
	addq	$24, %rsp
	andq	$-16, %rsp
	movq	%rbp, %rsp
	leaq	-8(%rbp), %rsp
	movq	8(%rdi), %rsp
	sub	$8, %rsp
	addq	%rax, %rsp
	orq	$0, %rsp
