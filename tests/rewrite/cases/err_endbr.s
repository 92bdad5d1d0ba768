	.text
f:
	endbr64
	retq
