# rdtsc.s - a time source
	.bundle_align_mode 5
	.text
	.globl	main
	.p2align 5
main:
	rdtsc
	hlt
