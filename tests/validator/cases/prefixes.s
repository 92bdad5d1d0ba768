# Rule 9: at most one of each legacy prefix, no F2 with F3, REX only
# immediately before the opcode and only once, no 66 on any branch, lock only
# on lockable read-modify-write instructions with a memory destination, rep
# only on string instructions, 2E/3E only as jcc hints (and 2E on the long
# nop), 26/36 never, nothing longer than 15 bytes.

# ---- repeated and conflicting prefixes ----

### case: data16_once
### expect: ok
	.byte 0x66, 0x01, 0xc0          # addw %ax,%ax

### case: data16_twice
### expect: invalid at +0x0 reason prefix
	.byte 0x66, 0x66, 0x01, 0xc0

### case: data16_twice_after_valid
### expect: invalid at +0x3 reason prefix
	.byte 0x66, 0x01, 0xc0
	.byte 0x66, 0x66, 0x01, 0xc0

### case: data16_twice_nop
### expect: invalid at +0x0
	.byte 0x66, 0x66, 0x90

### case: data16_twice_long_nop
### expect: invalid at +0x0
	.byte 0x66, 0x66, 0x2e, 0x0f, 0x1f, 0x84, 0, 0, 0, 0, 0

### case: addr32_twice
### expect: invalid at +0x0
	.byte 0x67, 0x67, 0x8b, 0x00

### case: lock_twice
### expect: invalid at +0x0
	.byte 0xf0, 0xf0, 0x67, 0x83, 0x00, 0x01

### case: rep_twice
### expect: invalid at +0x0
	.byte 0xf3, 0xf3, 0x67, 0xa4

### case: repne_twice
### expect: invalid at +0x0
	.byte 0xf2, 0xf2, 0x67, 0xae

### case: f2_f3_string
### expect: invalid at +0x0
	.byte 0xf2, 0xf3, 0x67, 0xa4

### case: f3_f2_string
### expect: invalid at +0x0
	.byte 0xf3, 0xf2, 0x67, 0xa6

### case: f2_f3_popcnt
### expect: invalid at +0x0
	.byte 0xf2, 0xf3, 0x0f, 0xb8, 0xc1

### case: f3_f2_crc32
### expect: invalid at +0x0
	.byte 0xf3, 0xf2, 0x0f, 0x38, 0xf1, 0xc1

### case: prefix_order_free
### expect: ok
	.byte 0x66, 0x67, 0x89, 0x00    # movw %ax,(%eax)
	.byte 0x67, 0x66, 0x89, 0x00    # the same, other order
	.byte 0xf0, 0x67, 0x83, 0x00, 0x01  # lock addl $1,(%eax)
	.byte 0x67, 0xf0, 0x83, 0x00, 0x01  # the same, other order
	.byte 0xf3, 0x67, 0xa4          # rep movsb
	.byte 0x67, 0xf3, 0xa4          # the same, other order

# ---- REX placement ----

### case: rex_then_66
### expect: invalid at +0x0 reason prefix
	.byte 0x48, 0x66, 0x01, 0xc0

### case: rex_then_67
### expect: invalid at +0x0 reason prefix
	.byte 0x48, 0x67, 0x8b, 0x00

### case: rex_then_f0
### expect: invalid at +0x0 reason prefix
	.byte 0x48, 0xf0, 0x67, 0x83, 0x00, 0x01

### case: rex_then_f3_string
### expect: invalid at +0x0 reason prefix
	.byte 0x48, 0xf3, 0x67, 0xa5

### case: rex_twice
### expect: invalid at +0x0 reason prefix
	.byte 0x48, 0x48, 0x01, 0xc0

### case: rex_twice_different
### expect: invalid at +0x0 reason prefix
	.byte 0x41, 0x48, 0x01, 0xc0

### case: rex_after_legacy_ok
### expect: ok
	.byte 0x67, 0x48, 0x8b, 0x00    # movq (%eax),%rax
	.byte 0xf0, 0x67, 0x48, 0x83, 0x00, 0x01  # lock addq $1,(%eax)
	.byte 0x66, 0x48, 0x0f, 0x7e, 0xc0  # movq %xmm0,%rax
	.byte 0xf3, 0x48, 0x0f, 0xb8, 0xc1  # popcntq %rcx,%rax

### case: rex_then_sse_escape_prefix
### expect: invalid at +0x0 reason prefix
	.byte 0x48, 0x66, 0x0f, 0x7e, 0xc0

# ---- 66 on branches ----

### case: data16_jmp_rel8
### expect: invalid at +0x0
	.byte 0x66, 0xeb, 0x00

### case: data16_jmp_rel32
### expect: invalid at +0x0
	.byte 0x66, 0xe9, 0, 0, 0, 0

### case: data16_jcc_rel8
### expect: invalid at +0x0
	.byte 0x66, 0x74, 0x00

### case: data16_jcc_rel32
### expect: invalid at +0x0
	.byte 0x66, 0x0f, 0x84, 0, 0, 0, 0

