# mov_rsp.s - a 64-bit write to rsp
	.bundle_align_mode 5
	.text
	.globl	main
	.p2align 5
main:
	movabsq	$0x100000000, %rax
	movq	%rax, %rsp
	pushq	%rax
	hlt
