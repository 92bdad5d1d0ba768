# Comments go, ';' separates statements, labels may share a line.
	.text
f:	movl (%rdi), %eax	# trailing comment with (%rax) in it
	/* a C comment
	   over two lines: movl (%rax), %eax */ addl $1, %eax ; subl $1, %eax
g: h: nop
	.section .rodata
	.ascii "a # not a comment ; nor a separator"
	.byte '#', ';'
