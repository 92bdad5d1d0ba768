	.text
	movw	%ax, %ds
	movl	%fs, %eax
	pushq	%gs