### case: data16_call_rel32
### expect: invalid at +0x1a
	.fill 26, 1, 0x90
	.byte 0x66, 0xe8, 0, 0, 0, 0

### case: data16_masked_jmp
### expect: invalid at +0x3
	andl $-32, %eax
	.byte 0x66, 0xff, 0xe0          # jmpw *%ax

### case: data16_masked_call
### expect: invalid at +0x1d
	.fill 26, 1, 0x90
	andl $-32, %eax
	.byte 0x66, 0xff, 0xd0

### case: data16_ret
### expect: invalid at +0xe
	movl (%esp), %r11d
	andl $-32, %r11d
	movq %r11, (%esp)
	.byte 0x66, 0xc3

### case: data16_loop
### expect: invalid at +0x0
	.byte 0x66, 0xe2, 0xfd

### case: data16_jrcxz
### expect: invalid at +0x0
	.byte 0x66, 0xe3, 0x00

### case: addr32_jcc
### expect: invalid at +0x0
	.byte 0x67, 0x74, 0x00

### case: addr32_loop
### expect: invalid at +0x0
	.byte 0x67, 0xe2, 0xfd          # loopl (ecx)

### case: bnd_jmp
### expect: invalid at +0x0
	.byte 0xf2, 0xe9, 0, 0, 0, 0    # bnd jmp

### case: bnd_jcc
### expect: invalid at +0x0
	.byte 0xf2, 0x74, 0x00

### case: rep_jmp
### expect: invalid at +0x0
	.byte 0xf3, 0xeb, 0x00

# ---- lock ----

### case: lock_rmw_ok
### expect: ok
	.bundle_align_mode 5
	lock addl $1, (%eax)
	lock subq %rax, (%eax)
	lock incl (%eax)
	lock decq 8(%esp)
	lock orb $1, (%ecx)
	lock andl %edx, (%eax)
	lock xorl $-1, (%eax)
	lock adcl $0, (%eax)
	lock sbbl $0, (%eax)
	lock notl (%eax)
	lock negl (%eax)

### case: lock_xchg_cmpxchg_xadd_ok
### expect: ok
	.bundle_align_mode 5
	lock xchgl %ecx, (%eax)
	lock cmpxchgl %ecx, (%eax)
	lock cmpxchgq %rcx, (%eax)
	lock xaddl %ecx, (%eax)
	lock cmpxchg8b (%eax)
	lock cmpxchg16b (%eax)
	lock btsl $1, (%eax)
	lock btrl $1, (%eax)
	lock btcl $1, (%eax)

### case: lock_register_add
### expect: invalid at +0x0 reason lock
	.byte 0xf0, 0x83, 0xc0, 0x01    # lock addl $1,%eax

### case: lock_register_xchg
### expect: invalid at +0x0 reason lock
	.byte 0xf0, 0x87, 0xc8          # lock xchgl %ecx,%eax

### case: lock_register_cmpxchg
### expect: invalid at +0x0 reason lock
	.byte 0xf0, 0x0f, 0xb1, 0xc8

### case: lock_register_inc
### expect: invalid at +0x0 reason lock
	.byte 0xf0, 0xff, 0xc0

### case: lock_mov_store
### expect: invalid at +0x0 reason lock
	.byte 0xf0, 0x67, 0x89, 0x00    # lock movl %eax,(%eax)

### case: lock_mov_load
### expect: invalid at +0x0 reason lock
	.byte 0xf0, 0x67, 0x8b, 0x00

### case: lock_add_to_register_from_mem
### expect: invalid at +0x0 reason lock
	.byte 0xf0, 0x67, 0x03, 0x00    # lock addl (%eax),%eax: register destination

### case: lock_cmp_mem
### expect: invalid at +0x0 reason lock
	.byte 0xf0, 0x67, 0x83, 0x38, 0x01  # lock cmpl $1,(%eax)

### case: lock_test_mem
### expect: invalid at +0x0 reason lock
	.byte 0xf0, 0x67, 0x85, 0x00    # lock testl %eax,(%eax)

### case: lock_bt_imm_mem
### expect: invalid at +0x0 reason lock
	.byte 0xf0, 0x67, 0x0f, 0xba, 0x20, 0x01  # lock btl $1,(%eax)

### case: lock_nop
### expect: invalid at +0x0 reason lock
	.byte 0xf0, 0x90

### case: lock_movs
### expect: invalid at +0x0 reason lock
	.byte 0xf0, 0x67, 0xa4

### case: lock_sse
### expect: invalid at +0x0 reason lock
	.byte 0xf0, 0x67, 0x0f, 0x58, 0x00  # lock addps (%eax),%xmm0

### case: lock_push_mem
### expect: invalid at +0x0 reason lock
	.byte 0xf0, 0x67, 0xff, 0x30

### case: lock_after_valid
### expect: invalid at +0x4 reason lock
	lock incl (%eax)                # f0 67 ff 00
	.byte 0xf0, 0xff, 0xc0

# ---- rep / repne ----

### case: rep_on_add
### expect: invalid at +0x0 reason prefix
	.byte 0xf3, 0x01, 0xc0

