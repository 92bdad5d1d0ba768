# 32-bit esp writes and reads of rsp need no change.
	.text
f:
	subl	$72, %esp
	addl	$72, %esp
	movl	%ebp, %esp
	leal	-16(%ebp), %esp
	andl	$-64, %esp
	movq	%rsp, %rbp
	pushq	%rsp
	cmpq	%rsp, %rax
	testq	%rsp, %rsp
	leal	-112(%rsp), %eax
