# trap_bad_stack.s - enter the trap with rsp in the (read-only) text
	.bundle_align_mode 5
	.text
	.globl	main
	.p2align 5
main:
	movl	$fork, %edi
	movl	$0x20000, %esp
	jmp	0x10000
	.section .rodata
	.p2align 3
fork:	.quad	0x6b726f46
