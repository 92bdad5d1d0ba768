	.text
	lock
f:
	incl	(%rax)
