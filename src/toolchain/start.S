/*
 * start.S - the entry of a freestanding nexe: align the stack, call
 * main(0, 0), pass its result to zvm_exit. Hand-written to the sandbox
 * rules: calls end at a bundle end, memory operands are 32-bit addressed.
 */
	.section .text.zvm_start, "ax", @progbits
	.bundle_align_mode 5
	.globl	_start
	.type	_start, @function
	.p2align 5
_start:
	xorl	%ebp, %ebp
	andl	$-16, %esp
	xorl	%edi, %edi
	xorl	%esi, %esi
	.bundle_lock align_to_end
	call	main
	.bundle_unlock
	/* zvm_exit(eax): the trap takes {TrapExit, 0, code} */
	subl	$32, %esp
	movl	$0x74697845, (%esp)
	movl	$0, 4(%esp)
	movq	$0, 8(%esp)
	movslq	%eax, %rax
	movq	%rax, 16(%esp)
	movl	%esp, %edi
	.bundle_lock align_to_end
	call	0x10000
	.bundle_unlock
	hlt
	.size	_start, .-_start
	.section .note.GNU-stack, "", @progbits
