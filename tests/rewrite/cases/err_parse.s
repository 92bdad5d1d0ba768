	.text
	movl	(%rax,%rbx,4,5), %ecx
	movl	(%rax,%ebx), %ecx
