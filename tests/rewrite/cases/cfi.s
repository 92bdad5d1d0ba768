# CFI directives pass through.
	.text
	.type	f,@function
f:
	.cfi_startproc
	pushq	%rax
	.cfi_def_cfa_offset 16
	callq	g
	popq	%rcx
	.cfi_def_cfa_offset 8
	retq
	.cfi_endproc
