# write_text.s - a (valid) store into the code: the text is not writable
	.bundle_align_mode 5
	.text
	.globl	main
	.p2align 5
main:
	movb	$0x90, main(%eip)
	hlt
