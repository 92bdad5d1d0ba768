# plain.s - a valid program (main returns 7), for the ELF-level cases
	.bundle_align_mode 5
	.text
	.globl	main
	.p2align 5
main:
	movl	$7, %eax
	.bundle_lock
	movl	(%esp), %r11d
	andl	$-32, %r11d
	movq	%r11, (%esp)
	ret
	.bundle_unlock
	.data
	.globl	d
d:	.long 1
	.section .rodata
r:	.long 2
