# Absolute addresses above 2 GiB (the MANIFEST pointer at 0xFEFFFFFC): clang
# x32 emits them as a sign-extended disp32 without 0x67 (it would reach
# 0xfffffffffefffffc); with 0x67 the address is truncated to 32 bits.
	.text
f:
	movl	-16777220, %eax
	movl	%edi, -16777220
	movl	4096, %eax
