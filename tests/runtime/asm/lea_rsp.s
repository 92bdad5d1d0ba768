# lea_rsp.s - lea into rsp
	.bundle_align_mode 5
	.text
	.globl	main
	.p2align 5
main:
	leaq	0x10(%rsp), %rsp
	hlt
