# Rule 2: every memory operand carries 0x67 (rsp- and rip-relative included);
# lea and the long nop need none; string instructions and xlat need it; 0x67
# without a memory operand is rejected; moffs, bt* reg,mem, maskmov*, VEX/EVEX
# and non-temporal stores are rejected.

### case: load_eax
### expect: ok
	movl (%eax), %ebx

### case: load_rax_no67
### expect: invalid at +0x0 reason 0x67
	movl (%rax), %ebx

### case: store_eax
### expect: ok
	movl %ebx, (%eax)

### case: store_rax_no67
### expect: invalid at +0x0 reason 0x67
	movl %ebx, (%rax)

### case: load_after_valid
### expect: invalid at +0x5 reason 0x67
	movl $1, %eax
	movq 8(%rdi), %rax

### case: esp_base
### expect: ok
	movl (%esp), %eax
	movl 8(%esp), %eax
	movq %rax, -8(%esp)

### case: rsp_base_no67
### expect: invalid at +0x0 reason 0x67
	movl (%rsp), %eax

### case: rsp_disp_no67
### expect: invalid at +0x0 reason 0x67
	movl 8(%rsp), %eax

### case: rsp_store_no67
### expect: invalid at +0x0 reason 0x67
	movq %rax, -8(%rsp)

### case: eip_relative
### expect: ok
	movl .Ldata(%eip), %eax
	movl $1, .Ldata(%eip)
	addl %ecx, .Ldata+4(%eip)
.Ldata:
	hlt

### case: rip_relative_no67
### expect: invalid at +0x0 reason 0x67
	movl .Ldata(%rip), %eax
.Ldata:
	hlt

### case: rip_relative_store_no67
### expect: invalid at +0x0 reason 0x67
	movl $1, .Ldata(%rip)
.Ldata:
	hlt

### case: sib_eax_ebx
### expect: ok
	movl (%eax,%ebx,4), %ecx
	movl 0x10(%eax,%ebx,8), %ecx

### case: sib_rax_rbx_no67
### expect: invalid at +0x0 reason 0x67
	movl (%rax,%rbx,4), %ecx

### case: sib_index_only
### expect: ok
	movl 0x100(,%eax,8), %ecx

### case: sib_index_only_no67
### expect: invalid at +0x0 reason 0x67
	movl 0x100(,%rax,8), %ecx

### case: absolute_disp32
### expect: ok
	.byte 0x67, 0x8b, 0x04, 0x25, 0x00, 0x10, 0x00, 0x00  # addr32 movl 0x1000,%eax

### case: absolute_disp32_no67
### expect: invalid at +0x0 reason 0x67
	.byte 0x8b, 0x04, 0x25, 0x00, 0x10, 0x00, 0x00        # movl 0x1000,%eax

### case: r8_base_no67
### expect: invalid at +0x0 reason 0x67
	movl (%r8), %eax

### case: r8d_base
### expect: ok
	movl (%r8d), %eax
	movq %r15, 8(%r13d,%r12d,2)

### case: rbp_base_no67
### expect: invalid at +0x0 reason 0x67
	movl -4(%rbp), %eax

### case: ebp_base
### expect: ok
	movl -4(%ebp), %eax

### case: add_to_mem
### expect: ok
	addl $1, (%eax)
	incl 4(%eax)
	negq (%ecx)
	shll $3, (%edx)
	orb %al, (%esi)

### case: add_to_mem_no67
### expect: invalid at +0x0 reason 0x67
	addl $1, (%rax)

### case: inc_mem_no67
### expect: invalid at +0x3 reason 0x67
	incl (%eax)
	incl (%rax)

### case: push_pop_mem
### expect: ok
	pushq (%eax)
	popq (%eax)
	pushq 8(%esp)

### case: push_mem_no67
### expect: invalid at +0x0 reason 0x67
	pushq (%rax)

### case: pop_mem_no67
### expect: invalid at +0x0 reason 0x67
	popq (%rax)

### case: cmpxchg8b_16b
### expect: ok
	cmpxchg8b (%eax)
	cmpxchg16b (%eax)
	lock cmpxchg8b (%eax)
	lock cmpxchg16b 16(%esi)

### case: cmpxchg8b_no67
### expect: invalid at +0x0 reason 0x67
	cmpxchg8b (%rax)

### case: sse_mem
### expect: ok
	movaps (%eax), %xmm0
	movdqu %xmm1, (%eax)
	addsd 8(%esp), %xmm2
	pshufd $0x1b, (%ecx), %xmm3

### case: sse_mem_no67
### expect: invalid at +0x0 reason 0x67
	movaps (%rax), %xmm0

