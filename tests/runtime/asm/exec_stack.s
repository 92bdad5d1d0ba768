# exec_stack.s - a masked jump to the stack
	.bundle_align_mode 5
	.text
	.globl	main
	.p2align 5
main:
	movl	%esp, %eax
	.bundle_lock
	andl	$-32, %eax
	jmp	*%rax
	.bundle_unlock
	hlt
