# Rule 10: the general-purpose integer set, x87, MMX, SSE to SSE4.2 are
# allowed (register forms here; memory forms in mem67.s). Also the aliases that
# are not: test F6/F7 /1 and shl C0/C1/D0-D3 /6.

### case: gp_mov
### expect: ok
	.bundle_align_mode 5
	movl $1, %eax
	movq $-1, %rax
	movabsq $0x123456789, %rbx
	movl %ecx, %edx
	movq %r8, %r15
	movb $1, %al
	movw $1, %ax
	movb %ah, %bl
	movzbl %al, %ecx
	movzwl %ax, %ecx
	movsbq %al, %rcx
	movswl %ax, %ecx
	movslq %eax, %rcx
	.byte 0xc6, 0xc0, 0x01          # movb $1,%al (c6 /0)

### case: gp_arith
### expect: ok
	.bundle_align_mode 5
	addl %eax, %ecx
	adcq $1, %rdx
	subl $1000, %esi
	sbbb %al, %bl
	cmpq %rax, %rbx
	incl %eax
	decq %r9
	negl %ecx
	notq %rdx
	imull %ecx
	imulq %rcx, %rdx
	imull $7, %ecx, %edx
	mull %ecx
	divq %rcx
	idivl %ecx

### case: gp_logic
### expect: ok
	.bundle_align_mode 5
	andl %eax, %ecx
	orq $-1, %rdx
	xorl %eax, %eax
	testl %eax, %eax
	testb $1, %al
	testl $0x100, %ecx
	.byte 0xf6, 0xc0, 0x01          # testb $1,%al (f6 /0)
	.byte 0xf7, 0xc1, 0, 1, 0, 0    # testl $0x100,%ecx (f7 /0)

### case: test_alias_f6_1
### expect: invalid at +0x0
	.byte 0xf6, 0xc8, 0x01          # test $1,%al via /1

### case: test_alias_f7_1
### expect: invalid at +0x0
	.byte 0xf7, 0xc8, 0x01, 0, 0, 0

### case: test_alias_f7_1_mem
### expect: invalid at +0x0
	.byte 0x67, 0xf7, 0x08, 0x01, 0, 0, 0

### case: gp_shift
### expect: ok
	.bundle_align_mode 5
	shll $2, %eax
	shrq $63, %rdx
	sarl %cl, %ecx
	shlq %rax
	rolb $1, %al
	rorw %cl, %ax
	rcll $1, %ecx
	rcrq $3, %rdx
	shldl $4, %eax, %ecx
	shrdq %cl, %rax, %rdx
	.p2align 5, 0xf4
	.byte 0xc1, 0xe0, 0x02          # shl $2,%eax (/4)
	.byte 0xd1, 0xe0                # shl %eax (/4)
	.byte 0xd3, 0xe0                # shl %cl,%eax (/4)

### case: shl_alias_c1_6
### expect: invalid at +0x0
	.byte 0xc1, 0xf0, 0x02          # sal $2,%eax via /6

### case: shl_alias_c0_6
### expect: invalid at +0x0
	.byte 0xc0, 0xf0, 0x02

### case: shl_alias_d0_6
### expect: invalid at +0x0
	.byte 0xd0, 0xf0

### case: shl_alias_d1_6
### expect: invalid at +0x0
	.byte 0xd1, 0xf0

### case: shl_alias_d2_6
### expect: invalid at +0x0
	.byte 0xd2, 0xf0

### case: shl_alias_d3_6
### expect: invalid at +0x0
	.byte 0xd3, 0xf0

### case: shl_alias_after_valid
### expect: invalid at +0x3
	.byte 0xc1, 0xe0, 0x02
	.byte 0x48, 0xd3, 0xf0

### case: gp_bits
### expect: ok
	.bundle_align_mode 5
	bsfl %eax, %ecx
	bsrq %rax, %rcx
	bswapl %eax
	bswapq %r10
	btl $3, %eax
	btsq $40, %rcx
	popcntl %eax, %ecx
	crc32q %rax, %rcx
	crc32b %al, %ecx

