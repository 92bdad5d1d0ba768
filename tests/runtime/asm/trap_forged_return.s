# trap_forged_return.s - the trap returns through a forged return address:
# the gate masks it to a bundle start below 4 GiB (0x41414140, unmapped)
	.bundle_align_mode 5
	.text
	.globl	main
	.p2align 5
main:
	movl	$fork, %edi
	movabsq	$0x4141414141414141, %rax
	pushq	%rax
	jmp	0x10000
	.section .rodata
	.p2align 3
fork:	.quad	0x6b726f46
