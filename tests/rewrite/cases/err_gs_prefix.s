	.text
	gs movl	(%rax), %eax
