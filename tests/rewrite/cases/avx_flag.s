# flags: -mavx
# no-validate: the validator does not accept VEX yet (AVX waits behind a flag)
# With -mavx, VEX instructions pass (memory operands rewritten).
	.text
f:
	vmovaps	(%rdi), %ymm0
	vaddps	32(%rsi,%rax,4), %ymm0, %ymm1
	vzeroupper
