# memory_indirect.s - a memory-indirect jump
	.bundle_align_mode 5
	.text
	.globl	main
	.p2align 5
main:
	jmp	*(%eax)
	hlt
