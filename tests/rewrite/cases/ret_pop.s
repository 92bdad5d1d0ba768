# flags: -mret=pop
# The other return form: popq %r11 and a masked jump.
	.text
f:
	retq
g:
	ret	$16
