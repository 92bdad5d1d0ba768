# trampoline_mid.s - a call into trampoline slot 0 past its start
	.bundle_align_mode 5
	.text
	.globl	main
	.p2align 5
main:
	.bundle_lock align_to_end
	call	0x10001
	.bundle_unlock
	hlt
