# vsyscall_jmp.s - a rel32 jmp that wraps to the vsyscall page
	.section .text.zvm_start, "ax", @progbits
	.globl	_start
_start:
	.byte	0xe9
	.long	0xff600000 - 0x20005
	hlt