### case: gp_cmov_setcc
### expect: ok
	.bundle_align_mode 5
	cmovel %eax, %ecx
	cmovneq %rax, %rcx
	cmovaw %ax, %cx
	sete %al
	setg %r9b
	setb %ah

### case: gp_xchg_xadd_cmpxchg
### expect: ok
	.bundle_align_mode 5
	xchgl %eax, %ecx
	xchgq %rax, %r9
	xaddl %eax, %ecx
	cmpxchgl %ecx, %edx
	cmpxchgq %rcx, %rdx

### case: gp_convert
### expect: ok
	.bundle_align_mode 5
	cltq
	cqto
	cltd
	cwtl
	cbtw

### case: gp_stack
### expect: ok
	.bundle_align_mode 5
	pushq %rax
	pushq %r12
	pushq $0x12345
	pushq $1
	popq %rbx
	popq %r13
	.byte 0x8f, 0xc0                # popq %rax (8f /0)

### case: gp_lea
### expect: ok
	.bundle_align_mode 5
	leal (%rax,%rcx,2), %edx
	leaq 0x10(%rbx), %rsi
	leaq (,%rdi,8), %r8

### case: clc_stc_cmc
### expect: ok
	.bundle_align_mode 5
	clc
	stc
	cmc

### case: cld_std
### expect: ok
	.bundle_align_mode 5
# DF is guest state: the runtime clears it on every entry (DESIGN.md 3).
	cld
	std

### case: lahf_sahf
### expect: ok
	.bundle_align_mode 5
	lahf
	sahf

### case: gp_nops
### expect: ok
	nop
	.byte 0x66, 0x90
	.byte 0x0f, 0x1f, 0x00
	.byte 0x0f, 0x1f, 0x40, 0x00
	.byte 0x0f, 0x1f, 0x44, 0x00, 0x00
	.byte 0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00
	.byte 0x0f, 0x1f, 0x80, 0, 0, 0, 0
	.p2align 5, 0xf4
	.byte 0x0f, 0x1f, 0x84, 0x00, 0, 0, 0, 0
	.byte 0x66, 0x0f, 0x1f, 0x84, 0x00, 0, 0, 0, 0

### case: long_nop_reg_1
### expect: invalid at +0x0
# 0f 1f /1 is a reserved hint nop, not the long nop (/0).
	.byte 0x0f, 0x1f, 0x48, 0x00

### case: fences
### expect: ok
	.bundle_align_mode 5
	lfence
	mfence
	sfence

### case: x87_reg
### expect: ok
	.bundle_align_mode 5
	fld1
	fldz
	fldpi
	fadd %st(1), %st
	fmulp %st, %st(1)
	fsubrp %st, %st(2)
	fdivp %st, %st(1)
	fsqrt
	fabs
	fchs
	fxch %st(1)
	fstp %st(0)
	fucomip %st(1), %st
	fcomi %st(2), %st
	fcmovb %st(1), %st
	frndint
	fsin
	fcos
	fptan
	fpatan
	fyl2x
	f2xm1
	fscale
	fprem
	fnstsw %ax
	fninit
	fnclex
	fwait
	ffree %st(3)
	fldl2e
	ftst
	fxam

### case: x87_mem
### expect: ok
	.bundle_align_mode 5
	flds (%eax)
	fldt 8(%esp)
	fstpt (%eax)
	fistps (%ecx)
	fisttpl (%eax)
	fiaddl (%eax)
	fnstsw (%eax)

### case: x87_env
### expect: ok
	.bundle_align_mode 5
	fnstenv (%eax)
	fldenv (%eax)
	fnsave (%eax)
	frstor (%eax)

### case: mmx
### expect: ok
	.bundle_align_mode 5
	paddb %mm1, %mm0
	psubw %mm2, %mm3
	pmullw %mm1, %mm0
	pand %mm1, %mm0
	pxor %mm0, %mm0
	psllq $3, %mm1
	psrlw %mm2, %mm1
	movd %eax, %mm0
	movd %mm0, %eax
	movq %mm1, %mm2
	punpcklbw %mm1, %mm0
	packuswb %mm1, %mm0
	pcmpeqb %mm1, %mm0
	pmaddwd %mm1, %mm0
	emms

