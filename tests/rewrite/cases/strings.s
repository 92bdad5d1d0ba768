# String instructions get addr32 inside a bundle lock (LLVM emits addr32 as a
# separate prefix, and its explicit-operand rep stosq form puts REX before 0x67).
	.text
f:
	movsb
	rep movsq
	rep	stosq	%rax, %es:(%rdi)
	rep	movsb	(%rsi), %es:(%rdi)
	rep;movsq (%esi), %es:(%edi)
	lodsl
	repne scasb
	repe cmpsb
	stosw
	stos	%al, %es:(%rdi)
	lods	(%rsi), %rax
	movsl
	cmpsq	%es:(%rdi), (%rsi)
	addr32 rep stosb
