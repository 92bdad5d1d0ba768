# Block addresses (computed goto) are aligned, whether referenced from data
# or from an immediate.
	.text
f:
	movl	tab(,%ecx,4), %ecx
	jmpq	*%rcx
.Ltmp0:
.LBB3_1:
	addl	$1, %eax
	movl	$.Ltmp1, %ecx
	jmpq	*%rcx
.Ltmp1:
	retq
	.section	.rodata,"a",@progbits
tab:
	.long	.Ltmp0
	.long	.Ltmp1
