# socket.s - a raw socket(AF_INET, SOCK_STREAM, 0) in a session without TCP channels (tests/seccomp: the validator refuses it; the test-only
# runtime runs it, and the filter must stop it with SIGSYS and a report)
	.bundle_align_mode 5
	.text
	.globl	main
	.p2align 5
main:
	movl	$41, %eax
	movl	$2, %edi
	movl	$1, %esi
	xorl	%edx, %edx
	syscall
	hlt
	.section .rodata
msg:	.ascii	"leak!\n"
path:	.asciz	"sc-created"
sh:	.asciz	"/bin/sh"
