	.text
	btl	%eax, (%rdi)
	btsq	%rcx, 8(%rsi)
