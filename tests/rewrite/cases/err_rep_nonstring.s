	.text
	rep
	setb	(%rax)
