# flags: -mret=inplace
# The default return form (named here): load the slot, mask, store it whole (one
# 8-byte store), ret.
	.text
f:
	retq
g:
	ret
h:
	rep ret
i:
	repz retq
