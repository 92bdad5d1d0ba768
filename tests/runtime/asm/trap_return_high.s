# trap_return_high.s - a forged return address above 4 GiB is masked into
# the sandbox (0xffffffe0, the stack: not executable)
	.bundle_align_mode 5
	.text
	.globl	main
	.p2align 5
main:
	movl	$fork, %edi
	movq	$-1, %rax
	pushq	%rax
	jmp	0x10000
	.section .rodata
	.p2align 3
fork:	.quad	0x6b726f46
