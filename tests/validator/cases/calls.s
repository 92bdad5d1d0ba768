# Rule 7: every call (direct, or the masked indirect pair) ends at a bundle
# end, so return addresses are 32-byte aligned.

### case: direct_call_at_bundle_end
### expect: ok
	.fill 27, 1, 0x90
	call .Lf                        # e8 rel32: 27..31
.Lf:
	hlt

### case: direct_call_one_byte_early
### expect: invalid at +0x1a reason call
	.fill 26, 1, 0x90
	call .Lf                        # 26..30
.Lf:
	hlt

### case: direct_call_at_bundle_start
### expect: invalid at +0x0 reason call
	call .Lf
.Lf:
	hlt

### case: direct_call_mid_second_bundle
### expect: invalid at +0x28 reason call
	.fill 40, 1, 0x90
	call .Lf
.Lf:
	hlt

### case: direct_call_end_of_second_bundle
### expect: ok
	.fill 59, 1, 0x90
	call .Lf                        # 59..63
.Lf:
	hlt

### case: direct_call_backward
### expect: ok
.Lf:
	nop
	.fill 26, 1, 0x90
	call .Lf                        # 27..31, to offset 0

### case: call_self_target_bundle_end
### expect: ok
	.fill 27, 1, 0x90
.Lself:
	call .Lself

### case: call_bundle_lock_align_to_end
### expect: ok
	.bundle_align_mode 5
	movl $1, %eax
	.bundle_lock align_to_end
	call .Lf
	.bundle_unlock
	movl $2, %eax
	.bundle_lock align_to_end
	call .Lf
	.bundle_unlock
.Lf:
	.bundle_lock
	movl (%esp), %r11d
	andl $-32, %r11d
	movq %r11, (%esp)
	ret
	.bundle_unlock

### case: masked_call_at_bundle_end
### expect: ok
	.fill 27, 1, 0x90
	andl $-32, %ecx                 # 27..29
	call *%rcx                      # 30..31

### case: masked_call_r8_at_bundle_end
### expect: ok
	.fill 25, 1, 0x90
	andl $-32, %r8d                 # 25..28
	call *%r8                       # 29..31

### case: masked_call_bundle_locked
### expect: ok
	.bundle_align_mode 5
	movl $1, %eax
	.bundle_lock align_to_end
	andl $-32, %eax
	call *%rax
	.bundle_unlock
	.bundle_lock align_to_end
	andl $-32, %r11d
	call *%r11
	.bundle_unlock

### case: masked_call_one_byte_early
### expect: invalid at +0x1d reason call
	.fill 26, 1, 0x90
	andl $-32, %ecx                 # 26..28
	call *%rcx                      # 29..30
	nop

### case: masked_call_at_bundle_start
### expect: invalid at +0x3 reason call
	andl $-32, %eax
	call *%rax

### case: call_to_slot_at_bundle_end
### expect: ok
	.fill 27, 1, 0x90
	callabs 0x10000 + 32 * 5

### case: call_to_slot_one_byte_early
### expect: invalid at +0x1a
	.fill 26, 1, 0x90
	callabs 0x10000 + 32 * 5
	nop

### case: call_rel32_zero_next
### expect: ok
# call .+5 at the bundle end: target is the next bundle's first instruction.
	.fill 27, 1, 0x90
	.byte 0xe8, 0, 0, 0, 0

### case: call_data16
### expect: invalid at +0x1a
	.fill 26, 1, 0x90
	.byte 0x66, 0xe8, 0, 0, 0, 0    # 66 on a call
