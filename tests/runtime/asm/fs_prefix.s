# fs_prefix.s - an fs segment override
	.bundle_align_mode 5
	.text
	.globl	main
	.p2align 5
main:
	movl	%fs:(%eax), %eax
	hlt
