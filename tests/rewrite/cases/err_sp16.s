	.text
	movw	%ax, %sp
	movb	$1, %spl
