# flags: -mret=pop
# The default return form (named here): popq %r11 and a masked jump.
	.text
f:
	retq
g:
	ret	$16
