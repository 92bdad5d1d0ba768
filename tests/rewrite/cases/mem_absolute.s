# A bare absolute address gets an explicit SIB form with no base and no
# index (%eiz), so the assembler emits 0x67 and never an A0-A3 moffs form.
	.text
f:
	movl	sym, %eax
	movl	%eax, sym+4
	movl	0x1234, %ecx
	movb	(sym+8), %al
	movw	%ax, sym-2
	incl	counter
