# A prefix on its own statement or line joins the next instruction.
	.text
f:
	rep; movsb
	rep
	stosb
	lock
	incl	(%rdi)
	lock; cmpxchgq %rcx, (%rdx)
