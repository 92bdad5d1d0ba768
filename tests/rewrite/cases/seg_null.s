# Null segment overrides and hint prefixes are dropped.
	.text
f:
	movl	%ds:(%rax), %eax
	movl	%ss:8(%rsp), %ecx
	movl	%es:4(%rdi), %edx
	ds je	f
	cs jne	f
	notrack jmpq	*%rax
	bnd jmp	f
	ds callq	*%rdx
