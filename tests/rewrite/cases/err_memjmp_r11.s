	.text
f:
	movq	%rax, %r11
	jmp	*(%rax)
