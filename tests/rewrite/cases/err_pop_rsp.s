	.text
	popq	%rsp
