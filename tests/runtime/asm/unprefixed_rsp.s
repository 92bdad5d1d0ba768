# unprefixed_rsp.s - an rsp-relative load without the 0x67 prefix
	.bundle_align_mode 5
	.text
	.globl	main
	.p2align 5
main:
	movq	8(%rsp), %rax
	hlt