### case: mmx_sse_ext
### expect: ok
	.bundle_align_mode 5
	pshufw $0x1b, %mm1, %mm0
	pavgb %mm1, %mm0
	pmaxub %mm1, %mm0
	pminsw %mm1, %mm0
	pmovmskb %mm1, %eax
	pextrw $1, %mm1, %eax
	pinsrw $2, %eax, %mm1
	pmulhuw %mm1, %mm0
	psadbw %mm1, %mm0

### case: sse
### expect: ok
	.bundle_align_mode 5
	addps %xmm1, %xmm0
	mulss %xmm2, %xmm3
	subps %xmm1, %xmm0
	divss %xmm1, %xmm0
	sqrtps %xmm1, %xmm0
	rsqrtss %xmm1, %xmm0
	rcpps %xmm1, %xmm0
	maxps %xmm1, %xmm0
	minss %xmm1, %xmm0
	andps %xmm1, %xmm0
	xorps %xmm0, %xmm0
	cmpltps %xmm1, %xmm0
	shufps $0x1b, %xmm1, %xmm0
	unpcklps %xmm1, %xmm0
	movaps %xmm1, %xmm0
	movups %xmm1, %xmm0
	movss %xmm1, %xmm0
	movhlps %xmm1, %xmm0
	movlhps %xmm1, %xmm0
	movmskps %xmm1, %eax
	ucomiss %xmm1, %xmm0
	comiss %xmm1, %xmm0
	cvtsi2ssl %eax, %xmm0
	cvttss2si %xmm0, %eax
	cvtss2si %xmm0, %rax
	cvtpi2ps %mm0, %xmm1
	cvttps2pi %xmm1, %mm0

### case: sse2
### expect: ok
	.bundle_align_mode 5
	addpd %xmm1, %xmm0
	mulsd %xmm1, %xmm0
	sqrtsd %xmm1, %xmm0
	cvtsi2sdq %rax, %xmm0
	cvttsd2si %xmm0, %eax
	cvtsd2ss %xmm1, %xmm0
	cvtps2pd %xmm1, %xmm0
	cvtdq2ps %xmm1, %xmm0
	cvttps2dq %xmm1, %xmm0
	movd %eax, %xmm0
	movq %rax, %xmm0
	movq %xmm0, %rax
	movq %xmm1, %xmm0
	movdqa %xmm1, %xmm0
	movdqu %xmm1, %xmm0
	movapd %xmm1, %xmm0
	paddq %xmm1, %xmm0
	psubd %xmm1, %xmm0
	pmuludq %xmm1, %xmm0
	pshufd $0x1b, %xmm1, %xmm0
	pshuflw $0x1b, %xmm1, %xmm0
	pshufhw $0x1b, %xmm1, %xmm0
	punpcklqdq %xmm1, %xmm0
	pslldq $4, %xmm0
	psrldq $4, %xmm0
	psllq $1, %xmm0
	pxor %xmm0, %xmm0
	pcmpeqd %xmm1, %xmm0
	pmovmskb %xmm1, %eax
	ucomisd %xmm1, %xmm0
	comisd %xmm1, %xmm0
	unpcklpd %xmm1, %xmm0
	shufpd $1, %xmm1, %xmm0
	andnpd %xmm1, %xmm0
	movmskpd %xmm1, %eax
	pextrw $3, %xmm1, %eax
	pinsrw $3, %eax, %xmm1

### case: movdq2q_movq2dq
### expect: ok
	movdq2q %xmm1, %mm0             # f2 0f d6 (SSE2)
	movq2dq %mm0, %xmm1             # f3 0f d6 (SSE2)

