/* ZeroVM: longjmp for the sandbox (replaces musl's x32 longjmp.s). The stack
 * pointer is restored through %esp (a 32-bit write, which the validator
 * allows), and the jump goes through a register, which zvm-rewrite masks to
 * a bundle start: a forged jmp_buf can only reach a bundle start inside the
 * validated code and can only put the stack inside the sandbox. */
.global _longjmp
.global longjmp
.type _longjmp,@function
.type longjmp,@function
_longjmp:
longjmp:
	xor %eax,%eax
	cmp $1,%esi
	adc %esi,%eax
	mov (%edi),%rbx
	mov 8(%edi),%rbp
	mov 16(%edi),%r12
	mov 24(%edi),%r13
	mov 32(%edi),%r14
	mov 40(%edi),%r15
	mov 56(%edi),%rdx
	mov 48(%edi),%esp
	jmp *%rdx
