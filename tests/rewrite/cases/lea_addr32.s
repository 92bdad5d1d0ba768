# An addr32 lea computes a 32-bit address: its registers become 32-bit.
	.text
f:
	addr32 leaq	(%rax,%rbx), %rcx
	addr32 leal	8(%rsp), %eax
