# push/pop with memory operands.
	.text
f:
	pushq	8(%rax)
	popq	(%rdi)
	pushq	sym(%rip)
	pushq	$5
	pushq	%rbx
	popq	%rbx
