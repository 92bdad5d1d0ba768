# Register-indirect calls are masked and end at a bundle end.
	.text
f:
	callq	*%rax
	call	*%rdx
	callq	*%r15
	callq	*%rbp
