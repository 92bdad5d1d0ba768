# .rept bodies are rewritten like any other code.
	.text
f:
	.rept	3
	movl	(%rdi), %eax
	.endr
	retq
