# Rule 4: indirect jumps and calls only as the pair "andl $-32,%eR"
# (exactly [41] 83 e0+r e0) immediately followed by "jmp/call *%rR" on the same
# register number, both in one bundle. Memory-indirect branches are rejected.

### case: mask_jmp_rax
### expect: ok
	andl $-32, %eax
	jmp *%rax

### case: mask_jmp_each_low_reg
### expect: ok
	andl $-32, %ecx
	jmp *%rcx
	andl $-32, %edx
	jmp *%rdx
	andl $-32, %ebx
	jmp *%rbx
	andl $-32, %ebp
	jmp *%rbp
	andl $-32, %esi
	jmp *%rsi
	.p2align 5, 0xf4
	andl $-32, %edi
	jmp *%rdi

### case: mask_jmp_each_high_reg
### expect: ok
	andl $-32, %r8d
	jmp *%r8
	andl $-32, %r9d
	jmp *%r9
	andl $-32, %r10d
	jmp *%r10
	andl $-32, %r11d
	jmp *%r11
	.p2align 5, 0xf4
	andl $-32, %r12d
	jmp *%r12
	andl $-32, %r13d
	jmp *%r13
	andl $-32, %r14d
	jmp *%r14
	andl $-32, %r15d
	jmp *%r15

### case: mask_jmp_esp
### expect: ok
# andl to %esp is a 32-bit write to esp, and register 4 matches.
	andl $-32, %esp
	jmp *%rsp

### case: mask_jmp_hex_immediate
### expect: ok
	.byte 0x83, 0xe6, 0xe0          # andl $0xffffffe0,%esi
	.byte 0xff, 0xe6                # jmp *%rsi

### case: mask_pair_at_bundle_end
### expect: ok
	.fill 27, 1, 0x90
	andl $-32, %eax                 # 27..29
	jmp *%rax                       # 30..31

### case: mask_pair_r11_at_bundle_end
### expect: ok
	.fill 25, 1, 0x90
	andl $-32, %r11d                # 25..28
	jmp *%r11                       # 29..31

### case: mask_pair_split_across_bundles
### expect: invalid at +0x20 reason indirect
	.fill 29, 1, 0x90
	andl $-32, %eax                 # 29..31
	jmp *%rax                       # 32..33

### case: mask_pair_r11_split
### expect: invalid at +0x20 reason indirect
	.fill 28, 1, 0x90
	andl $-32, %r11d                # 28..31
	jmp *%r11                       # 32..34

### case: mask_pair_jmp_crosses
### expect: invalid at +0x1f
	.fill 28, 1, 0x90
	andl $-32, %eax                 # 28..30
	jmp *%rax                       # 31..32: crosses

### case: pop_r11_return
### expect: ok
	popq %r11
	andl $-32, %r11d
	jmp *%r11

### case: bundle_locked_pairs
### expect: ok
	.bundle_align_mode 5
	movl $1, %eax
	.bundle_lock
	andl $-32, %ecx
	jmp *%rcx
	.bundle_unlock
	movabsq $0x1122334455667788, %rax
	.bundle_lock
	andl $-32, %r9d
	jmp *%r9
	.bundle_unlock

### case: jmp_reg_alone
### expect: invalid at +0x0 reason indirect
	jmp *%rax

### case: jmp_r11_alone
### expect: invalid at +0x0 reason indirect
	jmp *%r11

### case: jmp_reg_after_nops
### expect: invalid at +0x5 reason indirect
	.fill 5, 1, 0x90
	jmp *%rcx

### case: call_reg_alone
### expect: invalid at +0x1e reason indirect
	.fill 30, 1, 0x90
	call *%rax

### case: mask_other_register
### expect: invalid at +0x3 reason indirect
	andl $-32, %eax
	jmp *%rcx

### case: mask_rex_b_mismatch_1
### expect: invalid at +0x3 reason indirect
	andl $-32, %eax                 # 83 e0 e0
	jmp *%r8                        # 41 ff e0

### case: mask_rex_b_mismatch_2
### expect: invalid at +0x4 reason indirect
	andl $-32, %r8d                 # 41 83 e0 e0
	jmp *%rax                       # ff e0

### case: mask_rex_b_mismatch_3
### expect: invalid at +0x4 reason indirect
	andl $-32, %r11d
	jmp *%rbx                       # same low bits (3), no REX.B

### case: mask_rex_b_mismatch_call
### expect: invalid at +0x1d reason indirect
	.fill 26, 1, 0x90
	andl $-32, %ebx                 # 26..28
	call *%r11                      # 29..31

### case: mask_andq
### expect: invalid at +0x4 reason indirect
	andq $-32, %rax                 # 48 83 e0 e0: keeps bits 32..63
	jmp *%rax

### case: mask_andq_r11
### expect: invalid at +0x4 reason indirect
	andq $-32, %r11                 # 49 83 e3 e0
	jmp *%r11

### case: mask_minus16
### expect: invalid at +0x3 reason indirect
	andl $-16, %eax
	jmp *%rax

### case: mask_minus64
### expect: invalid at +0x3 reason indirect
	andl $-64, %eax
	jmp *%rax

