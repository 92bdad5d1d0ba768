# int80.s - int $0x80: the i386 write(1, "leak!\n", 6) (tests/seccomp: the validator refuses it; the test-only
# runtime runs it, and the filter must stop it with SIGSYS and a report)
	.bundle_align_mode 5
	.text
	.globl	main
	.p2align 5
main:
	movl	$4, %eax
	movl	$1, %ebx
	movl	$msg, %ecx
	movl	$6, %edx
	int	$0x80
	hlt
	.section .rodata
msg:	.ascii	"leak!\n"
path:	.asciz	"sc-created"
sh:	.asciz	"/bin/sh"
