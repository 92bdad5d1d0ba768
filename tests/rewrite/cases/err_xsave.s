	.text
	xsave	(%rdi)
	fxrstor	(%rdi)
