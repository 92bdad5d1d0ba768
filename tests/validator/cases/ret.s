# Rule 5: ret is rejected except as the last of the exact in-place return
#   movl (%esp),%r11d   67 44 8b 1c 24
#   andl $-32,%r11d     41 83 e3 e0
#   movq %r11,(%esp)    67 4c 89 1c 24
#   ret                 c3
# adjacent and in one bundle (the pop form, popq %r11 + a masked jmp, is
# rule 4's pair). The dropped two-store form and every variant of the
# in-place form are rejected. (Branches into the unit: targets.s.)

### case: sequence_asm
### expect: ok
	movl (%esp), %r11d
	andl $-32, %r11d
	movq %r11, (%esp)
	ret

### case: sequence_bytes
### expect: ok
	.byte 0x67, 0x44, 0x8b, 0x1c, 0x24
	.byte 0x41, 0x83, 0xe3, 0xe0
	.byte 0x67, 0x4c, 0x89, 0x1c, 0x24
	.byte 0xc3

### case: sequence_ends_at_bundle_end
### expect: ok
	.fill 17, 1, 0x90
	movl (%esp), %r11d              # 17..21
	andl $-32, %r11d                # 22..25
	movq %r11, (%esp)               # 26..30
	ret                             # 31

### case: two_sequences_one_bundle
### expect: ok
	movl (%esp), %r11d
	andl $-32, %r11d
	movq %r11, (%esp)
	ret
	movl (%esp), %r11d
	andl $-32, %r11d
	movq %r11, (%esp)
	ret

### case: sequence_bundle_locked
### expect: ok
	.bundle_align_mode 5
	movabsq $1, %rax
	movabsq $2, %rcx
	.bundle_lock
	movl (%esp), %r11d
	andl $-32, %r11d
	movq %r11, (%esp)
	ret
	.bundle_unlock

### case: sequence_after_call
### expect: ok
	.fill 27, 1, 0x90
	call .Lf                        # ends at 32
	hlt
.Lf:
	movl (%esp), %r11d
	andl $-32, %r11d
	movq %r11, (%esp)
	ret

### case: pop_form
### expect: ok
	popq %r11
	andl $-32, %r11d
	jmp *%r11

### case: pop_form_imm
### expect: ok
	popq %r11
	addl $8, %esp
	andl $-32, %r11d
	jmp *%r11

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
	movl (%esp), %r11d
	andl $-32, %r11d
	movq %r11, (%esp)
	ret $8

### case: sequence_with_ret_imm16_zero
### expect: invalid at +0xe
	movl (%esp), %r11d
	andl $-32, %r11d
	movq %r11, (%esp)
	.byte 0xc2, 0x00, 0x00

### case: rep_ret
### expect: invalid at +0x0
	.byte 0xf3, 0xc3

### case: sequence_with_rep_ret
### expect: invalid at +0xe
	movl (%esp), %r11d
	andl $-32, %r11d
	movq %r11, (%esp)
	.byte 0xf3, 0xc3

### case: data16_ret
### expect: invalid at +0x0
	.byte 0x66, 0xc3

### case: sequence_with_data16_ret
### expect: invalid at +0xe
	movl (%esp), %r11d
	andl $-32, %r11d
	movq %r11, (%esp)
	.byte 0x66, 0xc3

### case: rex_w_ret
### expect: invalid at +0xe
	movl (%esp), %r11d
	andl $-32, %r11d
	movq %r11, (%esp)
	.byte 0x48, 0xc3

### case: rex40_ret
### expect: invalid at +0xe
	movl (%esp), %r11d
	andl $-32, %r11d
	movq %r11, (%esp)
	.byte 0x40, 0xc3

### case: lret_closing
### expect: invalid at +0xe
	movl (%esp), %r11d
	andl $-32, %r11d
	movq %r11, (%esp)
	lret

# The dropped form: two 4-byte stores.
### case: dropped_two_store_form
### expect: invalid at +0xe reason ret
	andl $-32, (%esp)
	movl $0, 4(%esp)
	ret

### case: dropped_two_store_form_locked
### expect: invalid at +0xe reason ret
	.bundle_align_mode 5
	.bundle_lock
	andl $-32, (%esp)
	movl $0, 4(%esp)
	ret
	.bundle_unlock

# The unit across a bundle boundary, at each of its three joints.
### case: split_before_andl
### expect: invalid at +0x29 reason ret
	.fill 27, 1, 0x90
	movl (%esp), %r11d              # 27..31
	andl $-32, %r11d                # 32..35
	movq %r11, (%esp)               # 36..40
	ret                             # 41

### case: split_before_movq
### expect: invalid at +0x25 reason ret
	.fill 23, 1, 0x90
	movl (%esp), %r11d              # 23..27
	andl $-32, %r11d                # 28..31
	movq %r11, (%esp)               # 32..36
	ret                             # 37

### case: split_before_ret
### expect: invalid at +0x20 reason ret
	.fill 18, 1, 0x90
	movl (%esp), %r11d              # 18..22
	andl $-32, %r11d                # 23..26
	movq %r11, (%esp)               # 27..31
	ret                             # 32

# A part missing, or the parts in another order.
### case: missing_load
### expect: invalid at +0x9 reason ret
	andl $-32, %r11d
	movq %r11, (%esp)
	ret

### case: missing_mask
### expect: invalid at +0xa reason ret
	movl (%esp), %r11d
	movq %r11, (%esp)
	ret

### case: missing_store
### expect: invalid at +0x9 reason ret
	movl (%esp), %r11d
	andl $-32, %r11d
	ret

