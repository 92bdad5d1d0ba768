/* ZeroVM: setjmp for the sandbox (replaces musl's x32 setjmp.s). Written as
 * ordinary assembly: zvm-rewrite adds the 0x67 prefixes and turns `ret` into
 * the masked return. jmp_buf: rbx rbp r12 r13 r14 r15 rsp rip, 8 bytes each.
 * The saved rip is a return address, so it is bundle aligned (calls end at a
 * bundle end) and longjmp's masked jump lands on it unchanged. */
.global __setjmp
.global _setjmp
.global setjmp
.type __setjmp,@function
.type _setjmp,@function
.type setjmp,@function
__setjmp:
_setjmp:
setjmp:
	mov %rbx,(%edi)
	mov %rbp,8(%edi)
	mov %r12,16(%edi)
	mov %r13,24(%edi)
	mov %r14,32(%edi)
	mov %r15,40(%edi)
	lea 8(%rsp),%rdx
	mov %rdx,48(%edi)
	mov (%esp),%rdx
	mov %rdx,56(%edi)
	xor %eax,%eax
	ret
