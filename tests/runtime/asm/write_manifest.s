# write_manifest.s - a store into the read-only user manifest
	.bundle_align_mode 5
	.text
	.globl	main
	.p2align 5
main:
	movl	$0xfefffffc, %ecx
	movl	$0, (%ecx)
	hlt
