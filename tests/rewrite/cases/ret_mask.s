# flags: -mret=mask
# The other return form: mask the return slot in place, then ret.
	.text
f:
	retq
g:
	ret
h:
	rep ret
i:
	repz retq
