# xlat reads (%ebx,%al): it needs 0x67 too.
	.text
f:
	xlat
	xlatb
	xlatb	(%rbx)
