# Rule 3: rsp changes only through push, pop, call, the return sequence or a
# 32-bit write to %esp. Every other write to rsp/sp/spl is rejected, wherever
# the destination is encoded. Reads of rsp are fine.

# ---- allowed: 32-bit writes to esp ----

### case: movl_eax_esp_89
### expect: ok
	movl %eax, %esp                 # 89 c4

### case: movl_eax_esp_8b
### expect: ok
	.byte 0x8b, 0xe0                # movl %eax,%esp (8b /r)

### case: addl_esp
### expect: ok
	addl $8, %esp
	subl $4096, %esp
	addl %eax, %esp

### case: andl_esp
### expect: ok
	andl $-16, %esp

### case: leal_esp
### expect: ok
	leal 8(%rsp), %esp
	leal -64(%rbp), %esp

### case: xchgl_eax_esp
### expect: ok
	xchgl %eax, %esp                # 94
	.byte 0x87, 0xdc                # xchgl %ebx,%esp
	.byte 0x87, 0xe3                # xchgl %esp,%ebx

### case: movl_imm_esp
### expect: ok
	movl $0x100000, %esp            # bc imm32
	.byte 0xc7, 0xc4, 0, 0, 0x10, 0 # movl $0x100000,%esp (c7 /0)

### case: movl_mem_esp
### expect: ok
	movl 4(%esp), %esp
	movl (%eax), %esp

### case: incl_decl_esp
### expect: ok
	incl %esp
	decl %esp
	negl %esp
	notl %esp
	shll $1, %esp
	orl $0, %esp
	xorl %eax, %esp

### case: xaddl_cmpxchgl_esp
### expect: ok
	xaddl %eax, %esp
	cmpxchgl %eax, %esp

### case: cmovl_esp
### expect: ok
	cmovel %eax, %esp

### case: rex_no_w_esp
### expect: ok
	.byte 0x40, 0x89, 0xc4          # rex movl %eax,%esp
	.byte 0x44, 0x89, 0xc4          # movl %r8d,%esp

### case: cvt_to_esp
### expect: ok
	cvtsd2si %xmm0, %esp
	cvttss2si %xmm1, %esp
	movd %xmm0, %esp

### case: push_pop
### expect: ok
	pushq %rax
	popq %rax
	pushq $1
	pushq %rsp
	popq %r12
	pushq %r15
	pushq 8(%esp)
	popq (%eax)

### case: reads_of_rsp
### expect: ok
	movq %rsp, %rax
	movl %esp, %eax
	movw %sp, %ax
	cmpq $0, %rsp
	testq %rsp, %rsp
	leaq 8(%rsp), %rax
	movq %rsp, %xmm0
	addq %rsp, %rax
	movzbl %spl, %eax

# ---- r12 is not rsp (REX.B) ----

### case: r12_writes
### expect: ok
	movq %rax, %r12
	addq $8, %r12
	leaq 8(%rsp), %r12
	popq %r12
	xchgq %rax, %r12
	movabsq $0x1122334455667788, %r12

# ---- rejected: 64-bit writes ----

### case: movq_rax_rsp_89
### expect: invalid at +0x0 reason rsp
	movq %rax, %rsp                 # 48 89 c4 (rm)

### case: movq_rax_rsp_8b
### expect: invalid at +0x0 reason rsp
	.byte 0x48, 0x8b, 0xe0          # movq %rax,%rsp (reg)

### case: movq_r8_rsp
### expect: invalid at +0x0 reason rsp
	movq %r8, %rsp                  # 4c 89 c4

### case: movq_after_valid
### expect: invalid at +0x2 reason rsp
	movl %eax, %esp
	movq %rax, %rsp

### case: addq_rsp
### expect: invalid at +0x0 reason rsp
	addq $8, %rsp

### case: subq_rsp
### expect: invalid at +0x0 reason rsp
	subq $4096, %rsp

### case: andq_rsp
### expect: invalid at +0x0 reason rsp
	andq $-16, %rsp

### case: addq_reg_rsp
### expect: invalid at +0x0 reason rsp
	addq %rax, %rsp

### case: addq_mem_rsp
### expect: invalid at +0x0 reason rsp
	addq (%eax), %rsp

### case: movabs_rsp
### expect: invalid at +0x0 reason rsp
	movabsq $0x1000, %rsp           # 48 bc imm64

### case: movq_imm_rsp
### expect: invalid at +0x0 reason rsp
	.byte 0x48, 0xc7, 0xc4, 0, 0x10, 0, 0   # movq $0x1000,%rsp

### case: movq_mem_rsp
### expect: invalid at +0x0 reason rsp
	movq (%esp), %rsp

### case: pop_rsp
### expect: invalid at +0x0 reason rsp
	popq %rsp

### case: pop_rsp_8f
### expect: invalid at +0x0 reason rsp
	.byte 0x8f, 0xc4                # popq %rsp (8f /0)

### case: leaq_rsp
### expect: invalid at +0x0 reason rsp
	leaq 8(%rsp), %rsp

