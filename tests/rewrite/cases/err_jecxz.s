	.text
1:	jecxz	1b
