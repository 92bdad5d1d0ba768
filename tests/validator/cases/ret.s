# Rule 5: ret is rejected except as the last of the exact return sequence
#   andl $-32,(%esp)  67 83 24 24 e0
#   movl $0,4(%esp)   67 c7 44 24 04 00 00 00 00
#   ret               c3
# adjacent and in one bundle. (Branches into it: targets.s.)

### case: sequence_asm
### expect: ok
	andl $-32, (%esp)
	movl $0, 4(%esp)
	ret

### case: sequence_bytes
### expect: ok
	.byte 0x67, 0x83, 0x24, 0x24, 0xe0
	.byte 0x67, 0xc7, 0x44, 0x24, 0x04, 0, 0, 0, 0
	.byte 0xc3

### case: sequence_ends_at_bundle_end
### expect: ok
	.fill 17, 1, 0x90
	andl $-32, (%esp)               # 17..21
	movl $0, 4(%esp)                # 22..30
	ret                             # 31

### case: two_sequences_one_bundle
### expect: ok
	andl $-32, (%esp)
	movl $0, 4(%esp)
	ret
	andl $-32, (%esp)
	movl $0, 4(%esp)
	ret

### case: sequence_bundle_locked
### expect: ok
	.bundle_align_mode 5
	movabsq $1, %rax
	movabsq $2, %rcx
	.bundle_lock
	andl $-32, (%esp)
	movl $0, 4(%esp)
	ret
	.bundle_unlock

### case: sequence_after_call
### expect: ok
	.fill 27, 1, 0x90
	call .Lf                        # ends at 32
	hlt
.Lf:
	andl $-32, (%esp)
	movl $0, 4(%esp)
	ret

### case: ret_alone
### expect: invalid at +0x0 reason ret
	ret

### case: ret_after_nops
### expect: invalid at +0x7 reason ret
	.fill 7, 1, 0x90
	ret

### case: ret_imm16
### expect: invalid at +0x0
	ret $8

### case: ret_imm16_zero
### expect: invalid at +0x0
	.byte 0xc2, 0x00, 0x00

### case: sequence_with_ret_imm16
### expect: invalid at +0xe
	andl $-32, (%esp)
	movl $0, 4(%esp)
	ret $0

### case: rep_ret
### expect: invalid at +0x0
	.byte 0xf3, 0xc3

### case: sequence_with_rep_ret
### expect: invalid at +0xe
	andl $-32, (%esp)
	movl $0, 4(%esp)
	.byte 0xf3, 0xc3

### case: data16_ret
### expect: invalid at +0x0
	.byte 0x66, 0xc3

### case: rex_w_ret
### expect: invalid at +0xe
	andl $-32, (%esp)
	movl $0, 4(%esp)
	.byte 0x48, 0xc3

### case: split_before_movl
### expect: invalid at +0x29 reason ret
	.fill 27, 1, 0x90
	andl $-32, (%esp)               # 27..31
	movl $0, 4(%esp)                # 32..40
	ret                             # 41

### case: split_before_ret
### expect: invalid at +0x20 reason ret
	.fill 18, 1, 0x90
	andl $-32, (%esp)               # 18..22
	movl $0, 4(%esp)                # 23..31
	ret                             # 32

### case: missing_movl
### expect: invalid at +0x5 reason ret
	andl $-32, (%esp)
	ret

### case: missing_andl
### expect: invalid at +0x9 reason ret
	movl $0, 4(%esp)
	ret

### case: swapped_order
### expect: invalid at +0xe reason ret
	movl $0, 4(%esp)
	andl $-32, (%esp)
	ret

### case: nop_between_andl_movl
### expect: invalid at +0xf reason ret
	andl $-32, (%esp)
	nop
	movl $0, 4(%esp)
	ret

### case: nop_between_movl_ret
### expect: invalid at +0xf reason ret
	andl $-32, (%esp)
	movl $0, 4(%esp)
	nop
	ret

### case: andl_minus16
### expect: invalid at +0xe reason ret
	andl $-16, (%esp)
	movl $0, 4(%esp)
	ret

### case: andl_eax_base
### expect: invalid at +0xd reason ret
	andl $-32, (%eax)               # 67 83 20 e0
	movl $0, 4(%esp)
	ret

### case: andl_disp8_zero
### expect: invalid at +0xf reason ret
	.byte 0x67, 0x83, 0x64, 0x24, 0x00, 0xe0  # andl $-32,0(%esp)
	movl $0, 4(%esp)
	ret

### case: andq_slot
### expect: invalid at +0xf reason ret
	andq $-32, (%esp)               # 67 48 83 24 24 e0
	movl $0, 4(%esp)
	ret

### case: movl_one
### expect: invalid at +0xe reason ret
	andl $-32, (%esp)
	movl $1, 4(%esp)
	ret

### case: movl_disp8
### expect: invalid at +0xe reason ret
	andl $-32, (%esp)
	movl $0, 8(%esp)
	ret

### case: movl_slot_itself
### expect: invalid at +0xd reason ret
	andl $-32, (%esp)
	movl $0, (%esp)                 # 67 c7 04 24 00 00 00 00
	ret

### case: movl_disp32_form
### expect: invalid at +0x11 reason ret
	andl $-32, (%esp)
	.byte 0x67, 0xc7, 0x84, 0x24, 0x04, 0, 0, 0, 0, 0, 0, 0  # movl $0,4(%esp) disp32
	ret

### case: movq_zero
### expect: invalid at +0xf reason ret
	andl $-32, (%esp)
	movq $0, 4(%esp)                # 67 48 c7 44 24 04 00 00 00 00
	ret

### case: movw_zero
### expect: invalid at +0xd reason ret
	andl $-32, (%esp)
	movw $0, 4(%esp)                # 66 67 c7 44 24 04 00 00 (order may vary)
	ret

### case: andl_no67
### expect: invalid at +0x0
	.byte 0x83, 0x24, 0x24, 0xe0    # andl $-32,(%rsp)
	movl $0, 4(%esp)
	ret

### case: movl_no67
### expect: invalid at +0x5
	andl $-32, (%esp)
	.byte 0xc7, 0x44, 0x24, 0x04, 0, 0, 0, 0  # movl $0,4(%rsp)
	ret

### case: two_rets
### expect: invalid at +0xf reason ret
	andl $-32, (%esp)
	movl $0, 4(%esp)
	ret
	ret

### case: second_sequence_partial
### expect: invalid at +0x14 reason ret
	andl $-32, (%esp)
	movl $0, 4(%esp)
	ret
	andl $-32, (%esp)
	ret

### case: lret
### expect: invalid at +0x0
	lret

### case: lret_imm
### expect: invalid at +0x0
	lret $8

### case: iretq
### expect: invalid at +0x0
	iretq

### case: rex40_ret
### expect: invalid at +0xe
	andl $-32, (%esp)
	movl $0, 4(%esp)
	.byte 0x40, 0xc3                # rex ret: not the exact sequence
