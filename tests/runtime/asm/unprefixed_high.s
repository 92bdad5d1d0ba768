# unprefixed_high.s - a 64-bit memory access without the 0x67 prefix (above 4 GiB)
	.bundle_align_mode 5
	.text
	.globl	main
	.p2align 5
main:
	movabsq	$0x100000000, %rax
	movl	(%rax), %eax
	hlt
