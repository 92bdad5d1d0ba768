# Direct calls end at a bundle end; direct jumps are left alone.
	.text
f:
	callq	g
	call	ext@PLT
	call	1f
1:	jmp	g
	jmp	.LBB0_1
.LBB0_1:
	jmp	ext@PLT
