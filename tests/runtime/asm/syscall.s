# syscall.s - a system call
	.bundle_align_mode 5
	.text
	.globl	main
	.p2align 5
main:
	movl	$60, %eax
	syscall
	hlt