### case: sse_store_no67
### expect: invalid at +0x0 reason 0x67
	movdqu %xmm1, (%rax)

### case: x87_mem
### expect: ok
	fldl (%eax)
	fstps 4(%eax)
	fildq (%esp)
	fistpl (%eax)
	fnstcw (%eax)
	fldcw (%eax)

### case: x87_mem_no67
### expect: invalid at +0x0 reason 0x67
	fldl (%rax)

### case: fldcw_no67
### expect: invalid at +0x0 reason 0x67
	fldcw (%rax)

### case: mmx_mem
### expect: ok
	movq (%eax), %mm0
	paddb 8(%eax), %mm1
	movq %mm1, (%eax)

### case: mmx_mem_no67
### expect: invalid at +0x0 reason 0x67
	movq (%rax), %mm0

### case: mxcsr_mem
### expect: ok
	stmxcsr (%eax)
	ldmxcsr (%eax)

### case: ldmxcsr_no67
### expect: invalid at +0x0 reason 0x67
	ldmxcsr (%rax)

### case: movzx_imul_cmov_set_mem
### expect: ok
	.bundle_align_mode 5
	movzbl (%eax), %ecx
	movswq 2(%eax), %rcx
	imull (%eax), %ecx
	cmovel (%eax), %ecx
	sete (%eax)
	divl (%eax)
	xchgl %ecx, (%eax)
	crc32b (%eax), %ecx
	popcntl (%eax), %ecx
	testl %ecx, (%eax)

### case: movzx_no67
### expect: invalid at +0x0 reason 0x67
	movzbl (%rax), %ecx

### case: xchg_mem_no67
### expect: invalid at +0x0 reason 0x67
	xchgl %ecx, (%rax)

### case: setcc_mem_no67
### expect: invalid at +0x0 reason 0x67
	sete (%rax)

### case: word_mem
### expect: ok
	movw (%eax), %ax
	.byte 0x67, 0x66, 0x89, 0x00    # movw %ax,(%eax), 67 before 66

# ---- lea and the long nop: no memory access, no 0x67 ----

### case: lea_no67
### expect: ok
	leaq (%rax,%rbx), %rcx
	leal 8(%rax), %ecx
	leaq 16(%rsp), %rdx
	leaq .Lx(%rip), %rax
	leaq -1(,%rdi,8), %rsi
.Lx:
	hlt

### case: long_nops_no67
### expect: ok
	.byte 0x0f, 0x1f, 0x00                              # nopl (%rax)
	.byte 0x0f, 0x1f, 0x40, 0x00                        # nopl 0(%rax)
	.byte 0x0f, 0x1f, 0x44, 0x00, 0x00                  # nopl 0(%rax,%rax)
	.byte 0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00            # nopw 0(%rax,%rax)
	.byte 0x0f, 0x1f, 0x80, 0, 0, 0, 0                  # nopl 0(%rax)
	.p2align 5, 0xf4
	.byte 0x0f, 0x1f, 0x84, 0x00, 0, 0, 0, 0            # nopl 0(%rax,%rax)
	.byte 0x66, 0x0f, 0x1f, 0x84, 0x00, 0, 0, 0, 0      # nopw 0(%rax,%rax)
	.byte 0x66, 0x2e, 0x0f, 0x1f, 0x84, 0x00, 0, 0, 0, 0 # cs nopw 0(%rax,%rax)

# ---- string instructions and xlat ----

### case: string_ops_67
### expect: ok
	movsb (%esi), %es:(%edi)
	movsl (%esi), %es:(%edi)
	.byte 0x67, 0x48, 0xa5          # movsq (%esi),%es:(%edi)
	stosb %al, %es:(%edi)
	stosl %eax, %es:(%edi)
	.byte 0x67, 0x48, 0xab          # stosq %rax,%es:(%edi)
	lodsb (%esi), %al
	lodsl (%esi), %eax
	scasb %es:(%edi), %al
	scasl %es:(%edi), %eax
	cmpsb %es:(%edi), (%esi)
	cmpsl %es:(%edi), (%esi)

### case: rep_string_ops_67
### expect: ok
	rep movsb (%esi), %es:(%edi)
	rep stosl %eax, %es:(%edi)
	.byte 0xf3, 0x67, 0x48, 0xab    # rep stosq %rax,%es:(%edi)
	.byte 0x67, 0xf3, 0x48, 0xa5    # rep movsq (%esi),%es:(%edi)
	repe cmpsb %es:(%edi), (%esi)
	repne scasb %es:(%edi), %al
	repne cmpsl %es:(%edi), (%esi)
	repe scasl %es:(%edi), %eax

