# trampoline_slot1.s - a call to trampoline slot 1 (hlt)
	.bundle_align_mode 5
	.text
	.globl	main
	.p2align 5
main:
	.bundle_lock align_to_end
	call	0x10020
	.bundle_unlock
	hlt