### case: sse3_ssse3
### expect: ok
	.bundle_align_mode 5
	haddps %xmm1, %xmm0
	hsubpd %xmm1, %xmm0
	addsubps %xmm1, %xmm0
	movddup %xmm1, %xmm0
	movshdup %xmm1, %xmm0
	movsldup %xmm1, %xmm0
	lddqu (%eax), %xmm0
	pshufb %xmm1, %xmm0
	palignr $4, %xmm1, %xmm0
	phaddd %xmm1, %xmm0
	pmaddubsw %xmm1, %xmm0
	pmulhrsw %xmm1, %xmm0
	psignb %xmm1, %xmm0
	pabsd %xmm1, %xmm0
	pshufb %mm1, %mm0
	palignr $2, %mm1, %mm0

### case: sse41
### expect: ok
	.bundle_align_mode 5
	pblendw $0x0f, %xmm1, %xmm0
	blendps $1, %xmm1, %xmm0
	blendvpd %xmm0, %xmm1, %xmm2
	pblendvb %xmm0, %xmm1, %xmm2
	ptest %xmm1, %xmm0
	roundsd $4, %xmm1, %xmm0
	roundps $1, %xmm1, %xmm0
	pmulld %xmm1, %xmm0
	pminsd %xmm1, %xmm0
	pmaxuw %xmm1, %xmm0
	pmovzxbw %xmm1, %xmm0
	pmovsxdq %xmm1, %xmm0
	pextrd $1, %xmm1, %eax
	pextrq $1, %xmm1, %rax
	pextrb $1, %xmm1, %eax
	pinsrq $1, %rax, %xmm0
	pinsrb $1, %eax, %xmm0
	insertps $0x10, %xmm1, %xmm0
	extractps $1, %xmm1, %eax
	dpps $0xff, %xmm1, %xmm0
	mpsadbw $0, %xmm1, %xmm0
	phminposuw %xmm1, %xmm0
	packusdw %xmm1, %xmm0
	pcmpeqq %xmm1, %xmm0

### case: movntdqa_load
### expect: ok
	.bundle_align_mode 5
# A non-temporal load (SSE4.1), not a store.
	movntdqa (%eax), %xmm0

### case: sse42
### expect: ok
	.bundle_align_mode 5
	pcmpgtq %xmm1, %xmm0
	pcmpistri $0x0c, %xmm1, %xmm0
	pcmpistrm $0x0c, %xmm1, %xmm0
	pcmpestri $0x0c, %xmm1, %xmm0
	pcmpestrm $0x0c, (%eax), %xmm0
	crc32w %ax, %ecx
	popcntq %rax, %rcx

### case: mxcsr_fcw
### expect: ok
	.bundle_align_mode 5
	ldmxcsr (%esp)
	stmxcsr 4(%esp)
	fnstcw (%eax)
	fldcw (%eax)

### case: prefetch
### expect: ok
	.bundle_align_mode 5
	prefetcht0 (%eax)
	prefetcht1 (%eax)
	prefetcht2 (%eax)
	prefetchnta (%eax)

### case: prefetch_no67
### expect: invalid at +0x0 reason 0x67
	prefetcht0 (%rax)

### case: hlt_ud2
### expect: ok
	.bundle_align_mode 5
	hlt
	ud2

### case: mixed_program
### expect: ok
# A small function as a compiler would emit it for the sandbox.
	.bundle_align_mode 5
.Lfn:
	pushq %rbp
	movl %esp, %ebp
	pushq %rbx
	subl $24, %esp
	movl 8(%ebp), %eax
	testl %eax, %eax
	je .Lzero
	leal -1(%rax), %edi
	.bundle_lock align_to_end
	call .Lfn
	.bundle_unlock
	imull 8(%ebp), %eax
	jmp .Lout
.Lzero:
	movl $1, %eax
.Lout:
	addl $24, %esp
	popq %rbx
	popq %rbp
	.bundle_lock
	movl (%esp), %r11d
	andl $-32, %r11d
	movq %r11, (%esp)
	ret
	.bundle_unlock
	.p2align 5
	popq %r11
	.bundle_lock
	andl $-32, %r11d
	jmp *%r11
	.bundle_unlock
	.p2align 5
	movl .Ltable(,%eax,4), %ecx
	.bundle_lock
	andl $-32, %ecx
	jmp *%rcx
	.bundle_unlock
.Ltable:
	hlt
