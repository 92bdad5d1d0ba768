# far_jmp.s - a far jump through memory
	.bundle_align_mode 5
	.text
	.globl	main
	.p2align 5
main:
	ljmpl	*(%eax)
	hlt