### case: mask_before_load
### expect: invalid at +0xe reason ret
	andl $-32, %r11d
	movl (%esp), %r11d
	movq %r11, (%esp)
	ret

### case: store_before_mask
### expect: invalid at +0xe reason ret
	movl (%esp), %r11d
	movq %r11, (%esp)
	andl $-32, %r11d
	ret

### case: nop_after_load
### expect: invalid at +0xf reason ret
	movl (%esp), %r11d
	nop
	andl $-32, %r11d
	movq %r11, (%esp)
	ret

### case: nop_after_mask
### expect: invalid at +0xf reason ret
	movl (%esp), %r11d
	andl $-32, %r11d
	nop
	movq %r11, (%esp)
	ret

### case: nop_after_store
### expect: invalid at +0xf reason ret
	movl (%esp), %r11d
	andl $-32, %r11d
	movq %r11, (%esp)
	nop
	ret

### case: mask_twice
### expect: invalid at +0x12 reason ret
	movl (%esp), %r11d
	andl $-32, %r11d
	andl $-32, %r11d
	movq %r11, (%esp)
	ret

# Another store: 4 bytes, another slot, another encoding.
### case: store_4_bytes
### expect: invalid at +0xe reason ret
	movl (%esp), %r11d
	andl $-32, %r11d
	movl %r11d, (%esp)              # 67 44 89 1c 24
	ret

### case: store_other_slot
### expect: invalid at +0xf reason ret
	movl (%esp), %r11d
	andl $-32, %r11d
	movq %r11, 4(%esp)
	ret

### case: store_slot_8
### expect: invalid at +0xf reason ret
	movl (%esp), %r11d
	andl $-32, %r11d
	movq %r11, 8(%esp)
	ret

### case: store_disp8_zero
### expect: invalid at +0xf reason ret
	movl (%esp), %r11d
	andl $-32, %r11d
	.byte 0x67, 0x4c, 0x89, 0x5c, 0x24, 0x00  # movq %r11,0(%esp)
	ret

### case: store_through_eax
### expect: invalid at +0xd reason ret
	movl (%esp), %r11d
	andl $-32, %r11d
	movq %r11, (%eax)               # 67 4c 89 18
	ret

### case: store_no67
### expect: invalid at +0x9
	movl (%esp), %r11d
	andl $-32, %r11d
	.byte 0x4c, 0x89, 0x1c, 0x24    # movq %r11,(%rsp)
	ret

### case: store_extra_rex
### expect: invalid at +0x9
	movl (%esp), %r11d
	andl $-32, %r11d
	.byte 0x67, 0x40, 0x4c, 0x89, 0x1c, 0x24  # two REX prefixes
	ret

### case: store_swapped_encoding
### expect: invalid at +0xe reason ret
	movl (%esp), %r11d
	andl $-32, %r11d
	.byte 0x67, 0x4c, 0x8b, 0x1c, 0x24  # movq (%esp),%r11: a load, not a store
	ret

# Another load.
### case: load_8_bytes
### expect: invalid at +0xe reason ret
	.byte 0x67, 0x4c, 0x8b, 0x1c, 0x24  # movq (%esp),%r11
	andl $-32, %r11d
	movq %r11, (%esp)
	ret

### case: load_other_slot
### expect: invalid at +0xf reason ret
	movl 4(%esp), %r11d
	andl $-32, %r11d
	movq %r11, (%esp)
	ret

### case: load_no67
### expect: invalid at +0x0
	.byte 0x44, 0x8b, 0x1c, 0x24    # movl (%rsp),%r11d
	andl $-32, %r11d
	movq %r11, (%esp)
	ret

# Another mask.
### case: mask_minus16
### expect: invalid at +0xe reason ret
	movl (%esp), %r11d
	andl $-16, %r11d
	movq %r11, (%esp)
	ret

### case: mask_minus64
### expect: invalid at +0xe reason ret
	movl (%esp), %r11d
	andl $-64, %r11d
	movq %r11, (%esp)
	ret

### case: mask_64_bit
### expect: invalid at +0xe reason ret
	movl (%esp), %r11d
	andq $-32, %r11                 # 49 83 e3 e0
	movq %r11, (%esp)
	ret

### case: mask_imm32
### expect: invalid at +0x11 reason ret
	movl (%esp), %r11d
	.byte 0x41, 0x81, 0xe3, 0xe0, 0xff, 0xff, 0xff  # andl $-32,%r11d (imm32)
	movq %r11, (%esp)
	ret

### case: mask_other_register
### expect: invalid at +0xe reason ret
	movl (%esp), %r11d
	andl $-32, %r10d
	movq %r11, (%esp)
	ret

# Another register, consistently.
### case: register_r10
### expect: invalid at +0xe reason ret
	movl (%esp), %r10d
	andl $-32, %r10d
	movq %r10, (%esp)
	ret

### case: register_rax
### expect: invalid at +0xc reason ret
	movl (%esp), %eax
	andl $-32, %eax
	movq %rax, (%esp)
	ret

### case: register_mixed_store
### expect: invalid at +0xe reason ret
	movl (%esp), %r11d
	andl $-32, %r11d
	movq %r10, (%esp)
	ret

# More than one ret.
### case: two_rets
### expect: invalid at +0xf reason ret
	movl (%esp), %r11d
	andl $-32, %r11d
	movq %r11, (%esp)
	ret
	ret

### case: second_sequence_partial
### expect: invalid at +0x18 reason ret
	movl (%esp), %r11d
	andl $-32, %r11d
	movq %r11, (%esp)
	ret
	andl $-32, %r11d
	movq %r11, (%esp)
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