### case: repne_on_mov
### expect: invalid at +0x0 reason prefix
	.byte 0xf2, 0x89, 0xc0

### case: rep_on_mem_add
### expect: invalid at +0x0
	.byte 0xf3, 0x67, 0x01, 0x00

### case: rep_on_push
### expect: invalid at +0x0
	.byte 0xf3, 0x50

### case: rep_on_call
### expect: invalid at +0x1a
	.fill 26, 1, 0x90
	.byte 0xf3, 0xe8, 0, 0, 0, 0

### case: pause_ok
### expect: ok
	pause

### case: mandatory_f3_f2_ok
### expect: ok
	popcntl %ecx, %eax
	crc32l %ecx, %eax
	movss %xmm1, %xmm0
	movsd %xmm1, %xmm0
	cvtsi2sdl %eax, %xmm0

# ---- segment prefixes ----

### case: jcc_hint_2e
### expect: ok
	.byte 0x2e, 0x74, 0x00          # je, predicted not taken
	.byte 0x3e, 0x75, 0x00          # jne, predicted taken
	.byte 0x2e, 0x0f, 0x84, 0, 0, 0, 0
	.byte 0x3e, 0x0f, 0x85, 0, 0, 0, 0

### case: jcc_hint_twice
### expect: invalid at +0x0
	.byte 0x2e, 0x2e, 0x74, 0x00

### case: jcc_hint_both
### expect: invalid at +0x0
	.byte 0x2e, 0x3e, 0x74, 0x00

### case: jcc_26
### expect: invalid at +0x0
	.byte 0x26, 0x74, 0x00

### case: jcc_36
### expect: invalid at +0x0
	.byte 0x36, 0x74, 0x00

### case: jcc_64
### expect: invalid at +0x0
	.byte 0x64, 0x74, 0x00

### case: jmp_2e
### expect: invalid at +0x0
	.byte 0x2e, 0xeb, 0x00

### case: jmp_3e
### expect: invalid at +0x0
	.byte 0x3e, 0xe9, 0, 0, 0, 0

### case: call_2e
### expect: invalid at +0x1a
	.fill 26, 1, 0x90
	.byte 0x2e, 0xe8, 0, 0, 0, 0

### case: notrack_masked_jmp
### expect: invalid at +0x3
	andl $-32, %eax
	.byte 0x3e, 0xff, 0xe0          # notrack jmp *%rax

### case: loop_2e
### expect: invalid at +0x0
	.byte 0x2e, 0xe2, 0xfd

### case: long_nop_2e
### expect: ok
	.byte 0x66, 0x2e, 0x0f, 0x1f, 0x84, 0, 0, 0, 0, 0
	.byte 0x2e, 0x0f, 0x1f, 0x84, 0, 0, 0, 0, 0

### case: long_nop_3e
### expect: invalid at +0x0
	.byte 0x3e, 0x0f, 0x1f, 0x84, 0, 0, 0, 0, 0

### case: long_nop_26
### expect: invalid at +0x0
	.byte 0x26, 0x0f, 0x1f, 0x00

### case: mem_2e
### expect: invalid at +0x0 reason segment
	.byte 0x2e, 0x67, 0x8b, 0x00

### case: mem_3e
### expect: invalid at +0x0 reason segment
	.byte 0x3e, 0x67, 0x8b, 0x00

### case: mem_26
### expect: invalid at +0x0 reason segment
	.byte 0x26, 0x67, 0x8b, 0x00

### case: mem_36
### expect: invalid at +0x0 reason segment
	.byte 0x36, 0x67, 0x8b, 0x00

### case: seg_on_register_op
### expect: invalid at +0x0
	.byte 0x2e, 0x01, 0xc0

### case: seg_26_on_nop
### expect: invalid at +0x0
	.byte 0x26, 0x90

### case: seg_36_string
### expect: invalid at +0x0
	.byte 0x36, 0x67, 0xa4

# ---- length ----

### case: len_14_ok
### expect: ok
	.byte 0xf0, 0x67, 0x48, 0x81, 0x84, 0x88, 0x78, 0x56, 0x34, 0x12, 0x01, 0, 0, 0
	# lock addq $1,0x12345678(%eax,%ecx,4): 14 bytes

### case: len_16
### expect: invalid at +0x0
	.byte 0x66, 0x67, 0xf0, 0xf2, 0x48, 0x81, 0x84, 0x88, 0x78, 0x56, 0x34, 0x12, 0x01, 0, 0, 0

### case: len_15_nop_prefixes
### expect: invalid at +0x0
	.byte 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x2e, 0x0f, 0x1f, 0x84, 0, 0, 0, 0, 0

### case: prefixes_only_then_hlt
### expect: invalid at +0x0
	.byte 0x66, 0x67, 0xf3, 0xf0

# ---- VEX with prefixes ----

### case: vex_with_66
### expect: invalid at +0x0
	.byte 0x66, 0xc5, 0xf8, 0x77

### case: vex_with_rex
### expect: invalid at +0x0
	.byte 0x48, 0xc5, 0xf8, 0x77
