# invalid.s - a nexe whose text does not validate: a syscall in main.
	.bundle_align_mode 5
	.text
	.globl	main
	.p2align 5
main:
	movl	$60, %eax
	syscall
	hlt
