# mid_insn.s - a jump into the middle of an instruction
	.bundle_align_mode 5
	.text
	.globl	main
	.p2align 5
main:
	jmp	1f+1
1:	movl	$0x050f9090, %eax
	hlt
