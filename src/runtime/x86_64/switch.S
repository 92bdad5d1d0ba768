/*
 * switch.S - crossing between the guest and the trusted runtime.
 *
 * zvm_enter: save the host's callee-saved registers and stack, clear every
 * register, load default MXCSR and x87 state, switch to the guest stack and
 * jump to the entry point.
 *
 * zvm_trap_gate: the guest called (or jumped to) trampoline slot 0, which
 * jumped here with the argument pointer in edi. Switch to the trusted stack,
 * keep the guest's callee-saved registers and FP control words, clear DF, AC
 * and TF, load default MXCSR/FCW, call zvm_trap(edi). On the way back restore
 * what the guest owns, zero every other register but eax (the result), and
 * return through a masked jump, so control stays on a bundle start below 4 GiB
 * even if the guest forged its stack.
 */
	.text

	.globl	zvm_enter
	.type	zvm_enter, @function
zvm_enter:
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	subq	$8, %rsp		/* rsp % 16 == 0 at the gate's call */
	movq	%rsp, zvm_ctx+0(%rip)
	fninit
	ldmxcsr	mxcsr_default(%rip)
	call	zero_vectors		/* on the host stack: no trusted return */
	movl	%edi, %r11d		/* address is ever left on the guest's */
	movl	%esi, %esi
	movq	%rsi, %rsp
	xorl	%eax, %eax
	xorl	%ebx, %ebx
	xorl	%ecx, %ecx
	xorl	%edx, %edx
	xorl	%esi, %esi
	xorl	%edi, %edi
	xorl	%ebp, %ebp
	xorl	%r8d, %r8d
	xorl	%r9d, %r9d
	xorl	%r10d, %r10d
	xorl	%r12d, %r12d
	xorl	%r13d, %r13d
	xorl	%r14d, %r14d
	xorl	%r15d, %r15d
	cld
	jmp	*%r11
	.size	zvm_enter, .-zvm_enter

/* Zeroes xmm0-15 (and the upper halves when AVX is on); host stack only. */
	.type	zero_vectors, @function
zero_vectors:
	cmpb	$0, zvm_ctx+70(%rip)
	je	1f
	vzeroall
	ret
1:	pxor	%xmm0, %xmm0
	pxor	%xmm1, %xmm1
	pxor	%xmm2, %xmm2
	pxor	%xmm3, %xmm3
	pxor	%xmm4, %xmm4
	pxor	%xmm5, %xmm5
	pxor	%xmm6, %xmm6
	pxor	%xmm7, %xmm7
	pxor	%xmm8, %xmm8
	pxor	%xmm9, %xmm9
	pxor	%xmm10, %xmm10
	pxor	%xmm11, %xmm11
	pxor	%xmm12, %xmm12
	pxor	%xmm13, %xmm13
	pxor	%xmm14, %xmm14
	pxor	%xmm15, %xmm15
	ret
	.size	zero_vectors, .-zero_vectors

	.globl	zvm_trap_gate
	.type	zvm_trap_gate, @function
	.p2align 5
zvm_trap_gate:
	movq	%rsp, zvm_ctx+8(%rip)
	movq	zvm_ctx+0(%rip), %rsp
	movq	%rbx, zvm_ctx+16(%rip)
	movq	%rbp, zvm_ctx+24(%rip)
	movq	%r12, zvm_ctx+32(%rip)
	movq	%r13, zvm_ctx+40(%rip)
	movq	%r14, zvm_ctx+48(%rip)
	movq	%r15, zvm_ctx+56(%rip)
	stmxcsr	zvm_ctx+64(%rip)
	fnstcw	zvm_ctx+68(%rip)
	cld
	pushfq
	andq	$~0x40100, (%rsp)	/* AC (bit 18) and TF (bit 8) */
	popfq
	fninit
	ldmxcsr	mxcsr_default(%rip)
	movl	%edi, %edi
	call	zvm_trap
	fninit
	fldcw	zvm_ctx+68(%rip)
	ldmxcsr	zvm_ctx+64(%rip)
	call	zero_vectors
	movq	zvm_ctx+16(%rip), %rbx
	movq	zvm_ctx+24(%rip), %rbp
	movq	zvm_ctx+32(%rip), %r12
	movq	zvm_ctx+40(%rip), %r13
	movq	zvm_ctx+48(%rip), %r14
	movq	zvm_ctx+56(%rip), %r15
	xorl	%ecx, %ecx
	xorl	%edx, %edx
	xorl	%esi, %esi
	xorl	%edi, %edi
	xorl	%r8d, %r8d
	xorl	%r9d, %r9d
	xorl	%r10d, %r10d
	movl	%eax, %eax
	movq	zvm_ctx+8(%rip), %rsp
	popq	%r11
	andl	$-32, %r11d
	jmp	*%r11
	.size	zvm_trap_gate, .-zvm_trap_gate

	.section .rodata
	.p2align 2
mxcsr_default:
	.long	0x1f80

	.section .note.GNU-stack,"",@progbits
