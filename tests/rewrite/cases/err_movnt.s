	.text
	movnti	%eax, (%rdi)
	movntdq	%xmm0, (%rdi)
