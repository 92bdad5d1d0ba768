# int80.s - int $0x80
	.bundle_align_mode 5
	.text
	.globl	main
	.p2align 5
main:
	movl	$1, %eax
	int	$0x80
	hlt
