# leave writes 64-bit rsp: it becomes movl %ebp,%esp; popq %rbp.
	.text
f:
	pushq	%rbp
	movl	%esp, %ebp
	leave
	retq
g:
	leaveq
	retq
