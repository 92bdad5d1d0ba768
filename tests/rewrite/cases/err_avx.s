	.text
	vmovaps	%ymm0, (%rdi)
