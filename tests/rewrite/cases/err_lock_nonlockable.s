	.text
	lock movl	%eax, (%rdi)
	lock addl	%eax, %ecx
