# Prefixes that LLVM emits as separate instructions are kept in one bundle
# with their instruction.
	.text
f:
	data16 addl	$1, %eax
	rex64 xchgl	%eax, %ecx
	{disp32} movl	8(%rax), %eax
	addr32 movl	(%rax), %ecx
