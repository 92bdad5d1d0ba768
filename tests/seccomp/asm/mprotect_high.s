# mprotect_high.s - a raw mprotect(0x140000000, 4096, PROT_READ|PROT_EXEC): above 4 GiB (tests/seccomp: the validator refuses it; the test-only
# runtime runs it, and the filter must stop it with SIGSYS and a report)
	.bundle_align_mode 5
	.text
	.globl	main
	.p2align 5
main:
	movl	$10, %eax
	movabsq	$0x140000000, %rdi
	movl	$4096, %esi
	movl	$5, %edx
	syscall
	hlt
	.section .rodata
msg:	.ascii	"leak!\n"
path:	.asciz	"sc-created"
sh:	.asciz	"/bin/sh"