### case: xlat_67
### expect: ok
	.byte 0x67, 0xd7                # xlat %ds:(%ebx)

### case: movsb_no67
### expect: invalid at +0x0 reason 0x67
	movsb

### case: movsq_no67
### expect: invalid at +0x0 reason 0x67
	.byte 0x48, 0xa5

### case: rep_movsb_no67
### expect: invalid at +0x0 reason 0x67
	rep movsb

### case: stosl_no67
### expect: invalid at +0x0 reason 0x67
	stosl

### case: rep_stosq_no67
### expect: invalid at +0x0 reason 0x67
	.byte 0xf3, 0x48, 0xab

### case: lodsb_no67
### expect: invalid at +0x0 reason 0x67
	lodsb

### case: scasb_no67
### expect: invalid at +0x0 reason 0x67
	repne scasb

### case: cmpsb_no67
### expect: invalid at +0x0 reason 0x67
	repe cmpsb

### case: xlat_no67
### expect: invalid at +0x0 reason 0x67
	.byte 0xd7

### case: lodsq_clang_rex_before_67
### expect: invalid at +0x0
# clang 14 emits 48 67 ad for "lodsq (%esi),%rax": REX not next to the opcode.
	.byte 0x48, 0x67, 0xad

# ---- 0x67 without a memory operand ----

### case: addr32_on_register_add
### expect: invalid at +0x0 reason 0x67
	.byte 0x67, 0x01, 0xc0          # addr32 addl %eax,%eax

### case: addr32_on_nop
### expect: invalid at +0x0 reason 0x67
	.byte 0x67, 0x90

### case: addr32_on_mov_imm
### expect: invalid at +0x0 reason 0x67
	.byte 0x67, 0xb8, 1, 0, 0, 0    # addr32 movl $1,%eax

### case: addr32_on_imul_reg
### expect: invalid at +0x0 reason 0x67
	.byte 0x67, 0x0f, 0xaf, 0xc1    # addr32 imull %ecx,%eax

### case: addr32_on_sse_reg
### expect: invalid at +0x0 reason 0x67
	.byte 0x67, 0x0f, 0x58, 0xc1    # addr32 addps %xmm1,%xmm0

### case: addr32_on_push_reg
### expect: invalid at +0x0 reason 0x67
	.byte 0x67, 0x50                # addr32 pushq %rax

### case: addr32_on_jmp_rel8
### expect: invalid at +0x0
	.byte 0x67, 0xeb, 0x00          # addr32 jmp .+3

### case: addr32_on_jecxz
### expect: invalid at +0x0
	.byte 0x67, 0xe3, 0x00          # jecxz .+3

### case: addr32_twice
### expect: invalid at +0x0
	.byte 0x67, 0x67, 0x8b, 0x00

# ---- moffs, bt* reg,mem, maskmov, VEX/EVEX, non-temporal stores ----

### case: moffs_a1_67
### expect: invalid at +0x0
	.byte 0x67, 0xa1, 0x00, 0x10, 0x00, 0x00            # addr32 movl 0x1000,%eax

### case: moffs_a1_64bit
### expect: invalid at +0x0
	.byte 0xa1, 0x00, 0x10, 0, 0, 0, 0, 0, 0            # movabs 0x1000,%eax

### case: moffs_a0_67
### expect: invalid at +0x0
	.byte 0x67, 0xa0, 0x00, 0x10, 0x00, 0x00

### case: moffs_a2_67
### expect: invalid at +0x0
	.byte 0x67, 0xa2, 0x00, 0x10, 0x00, 0x00

### case: moffs_a3_67
### expect: invalid at +0x0
	.byte 0x67, 0xa3, 0x00, 0x10, 0x00, 0x00

### case: moffs_a3_rex_w
### expect: invalid at +0x0
	.byte 0x67, 0x48, 0xa3, 0x00, 0x10, 0x00, 0x00

### case: bt_reg_mem
### expect: invalid at +0x0
	btl %eax, (%eax)

### case: bts_reg_mem
### expect: invalid at +0x0
	btsl %eax, (%eax)

### case: btr_reg_mem
### expect: invalid at +0x0
	btrq %rax, (%eax)

### case: btc_reg_mem
### expect: invalid at +0x0
	btcl %ecx, 4(%esp)

### case: lock_bts_reg_mem
### expect: invalid at +0x0
	lock btsl %eax, (%eax)

### case: bt_reg_mem_after_valid
### expect: invalid at +0x3
	btl %eax, %ecx
	btl %eax, (%eax)

