# far_ret.s - a far return
	.bundle_align_mode 5
	.text
	.globl	main
	.p2align 5
main:
	lretq
