# A tiny piece of sandboxed code, written by hand, for zvm-validate --raw.
# It obeys every rule of DESIGN.md section 3: 0x67 on memory operands,
# masked indirect branches, the return sequence, calls ending at bundle ends.
	.text
	.bundle_align_mode 5
entry:
	movl	$msg, %eax
	movl	(%eax), %ecx		# 0x67 is emitted for the 32-bit address
	.bundle_lock align_to_end
	call	func			# ends at a bundle end
	.bundle_unlock
	hlt
	.p2align 5
func:
	addl	$1, %ecx
	movl	%ecx, 4(%esp)
	.bundle_lock			# the in-place return (rule 5)
	movl	(%esp), %r11d
	andl	$-32, %r11d
	movq	%r11, (%esp)
	ret
	.bundle_unlock
	.p2align 5, 0xf4
	.fill	32, 1, 0xf4		# code ends with 32 bytes of hlt
msg:
