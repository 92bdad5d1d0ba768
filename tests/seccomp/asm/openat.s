# openat.s - a raw openat(AT_FDCWD, "sc-created", O_WRONLY|O_CREAT, 0600): nothing may be created (tests/seccomp: the validator refuses it; the test-only
# runtime runs it, and the filter must stop it with SIGSYS and a report)
	.bundle_align_mode 5
	.text
	.globl	main
	.p2align 5
main:
	movl	$257, %eax
	movl	$-100, %edi
	movl	$path, %esi
	movl	$0101, %edx
	movl	$0600, %r10d
	syscall
	hlt
	.section .rodata
msg:	.ascii	"leak!\n"
path:	.asciz	"sc-created"
sh:	.asciz	"/bin/sh"
