# int3.s - a breakpoint
	.bundle_align_mode 5
	.text
	.globl	main
	.p2align 5
main:
	int3
	hlt
