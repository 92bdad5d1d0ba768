# The default return: mask the return slot in place, then ret.
	.text
f:
	retq
g:
	ret
h:
	rep ret
i:
	repz retq
