# Rule 1: no instruction crosses a 32-byte bundle boundary; the code is a whole
# number of bundles and ends with 32 bytes of hlt.

### case: nop_only
### expect: ok
	nop

### case: hlt_only
### expect: ok
	hlt

### case: mov5_ends_at_bundle_end
### expect: ok
	.fill 27, 1, 0x90
	movl $1, %eax                   # b8 imm32: 27..31

### case: mov5_crosses_by_one
### expect: invalid at +0x1c reason bundle
	.fill 28, 1, 0x90
	movl $1, %eax                   # 28..32

### case: mov5_starts_at_last_byte
### expect: invalid at +0x1f reason bundle
	.fill 31, 1, 0x90
	movl $1, %eax

### case: two_byte_at_last_byte
### expect: invalid at +0x1f reason bundle
	.fill 31, 1, 0x90
	xorl %eax, %eax

### case: two_byte_ends_at_bundle_end
### expect: ok
	.fill 30, 1, 0x90
	xorl %eax, %eax

### case: one_byte_at_last_byte
### expect: ok
	.fill 31, 1, 0x90
	nop

### case: movabs_fits
### expect: ok
	.fill 22, 1, 0x90
	movabsq $0x1122334455667788, %rax   # 10 bytes: 22..31

### case: movabs_crosses
### expect: invalid at +0x17 reason bundle
	.fill 23, 1, 0x90
	movabsq $0x1122334455667788, %rax   # 23..32

### case: cross_second_boundary
### expect: invalid at +0x3c reason bundle
	.fill 60, 1, 0x90
	movl $1, %eax                   # 60..64

### case: cross_in_third_bundle
### expect: invalid at +0x5e reason bundle
	.fill 32, 1, 0x90
	.fill 62, 1, 0x90
	addl $1, %eax                   # 83 c0 01: 94..96

### case: long_nop_crosses
### expect: invalid at +0x1c
	.fill 28, 1, 0x90
	.byte 0x0f, 0x1f, 0x44, 0x00, 0x00  # nopl 0(%rax,%rax): 28..32

### case: long_nop_fits
### expect: ok
	.fill 27, 1, 0x90
	.byte 0x0f, 0x1f, 0x44, 0x00, 0x00

### case: ten_byte_nop_crosses
### expect: invalid at +0x17
	.fill 23, 1, 0x90
	.byte 0x66, 0x2e, 0x0f, 0x1f, 0x84, 0, 0, 0, 0, 0

### case: mem_operand_crosses
### expect: invalid at +0x1e reason bundle
	.fill 30, 1, 0x90
	movl (%eax), %ebx               # 67 8b 18: 30..32

### case: sse_crosses
### expect: invalid at +0x1e reason bundle
	.fill 30, 1, 0x90
	addps %xmm1, %xmm0              # 0f 58 c1: 30..32
	nop

### case: prefix_at_last_byte_then_hlt
### expect: invalid at +0x1f
# 66 at 31 and the epilogue's hlt at 32: 66 f4 would cross (and 66 on hlt
# is not allowed anyway).
	.fill 31, 1, 0x90
	.byte 0x66

### case: escape_at_last_byte
### expect: invalid at +0x1f
# 0f at 31 runs into the next bundle (0f f4 f4: pmuludq %mm4,%mm6).
	.fill 31, 1, 0x90
	.byte 0x0f

### case: rex_at_last_byte
### expect: invalid at +0x1f
# 48 at 31, then 01 c0 at 32: addq %rax,%rax across the boundary.
	.fill 31, 1, 0x90
	.byte 0x48, 0x01, 0xc0

### case: jmp_rel32_crosses
### expect: invalid at +0x1d
	.fill 29, 1, 0x90
	.byte 0xe9, 0, 0, 0, 0          # jmp .+5, 29..33
	nop

### case: call_crosses
### expect: invalid at +0x1c
	.fill 28, 1, 0x90
	.byte 0xe8, 0, 0, 0, 0          # call .+5, 28..32
	nop

### case: hlt_padding_between
### expect: ok
	movl $1, %eax
	.p2align 5, 0xf4
	movl $2, %eax
	.p2align 5, 0xf4
	movl $3, %eax

### case: many_full_bundles
### expect: ok
	.rept 8
	movl $1, %eax                   # 5
	movl $2, %ecx                   # 5
	addl %ecx, %eax                 # 2
	imull $100000, %eax, %edx       # 69 d0 imm32: 6
	movl (%eax), %ebx               # 3
	movl %ebx, 8(%esp)              # 67 89 5c 24 08: 5
	leaq 16(%rsp), %rax             # 5
	nop                             # 1 (32 in all)
	.endr

### case: bundle_mode_pads
### expect: ok
# clang's bundle mode pads with nops (66 2e 0f 1f 84 .., 0f 1f .., 66 90)
# so that nothing crosses.
	.bundle_align_mode 5
	.rept 20
	movl $1, %eax
	movabsq $0x1122334455667788, %rax
	addps %xmm1, %xmm0
	movl 8(%esp), %ebx
	.endr

### case: cross_after_valid_bundles
### expect: invalid at +0x7f reason bundle
	.fill 127, 1, 0x90
	movl (%eax), %ebx               # 127..129

### case: cross_into_hlt_tail
### expect: invalid at +0x1e reason bundle
# The instruction straddles the end of the last code bundle; the harness's
# padding hlts and tail follow.
	.fill 30, 1, 0x90
	movl $1, %eax

# ---- size and hlt tail (no harness epilogue) ----

### case: tail_exact_32_hlt
### expect: ok
### epilogue: none
	.fill 32, 1, 0xf4

### case: tail_code_then_32_hlt
### expect: ok
### epilogue: none
	movl $1, %eax
	.fill 27, 1, 0xf4
	.fill 32, 1, 0xf4

### case: tail_96_hlt
### expect: ok
### epilogue: none
	.fill 96, 1, 0xf4

### case: tail_missing
### expect: invalid reason hlt
### epilogue: none
	.fill 32, 1, 0x90

### case: tail_last_byte_nop
### expect: invalid at +0x3f reason hlt
### epilogue: none
	.fill 32, 1, 0x90
	.fill 31, 1, 0xf4
	nop

### case: tail_first_byte_nop
### expect: invalid at +0x20 reason hlt
### epilogue: none
	.fill 32, 1, 0x90
	nop
	.fill 31, 1, 0xf4

### case: tail_31_hlt_only
### expect: invalid
### epilogue: none
# 63 bytes: neither whole bundles nor a 32-byte hlt tail.
	.fill 32, 1, 0x90
	.fill 31, 1, 0xf4

### case: tail_ud2_instead
### expect: invalid reason hlt
### epilogue: none
	.fill 32, 1, 0xf4
	.rept 16
	ud2
	.endr

### case: size_empty
### expect: invalid
### epilogue: none

### case: size_1
### expect: invalid
### epilogue: none
	hlt

### case: size_31
### expect: invalid
### epilogue: none
	.fill 31, 1, 0xf4

### case: size_33
### expect: invalid
### epilogue: none
	.fill 33, 1, 0xf4

### case: size_65
### expect: invalid
### epilogue: none
	.fill 65, 1, 0xf4

### case: size_48
### expect: invalid
### epilogue: none
	.fill 16, 1, 0x90
	.fill 32, 1, 0xf4
