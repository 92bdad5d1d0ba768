# exec_heap.s - a masked jump to the heap (never executable)
	.bundle_align_mode 5
	.text
	.globl	main
	.p2align 5
main:
	movl	$0xfefffffc, %ecx
	movl	(%ecx), %ecx
	movl	(%ecx), %eax	# MANIFEST->heap_ptr
	movl	$0xc3c3c3c3, (%eax)
	.bundle_lock
	andl	$-32, %eax
	jmp	*%rax
	.bundle_unlock
	hlt
