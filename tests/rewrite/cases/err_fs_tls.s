	.text
f:
	movq	%fs:0, %rax
	movl	%fs:x@TPOFF, %eax
