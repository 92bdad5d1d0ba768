# ret $N always uses the pop form.
	.text
f:
	ret	$8
g:
	retq	$0x10
