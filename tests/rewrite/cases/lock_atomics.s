# lock stays on the instruction (it is part of the same MC instruction).
	.text
f:
	lock xaddl	%eax, (%rdi)
	lock		cmpxchgl	%edx, (%edi)
	lock		xaddq	%rax, counter64(%rip)
	lock orl	$4, (%rcx)
	xchgl	%eax, (%rdx)
	mfence
