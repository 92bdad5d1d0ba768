# getpid.s - a raw getpid (tests/seccomp: the validator refuses it; the test-only
# runtime runs it, and the filter must stop it with SIGSYS and a report)
	.bundle_align_mode 5
	.text
	.globl	main
	.p2align 5
main:
	movl	$39, %eax
	syscall
	hlt
	.section .rodata
msg:	.ascii	"leak!\n"
path:	.asciz	"sc-created"
sh:	.asciz	"/bin/sh"
