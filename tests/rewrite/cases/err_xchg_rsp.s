	.text
	xchgq	%rsp, %rax
	xchgq	%rax, %rsp