### case: bt_reg_reg
### expect: ok
	btl %eax, %ecx
	btsq %rax, %rcx
	btrl %edx, %ebx
	btcq %r8, %r9

### case: bt_imm_mem
### expect: ok
	btl $3, (%eax)
	btsl $3, (%eax)
	btrq $63, 8(%esp)
	btcw $1, (%ecx)
	lock btsl $5, (%eax)

### case: maskmovq
### expect: invalid at +0x0
	.byte 0x67, 0x0f, 0xf7, 0xc1    # addr32 maskmovq %mm1,%mm0

### case: maskmovq_no67
### expect: invalid at +0x0
	maskmovq %mm1, %mm0

### case: maskmovdqu
### expect: invalid at +0x0
	.byte 0x67, 0x66, 0x0f, 0xf7, 0xc1

### case: maskmovdqu_no67
### expect: invalid at +0x0
	maskmovdqu %xmm1, %xmm0

### case: vex2_vzeroupper
### expect: invalid at +0x0
	vzeroupper

### case: vex2_vmovaps_reg
### expect: invalid at +0x0
	vmovaps %xmm0, %xmm1

### case: vex2_mem_67
### expect: invalid at +0x0
	vmovaps (%eax), %xmm1

### case: vex3_vpbroadcastb
### expect: invalid at +0x0
	vpbroadcastb (%eax), %xmm0

### case: vex3_andn
### expect: invalid at +0x0
	andnl %ecx, %edx, %eax

### case: vex3_blsr_rsp
### expect: invalid at +0x0
	blsrq %rax, %rsp

### case: vex_after_valid
### expect: invalid at +0x1
	nop
	vpxor %xmm0, %xmm0, %xmm0

### case: evex_vaddps
### expect: invalid at +0x0
	vaddps %zmm1, %zmm2, %zmm3

### case: evex_mem_67
### expect: invalid at +0x0
	vmovdqu64 (%eax), %zmm0

### case: vsib_gather
### expect: invalid at +0x0
	vpgatherdd %xmm2, (%eax,%xmm1,4), %xmm0

### case: movnti
### expect: invalid at +0x0
	movntil %eax, (%eax)

### case: movnti_q
### expect: invalid at +0x0
	movntiq %rax, 8(%esp)

### case: movntps
### expect: invalid at +0x0
	movntps %xmm0, (%eax)

### case: movntpd
### expect: invalid at +0x0
	movntpd %xmm0, (%eax)

### case: movntq
### expect: invalid at +0x0
	movntq %mm0, (%eax)

### case: movntdq
### expect: invalid at +0x0
	movntdq %xmm0, (%eax)

### case: movntdq_no67
### expect: invalid at +0x0
	movntdq %xmm0, (%rax)

### case: movdir64b
### expect: invalid at +0x0
	movdir64b (%eax), %eax

### case: movdiri
### expect: invalid at +0x0
	movdiri %eax, (%eax)

### case: enqcmd
### expect: invalid at +0x0
	enqcmd (%eax), %eax

### case: clzero
### expect: invalid at +0x0
	.byte 0x0f, 0x01, 0xfc

### case: mpx_bndmk
### expect: invalid at +0x0
	.byte 0x67, 0xf3, 0x0f, 0x1b, 0x00  # bndmk (%eax),%bnd0

### case: mpx_bndldx
### expect: invalid at +0x0
	.byte 0x67, 0x0f, 0x1a, 0x04, 0x18  # bndldx (%eax,%ebx),%bnd0

### case: btw_reg_mem
### expect: invalid at +0x0
	.byte 0x67, 0x66, 0x0f, 0xa3, 0x00  # btw %ax,(%eax)

### case: rep_movsw
### expect: ok
	.byte 0x66, 0xf3, 0x67, 0xa5    # rep movsw
	.byte 0xf3, 0x67, 0x66, 0xa5    # the same, other prefix order

### case: rep_lodsb
### expect: ok
	.byte 0xf3, 0x67, 0xac          # rep lodsb (legal, if useless)

### case: repne_movsb
### expect: invalid at +0x0
	.byte 0xf2, 0x67, 0xa4          # F2 on movs is not a defined prefix

### case: repne_stosl
### expect: invalid at +0x0
	.byte 0xf2, 0x67, 0xab

### case: string_seg_override
### expect: invalid at +0x0
	.byte 0x2e, 0x67, 0xa4          # movsb %cs:(%esi),%es:(%edi)

### case: string_fs_override
### expect: invalid at +0x0
	.byte 0x64, 0x67, 0xac          # lodsb %fs:(%esi),%al
