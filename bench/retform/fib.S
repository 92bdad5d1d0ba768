/*
 * fib.S - recursive Fibonacci whose every return is RETSEQ (a -D of the
 * build): the sandbox's return forms measured natively, with no other
 * difference. Calls end at bundle ends, as zvm-cc lays them out, so masked
 * return addresses stay right. fibw is the entry, an aligned call to fib.
 */
	.text
	.p2align 5
fib:
	cmpl $2, %edi
	jb 1f
	pushq %rbx
	pushq %rbp
	movl %edi, %ebx
	leal -1(%rdi), %edi
	.p2align 5
	.skip 27, 0x90
	call fib
	movl %eax, %ebp
	leal -2(%rbx), %edi
	.p2align 5
	.skip 27, 0x90
	call fib
	addl %ebp, %eax
	popq %rbp
	popq %rbx
	RETSEQ
1:	movl %edi, %eax
	RETSEQ

	.globl fibw
	.p2align 5
fibw:
	pushq %rbx
	.p2align 5
	.skip 27, 0x90
	call fib
	popq %rbx
	ret
	.section .note.GNU-stack, "", @progbits
