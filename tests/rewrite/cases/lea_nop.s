# lea computes no access: its address stays 64-bit (64-bit arithmetic is done
# with lea). Long nops stay as they are.
	.text
f:
	leaq	(%rdi,%rsi), %rax
	leaq	-1(%rax), %rax
	leal	-112(%rsp), %eax
	leaq	sym(%rip), %rax
	leal	.L.str, %eax
	nopw	%cs:0(%rax,%rax)
	nopl	0(%rax)
	nop
	.section	.rodata
.L.str:
	.asciz	"x"