### case: leaq_rax_rsp
### expect: invalid at +0x0 reason rsp
	leaq (%rax,%rbx), %rsp

### case: movq_xmm_rsp
### expect: invalid at +0x0 reason rsp
	movq %xmm0, %rsp

### case: movq_mm_rsp
### expect: invalid at +0x0 reason rsp
	movq %mm0, %rsp

### case: cvtsd2si_rsp
### expect: invalid at +0x0 reason rsp
	cvtsd2si %xmm0, %rsp

### case: cvttss2si_rsp
### expect: invalid at +0x0 reason rsp
	cvttss2si %xmm0, %rsp

### case: pextrq_rsp
### expect: invalid at +0x0 reason rsp
	pextrq $0, %xmm0, %rsp

### case: movmskpd_rsp
### expect: invalid at +0x0 reason rsp
	.byte 0x66, 0x48, 0x0f, 0x50, 0xe0  # movmskpd %xmm0,%rsp

### case: xchgq_rax_rsp_short
### expect: invalid at +0x0 reason rsp
	xchgq %rax, %rsp                # 48 94

### case: xchgq_rsp_reg
### expect: invalid at +0x0 reason rsp
	.byte 0x48, 0x87, 0xc4          # xchgq %rax,%rsp (rsp in rm)

### case: xchgq_rsp_in_reg_field
### expect: invalid at +0x0 reason rsp
	.byte 0x48, 0x87, 0xe0          # xchgq %rsp,%rax (rsp in reg)

### case: xchgq_rsp_mem
### expect: invalid at +0x0 reason rsp
	xchgq %rsp, (%eax)

### case: xaddq_rax_rsp
### expect: invalid at +0x0 reason rsp
	xaddq %rax, %rsp

### case: xaddq_rsp_rax
### expect: invalid at +0x0 reason rsp
	xaddq %rsp, %rax                # writes the old rax into rsp

### case: xaddq_rsp_mem
### expect: invalid at +0x0 reason rsp
	xaddq %rsp, (%eax)

### case: cmpxchgq_rax_rsp
### expect: invalid at +0x0 reason rsp
	cmpxchgq %rax, %rsp

### case: cmpxchgq_rsp_rax
### expect: ok
# cmpxchg writes only its r/m operand (here rax) or rax itself; the reg
# operand (rsp) is read, never written, so rsp cannot change.
	cmpxchgq %rsp, %rax

### case: incq_rsp
### expect: invalid at +0x0 reason rsp
	incq %rsp

### case: negq_rsp
### expect: invalid at +0x0 reason rsp
	negq %rsp

### case: notq_rsp
### expect: invalid at +0x0 reason rsp
	notq %rsp

### case: shrq_rsp
### expect: invalid at +0x0 reason rsp
	shrq $1, %rsp

### case: rolq_cl_rsp
### expect: invalid at +0x0 reason rsp
	rolq %cl, %rsp

### case: shldq_rsp
### expect: invalid at +0x0 reason rsp
	shldq $4, %rax, %rsp

### case: imulq_rsp
### expect: invalid at +0x0 reason rsp
	imulq $2, %rax, %rsp

### case: imulq_2op_rsp
### expect: invalid at +0x0 reason rsp
	imulq %rax, %rsp

### case: bswapq_rsp
### expect: invalid at +0x0 reason rsp
	bswapq %rsp

### case: cmovq_rsp
### expect: invalid at +0x0 reason rsp
	cmoveq %rax, %rsp

### case: popcntq_rsp
### expect: invalid at +0x0 reason rsp
	popcntq %rax, %rsp

### case: bsfq_rsp
### expect: invalid at +0x0 reason rsp
	bsfq %rax, %rsp

### case: movslq_rsp
### expect: invalid at +0x0 reason rsp
	movslq %eax, %rsp

### case: movzwq_rsp
### expect: invalid at +0x0 reason rsp
	movzwq %ax, %rsp

### case: adcq_sbbq_rsp
### expect: invalid at +0x0 reason rsp
	adcq $0, %rsp

### case: orq_rsp
### expect: invalid at +0x0 reason rsp
	orq %rax, %rsp

### case: xorq_rsp
### expect: invalid at +0x0 reason rsp
	xorq %rsp, %rsp

### case: crc32q_rsp
### expect: invalid at +0x0 reason rsp
	crc32q %rax, %rsp

# ---- rejected: 16-bit and 8-bit writes ----

### case: movw_sp
### expect: invalid at +0x0 reason rsp
	movw %ax, %sp

### case: addw_sp
### expect: invalid at +0x0 reason rsp
	addw $8, %sp

### case: popw_sp
### expect: invalid at +0x0
	.byte 0x66, 0x5c                # popw %sp

### case: leaw_sp
### expect: invalid at +0x0 reason rsp
	leaw 8(%rsp), %sp

### case: movw_imm_sp
### expect: invalid at +0x0 reason rsp
	.byte 0x66, 0xbc, 0x00, 0x10    # movw $0x1000,%sp

### case: xchgw_sp
### expect: invalid at +0x0 reason rsp
	.byte 0x66, 0x87, 0xc4          # xchgw %ax,%sp

