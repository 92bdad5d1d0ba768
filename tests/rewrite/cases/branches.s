# Conditional branches and loops are left as they are.
	.text
f:
	je	.L1
	jne	.L1
	jrcxz	.L1
	loop	.L1
	loopne	.L1
.L1:
	ja	f
	js	ext@PLT
