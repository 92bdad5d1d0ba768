# Register-indirect jumps are masked in one bundle.
	.text
f:
	jmpq	*%rcx
	jmp	*%rax
	jmpq	*%r11
	jmp	*%r8
