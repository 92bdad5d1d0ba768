	.text
	pushw	$1
	popw	%ax
	push	%bx
