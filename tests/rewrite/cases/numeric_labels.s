# Numeric labels referenced from data are aligned (the right definition);
# branch targets are not.
	.text
f:
1:	nop
	jmp	1b
1:	nop
	jne	1f
	nop
1:	nop
2:	nop
	.section	.rodata,"a",@progbits
	.long	1b
	.text
	movl	$2f, %eax
2:	nop
