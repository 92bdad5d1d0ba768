# pop_guard.s - rsp walks past 4 GiB by pops: the guard stops the read
	.bundle_align_mode 5
	.text
	.globl	main
	.p2align 5
main:
	movl	$0xfffffff8, %esp
	popq	%rax
	popq	%rax
	hlt
