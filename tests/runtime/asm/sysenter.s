# sysenter.s - sysenter
	.bundle_align_mode 5
	.text
	.globl	main
	.p2align 5
main:
	sysenter
	hlt
