# push_null_guard.s - a push into the null guard
	.bundle_align_mode 5
	.text
	.globl	main
	.p2align 5
main:
	movl	$0x10000, %esp
	pushq	%rax
	hlt
