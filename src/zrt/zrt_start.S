/*
 * zrt_start.S - the entry of a hosted nexe (installed as <sysroot>/lib/crt1.o).
 * The runtime enters at the ELF entry with rsp just below 4 GiB and nothing
 * on the stack (no argv: ZRT reads it from /dev/nvram). Align the stack and
 * call __zrt_start_c, which never returns. Written as ordinary assembly:
 * zvm-cc passes it through zvm-rewrite like any other input.
 */
	.text
	.globl	_start
	.type	_start, @function
_start:
	xorl	%ebp, %ebp
	andl	$-16, %esp
	call	__zrt_start_c
	hlt
	.size	_start, .-_start
	.section .note.GNU-stack, "", @progbits
