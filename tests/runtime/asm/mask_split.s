# mask_split.s - mask and jump in different bundles
	.bundle_align_mode 5
	.text
	.globl	main
	.p2align 5
main:
	.p2align 5
	.fill 29, 1, 0x90
	andl	$-32, %eax
	jmp	*%rax
	hlt
