# Prefetches are memory operands too.
	.text
f:
	prefetcht0	(%rdi)
	prefetchnta	64(%rsi,%rax)
	prefetchw	(%rcx)
