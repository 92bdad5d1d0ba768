	.macro	m r
	movl	(\r), %eax
	.endm