### case: mask_imm32_form_81
### expect: invalid at +0x6 reason indirect
	.byte 0x81, 0xe0, 0xe0, 0xff, 0xff, 0xff  # andl $0xffffffe0,%eax (imm32)
	jmp *%rax

### case: mask_imm32_form_25
### expect: invalid at +0x5 reason indirect
	.byte 0x25, 0xe0, 0xff, 0xff, 0xff  # andl $0xffffffe0,%eax (short imm32)
	jmp *%rax

### case: mask_andw
### expect: invalid at +0x4 reason indirect
	.byte 0x66, 0x83, 0xe0, 0xe0    # andw $-32,%ax
	jmp *%rax

### case: mask_orl_instead
### expect: invalid at +0x3 reason indirect
	orl $-32, %eax
	jmp *%rax

### case: mask_then_nop_then_jmp
### expect: invalid at +0x4 reason indirect
	andl $-32, %eax
	nop
	jmp *%rax

### case: mask_then_other_insn
### expect: invalid at +0x5 reason indirect
	andl $-32, %eax
	movl %eax, %eax
	jmp *%rax

### case: mask_memory_form
### expect: invalid at +0x4 reason indirect
	.byte 0x67, 0x83, 0x20, 0xe0    # andl $-32,(%eax)
	jmp *%rax

### case: mask_twice_ok
### expect: ok
	andl $-32, %eax
	andl $-32, %eax
	jmp *%rax

### case: two_jmps_one_mask
### expect: invalid at +0x5 reason indirect
	andl $-32, %eax
	jmp *%rax
	jmp *%rax

### case: jmp_mem_67
### expect: invalid at +0x0
	jmp *(%eax)

### case: jmp_mem_no67
### expect: invalid at +0x0
	jmp *(%rax)

### case: jmp_mem_eip
### expect: invalid at +0x0
	jmp *.Lslot(%eip)
.Lslot:
	hlt

### case: jmp_mem_esp
### expect: invalid at +0x0
	jmp *8(%esp)

### case: call_mem_67
### expect: invalid at +0x1c
	.fill 28, 1, 0x90
	call *8(%eax)                   # 67 ff 50 08: ends at the bundle end

### case: call_mem_67_sib
### expect: invalid at +0x18
	.fill 24, 1, 0x90
	.byte 0x67, 0xff, 0x14, 0x85, 0, 0, 0, 0   # call *0(,%eax,4)

### case: mask_then_jmp_mem
### expect: invalid at +0x3
	andl $-32, %eax
	jmp *(%eax)

### case: jmp_reg_rex_w
### expect: invalid at +0x0
	.byte 0x48, 0xff, 0xe0          # rex.W jmp *%rax, unmasked

### case: call_reg_16bit_operand
### expect: invalid at +0x1d
	.fill 26, 1, 0x90
	andl $-32, %eax
	.byte 0x66, 0xff, 0xd0          # callw *%ax

### case: ljmp_mem
### expect: invalid at +0x0
	ljmpl *(%eax)

### case: lcall_mem
### expect: invalid at +0x0
	lcalll *(%eax)

### case: mask_rex40
### expect: invalid at +0x4 reason indirect
	.byte 0x40, 0x83, 0xe0, 0xe0    # rex andl $-32,%eax: not [41] 83 e0+r e0
	jmp *%rax

### case: mask_rex43
### expect: invalid at +0x4 reason indirect
	.byte 0x43, 0x83, 0xe3, 0xe0    # rex.XB andl $-32,%r11d
	jmp *%r11

### case: mask_addr32
### expect: invalid at +0x0
	.byte 0x67, 0x83, 0xe0, 0xe0    # addr32 andl $-32,%eax
	jmp *%rax

### case: mask_rep_jmp
### expect: invalid at +0x3
	andl $-32, %eax
	.byte 0xf3, 0xff, 0xe0

### case: mask_bnd_jmp
### expect: invalid at +0x3
	andl $-32, %eax
	.byte 0xf2, 0xff, 0xe0

### case: mask_lock_jmp
### expect: invalid at +0x3
	andl $-32, %eax
	.byte 0xf0, 0xff, 0xe0

### case: mask_and_target_of_jump
### expect: ok
	jmp .Lt
	.fill 20, 1, 0x90
.Lt:
	andl $-32, %ebx
	jmp *%rbx

### case: mask_r8_then_rex40_jmp_rax
### expect: invalid at +0x4
# andl masks r8d; "40 ff e0" is jmp *%rax (REX without B): rax is unmasked.
	.byte 0x41, 0x83, 0xe0, 0xe0    # andl $-32,%r8d
	.byte 0x40, 0xff, 0xe0          # rex jmp *%rax

### case: mask_r11_then_rex40_call_rbx
### expect: invalid at +0x1d
# the violation is the call (+0x1d): it goes through rbx, which the andl
# on r11d (at +0x19) does not mask.
	.fill 25, 1, 0x90
	.byte 0x41, 0x83, 0xe3, 0xe0    # andl $-32,%r11d
	.byte 0x40, 0xff, 0xd3          # rex call *%rbx
