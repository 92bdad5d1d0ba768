# bare_ret.s - ret without the return sequence
	.bundle_align_mode 5
	.text
	.globl	main
	.p2align 5
main:
	ret
