# Jumps through memory (allowed: this file does not use %r11).
	.text
f:
	jmp	*.LJTI0_0(,%eax,4)
	jmpq	*(%rdi)
	jmp	*fp@GOTPCREL(%rip)
	.section	.rodata
.LJTI0_0:
	.long	0
