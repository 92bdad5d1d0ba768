# movabs with an immediate stays; with a memory operand it becomes a plain
# 32-bit-addressed mov.
	.text
f:
	movabsq	$206158430216, %rax
	movabsl	sym, %eax
	movabs	%al, sym+1
	movabsq	$sym, %rcx
