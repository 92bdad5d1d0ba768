	.text
	call	*%eax
