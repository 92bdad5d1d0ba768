# write_trampoline.s - a store into the trampolines
	.bundle_align_mode 5
	.text
	.globl	main
	.p2align 5
main:
	movl	$0x10000, %eax
	movl	$0xf4f4f4f4, (%eax)
	hlt