### case: movb_spl
### expect: invalid at +0x0 reason rsp
	.byte 0x40, 0x88, 0xc4          # movb %al,%spl

### case: movb_ah
### expect: ok
	.byte 0x88, 0xc4                # movb %al,%ah (same ModRM, no REX)

### case: addb_spl
### expect: invalid at +0x0 reason rsp
	.byte 0x40, 0x80, 0xc4, 0x01    # addb $1,%spl

### case: addb_ah
### expect: ok
	.byte 0x80, 0xc4, 0x01          # addb $1,%ah

### case: movb_imm_spl
### expect: invalid at +0x0 reason rsp
	.byte 0x40, 0xb4, 0x01          # movb $1,%spl

### case: movb_imm_ah
### expect: ok
	.byte 0xb4, 0x01                # movb $1,%ah

### case: movb_mem_spl
### expect: invalid at +0x0 reason rsp
	.byte 0x67, 0x40, 0x8a, 0x20    # movb (%eax),%spl

### case: movb_mem_ah
### expect: ok
	.byte 0x67, 0x8a, 0x20          # movb (%eax),%ah

### case: sete_spl
### expect: invalid at +0x0 reason rsp
	.byte 0x40, 0x0f, 0x94, 0xc4    # sete %spl

### case: sete_ah
### expect: ok
	.byte 0x0f, 0x94, 0xc4          # sete %ah

### case: movb_r8b_spl
### expect: invalid at +0x0 reason rsp
	.byte 0x44, 0x88, 0xc4          # movb %r8b,%spl

### case: incb_spl
### expect: invalid at +0x0 reason rsp
	.byte 0x40, 0xfe, 0xc4          # incb %spl

### case: incb_ah
### expect: ok
	.byte 0xfe, 0xc4                # incb %ah

# ---- rejected: implicit rsp writers ----

### case: leave
### expect: invalid at +0x0
	leave

### case: enter
### expect: invalid at +0x0
	enter $16, $0

### case: pushfq
### expect: invalid at +0x0
	pushfq

### case: popfq
### expect: invalid at +0x0
	popfq

### case: lss
### expect: invalid at +0x0
	lssl (%eax), %esp

### case: rsp_write_after_bundle
### expect: invalid at +0x20 reason rsp
	.fill 32, 1, 0x90
	addq $16, %rsp

# ---- more 32-bit esp writes (fine) and reads through REX forms ----

### case: bswapl_esp
### expect: ok
	bswapl %esp

### case: movzwl_esp
### expect: ok
	movzwl %ax, %esp

### case: xaddl_esp_eax
### expect: ok
	xaddl %esp, %eax                # writes the old eax into esp (32-bit)

### case: movb_spl_to_al
### expect: ok
	.byte 0x40, 0x88, 0xe0          # movb %spl,%al: reads spl

### case: cmpb_spl
### expect: ok
	.byte 0x40, 0x80, 0xfc, 0x01    # cmpb $1,%spl: no write

### case: xchgb_spl
### expect: invalid at +0x0
	.byte 0x40, 0x86, 0xc4          # xchgb %al,%spl

### case: xchgb_ah
### expect: ok
	.byte 0x86, 0xc4                # xchgb %al,%ah

### case: rolb_spl
### expect: invalid at +0x0
	.byte 0x40, 0xd0, 0xc4          # rolb $1,%spl

### case: movzbw_sp
### expect: invalid at +0x0
	.byte 0x66, 0x0f, 0xb6, 0xe0    # movzbw %al,%sp

### case: cmovw_sp
### expect: invalid at +0x0
	.byte 0x66, 0x0f, 0x44, 0xe0    # cmovew %ax,%sp

### case: tzcntq_rsp
### expect: invalid at +0x0
	.byte 0xf3, 0x48, 0x0f, 0xbc, 0xe0  # tzcntq %rax,%rsp

### case: movbeq_rsp
### expect: invalid at +0x0
	.byte 0x67, 0x48, 0x0f, 0x38, 0xf0, 0x20  # movbeq (%eax),%rsp

### case: cvttsd2si_rsp
### expect: invalid at +0x0 reason rsp
	cvttsd2si %xmm0, %rsp

### case: movq_xmm4_rsp_after_read
### expect: invalid at +0x5 reason rsp
	.byte 0x66, 0x48, 0x0f, 0x6e, 0xe0  # movq %rax,%xmm4 (reads rax; fine)
	.byte 0x66, 0x48, 0x0f, 0x7e, 0xe4  # movq %xmm4,%rsp

### case: rex40_pop_rsp
### expect: invalid at +0x0
	.byte 0x40, 0x5c                # rex popq %rsp

### case: rexw_pop_rsp
### expect: invalid at +0x0
	.byte 0x48, 0x5c                # rex.W popq %rsp

### case: rex40_movl_imm_esp
### expect: ok
	.byte 0x40, 0xbc, 0, 0, 0x10, 0 # rex movl $0x100000,%esp (32-bit)

### case: pop_r12_rexb
### expect: ok
	.byte 0x41, 0x5c                # popq %r12
