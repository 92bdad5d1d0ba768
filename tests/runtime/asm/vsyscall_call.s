# vsyscall_call.s - a rel32 call that wraps to the vsyscall page
# (0xffffffffff600000): the target is 0xff600000 - 0x20005 from the first
# instruction of the text.
	.section .text.zvm_start, "ax", @progbits
	.globl	_start
_start:
	.byte	0xe8
	.long	0xff600000 - 0x20005
	hlt
