# unmasked_jmp.s - an indirect jump without the mask
	.bundle_align_mode 5
	.text
	.globl	main
	.p2align 5
main:
	movl	$0x20000, %eax
	jmp	*%rax
	hlt
