# clang's x32 jump tables: the targets are address-taken and get aligned; the
# jump is masked.
	.text
	.globl	sw
	.p2align	4, 0x90
	.type	sw,@function
sw:
	cmpl	$2, %edi
	ja	.LBB0_4
	movl	.LJTI0_0(,%edi,4), %ecx
	jmpq	*%rcx
.LBB0_1:
	movl	$1, %eax
	retq
.LBB0_2:
	movl	$2, %eax
.LBB0_3:
	retq
.LBB0_4:
	xorl	%eax, %eax
	retq
.Lfunc_end0:
	.size	sw, .Lfunc_end0-sw
	.section	.rodata,"a",@progbits
	.p2align	2
.LJTI0_0:
	.long	.LBB0_1
	.long	.LBB0_2
	.long	.LBB0_3
