# Calls through memory load the 4-byte x32 pointer into %r11d first.
	.text
f:
	call	*8(%rdi)
	callq	*fp(%rip)
	call	*table(,%rax,4)
	call	*(%rsp)
	call	*sym
