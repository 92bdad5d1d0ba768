# exec_rodata.s - a masked jump into read-only data
	.bundle_align_mode 5
	.text
	.globl	main
	.p2align 5
main:
	movl	$buf, %eax
	.bundle_lock
	andl	$-32, %eax
	jmp	*%rax
	.bundle_unlock
	hlt
	.section .rodata
	.p2align 5
buf:	.fill 64, 1, 0x90
