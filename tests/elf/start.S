/*
 * start.S - the smallest nexe: _start halts. Some rodata, data and bss so
 * that all three segments of nexe.ld exist.
 */
	.section .text.start, "ax", @progbits
	.globl	_start
	.p2align 5
_start:
	hlt

	.section .rodata, "a", @progbits
	.p2align 2
ro_word:
	.long	0x12345678

	.data
	.p2align 2
data_word:
	.long	1

	.bss
	.p2align 5
bss_block:
	.zero	4096

	.section .note.GNU-stack, "", @progbits
