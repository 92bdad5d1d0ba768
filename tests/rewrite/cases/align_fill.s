# Alignment padding in code must be nops: fill values are dropped there.
	.text
	.p2align	4, 0x90
	nop
	.p2align	4,0xcc,10
	nop
	.balign	8, 0xf4
	nop
	.align	16
	.data
	.p2align	4, 0xff
	.long	1
