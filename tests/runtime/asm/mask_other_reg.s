# mask_other_reg.s - the mask on one register, the jump through another
	.bundle_align_mode 5
	.text
	.globl	main
	.p2align 5
main:
	.bundle_lock
	andl	$-32, %ecx
	jmp	*%rax
	.bundle_unlock
	hlt
