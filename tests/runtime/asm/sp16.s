# sp16.s - a 16-bit write to sp
	.bundle_align_mode 5
	.text
	.globl	main
	.p2align 5
main:
	movw	%ax, %sp
	hlt
