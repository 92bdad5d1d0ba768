# Rule 6: every direct jmp/jcc/call/loop/jrcxz target is an instruction start
# in the validated code (not the 2nd instruction of a mask pair nor the 2nd,
# 3rd or 4th of the in-place return) or exactly a trampoline slot start 0x10000+32k,
# k < 2048. Violations are reported at the branch. (gen.py sweeps more.)

### case: jmp_forward
### expect: ok
	jmp .Lt
	movl $1, %eax
.Lt:
	nop

### case: jmp_backward
### expect: ok
.Lt:
	movl $1, %eax
	jmp .Lt

### case: jmp_self
### expect: ok
.Lt:
	jmp .Lt

### case: jmp_near_forward_far
### expect: ok
	jmp .Lt
	.fill 300, 1, 0x90
.Lt:
	nop

### case: jmp_into_hlt_tail
### expect: ok
	.byte 0xeb, 0x1e                # jmp .+0x20: first byte of the hlt tail
	.fill 30, 1, 0x90

### case: jmp_to_last_hlt
### expect: ok
### epilogue: none
	.byte 0xe9, 0x3a, 0, 0, 0       # jmp to +0x3f, the last byte of the code
	.fill 27, 1, 0x90
	.fill 32, 1, 0xf4

### case: jmp_past_end
### expect: invalid at +0x0 reason target
### epilogue: none
	.byte 0xe9, 0x3b, 0, 0, 0       # jmp to +0x40: one past the end
	.fill 27, 1, 0x90
	.fill 32, 1, 0xf4

### case: jmp_far_past_end
### expect: invalid at +0x0 reason target
	jmpabs 0x20000 + 0x1000

### case: jmp_mid_instruction
### expect: invalid at +0x0 reason target
	.byte 0xeb, 0x01                # jmp .+3: inside the movl
	movl $1, %eax

### case: jmp_mid_instruction_backward
### expect: invalid at +0x5 reason target
	movl $1, %eax
	.byte 0xeb, 0xfa                # jmp .-4: to +1
	nop

### case: jmp_to_prefix_byte_ok
### expect: ok
	.byte 0xeb, 0x00                # jmp .+2: to the 66 prefix
	.byte 0x66, 0x90

### case: jmp_past_prefix_byte
### expect: invalid at +0x0 reason target
	.byte 0xeb, 0x01                # jmp .+3: past the 66 prefix
	.byte 0x66, 0x90

### case: jmp_into_long_nop
### expect: invalid at +0x0 reason target
	.byte 0xeb, 0x03                # to +5, inside the 10-byte nop at +2
	.byte 0x66, 0x2e, 0x0f, 0x1f, 0x84, 0, 0, 0, 0, 0

### case: jmp_into_own_operand
### expect: invalid at +0x0 reason target
	.byte 0xeb, 0xff                # jmp .+1: its own displacement byte

### case: jcc_short_ok
### expect: ok
	je .Lt
	jne .Lt
	jb .Lt
	jg .Lt
.Lt:
	nop

### case: jcc_short_mid
### expect: invalid at +0x0 reason target
	.byte 0x74, 0x02                # je to +4, inside the movl at +2
	movl $1, %eax

### case: jcc_near_mid
### expect: invalid at +0x0 reason target
	.byte 0x0f, 0x85, 0x02, 0, 0, 0 # jne to +8, inside the movl at +6
	movl $1, %eax

### case: jcc_near_ok
### expect: ok
	.byte 0x0f, 0x85, 0x05, 0, 0, 0 # jne to +11, after the movl
	movl $1, %eax
	nop

### case: loop_ok
### expect: ok
.Lt:
	decl %ecx
	loop .Lt
	loope .Lt
	loopne .Lt
	jrcxz .Lt

### case: loop_mid
### expect: invalid at +0x5 reason target
	movl $1, %eax
	.byte 0xe2, 0xfa                # loop to +1

### case: loope_mid
### expect: invalid at +0x5 reason target
	movl $1, %eax
	.byte 0xe1, 0xfa                # loope to +1

### case: loopne_mid
### expect: invalid at +0x5 reason target
	movl $1, %eax
	.byte 0xe0, 0xfa                # loopne to +1

### case: jrcxz_mid
### expect: invalid at +0x5 reason target
	movl $1, %eax
	.byte 0xe3, 0xfa                # jrcxz to +1

### case: jrcxz_outside
### expect: invalid at +0x0 reason target
	.byte 0xe3, 0x80                # jrcxz .-126: before the code

### case: call_mid
### expect: invalid at +0x1b reason target
	movl $1, %eax
	.fill 22, 1, 0x90
	.byte 0xe8, 0xe1, 0xff, 0xff, 0xff  # call to +1 (ends at 32)

# ---- pseudo-instruction interiors ----

### case: jmp_to_mask_andl
### expect: ok
	jmp .Lt
	nop
.Lt:
	andl $-32, %eax
	jmp *%rax

### case: jmp_to_mask_jmp
### expect: invalid at +0x0 reason target
	jmp .Lt
	nop
	andl $-32, %eax
.Lt:
	jmp *%rax

### case: jmp_to_mask_jmp_r11
### expect: invalid at +0x0 reason target
	jmp .Lt
	andl $-32, %r11d
.Lt:
	jmp *%r11

### case: jcc_to_mask_jmp_backward
### expect: invalid at +0x5 reason target
	andl $-32, %eax
.Lt:
	jmp *%rax
	je .Lt

### case: jmp_to_masked_call
### expect: invalid at +0x0 reason target
	jmp .Lt
	.fill 25, 1, 0x90
	andl $-32, %eax                 # 27..29
.Lt:
	call *%rax                      # 30..31

### case: call_to_masked_call
### expect: invalid at +0x1b reason target
	.fill 27, 1, 0x90
	call .Lt                        # 27..31
	.fill 27, 1, 0x90
	andl $-32, %eax
.Lt:
	call *%rax

### case: jmp_to_retseq_start
### expect: ok
	jmp .Lt
	nop
.Lt:
	movl (%esp), %r11d
	andl $-32, %r11d
	movq %r11, (%esp)
	ret

### case: jmp_to_retseq_andl
### expect: invalid at +0x0 reason target
	jmp .Lt
	nop
	movl (%esp), %r11d
.Lt:
	andl $-32, %r11d
	movq %r11, (%esp)
	ret

### case: jmp_to_retseq_movq
### expect: invalid at +0x0 reason target
	jmp .Lt
	nop
	movl (%esp), %r11d
	andl $-32, %r11d
.Lt:
	movq %r11, (%esp)
	ret

### case: jmp_to_retseq_ret
### expect: invalid at +0x0 reason target
	jmp .Lt
	nop
	movl (%esp), %r11d
	andl $-32, %r11d
	movq %r11, (%esp)
.Lt:
	ret

### case: jcc_to_retseq_ret_backward
### expect: invalid at +0xf reason target
	movl (%esp), %r11d
	andl $-32, %r11d
	movq %r11, (%esp)
.Lt:
	ret
	jne .Lt

### case: jcc_to_retseq_movq_backward
### expect: invalid at +0xf reason target
	movl (%esp), %r11d
	andl $-32, %r11d
.Lt:
	movq %r11, (%esp)
	ret
	jne .Lt

### case: loop_to_retseq_andl
### expect: invalid at +0xf reason target
	movl (%esp), %r11d
.Lt:
	andl $-32, %r11d
	movq %r11, (%esp)
	ret
	loop .Lt

### case: call_to_retseq_movq
### expect: invalid at +0x3b reason target
	movl (%esp), %r11d
	andl $-32, %r11d
.Lt:
	movq %r11, (%esp)
	ret
	.fill 44, 1, 0x90
	call .Lt                        # 59..63

### case: jmp_into_retseq_bytes
### expect: invalid at +0x0 reason target
	jmp .Lt+1                       # inside the load
	nop
.Lt:
	movl (%esp), %r11d
	andl $-32, %r11d
	movq %r11, (%esp)
	ret

### case: jmp_to_instruction_after_retseq
### expect: ok
	jmp .Lt
	movl (%esp), %r11d
	andl $-32, %r11d
	movq %r11, (%esp)
	ret
.Lt:
	nop

### case: jmp_to_instruction_after_mask
### expect: ok
	jmp .Lt
	andl $-32, %eax
	jmp *%rax
.Lt:
	nop

### case: jmp_to_pop_r11_return
### expect: ok
	jmp .Lt
	nop
.Lt:
	popq %r11
	andl $-32, %r11d
	jmp *%r11

### case: jmp_to_and_r11_of_return
### expect: ok
# andl $-32,%r11d starts the pair: a fine target (popq is an ordinary insn).
	jmp .Lt
	popq %r11
.Lt:
	andl $-32, %r11d
	jmp *%r11

# ---- trampolines and addresses outside the code ----

### case: jmp_slot0
### expect: ok
	jmpabs 0x10000

### case: jmp_slot1
### expect: ok
	jmpabs 0x10020

### case: jmp_slot_last
### expect: ok
	jmpabs 0x10000 + 32 * 2047

### case: jmp_slot0_plus1
### expect: invalid at +0x0 reason target
	jmpabs 0x10001

### case: jmp_slot1_minus1
### expect: invalid at +0x0 reason target
	jmpabs 0x1001f

### case: jmp_slot_half
### expect: invalid at +0x0 reason target
	jmpabs 0x10010

### case: jmp_below_trampolines
### expect: invalid at +0x0 reason target
	jmpabs 0x10000 - 32

### case: jmp_null
### expect: invalid at +0x0 reason target
	jmpabs 0

### case: jmp_code_minus1
### expect: invalid at +0x0 reason target
	jmpabs 0x20000 - 1

### case: jmp_vsyscall
### expect: invalid at +0x0 reason target
	jmpabs 0xffffffffff600000

### case: call_vsyscall
### expect: invalid at +0x1b reason target
	.fill 27, 1, 0x90
	callabs 0xffffffffff600000

### case: jcc_vsyscall
### expect: invalid at +0x0 reason target
	jeabs 0xffffffffff600000

### case: jcc_slot
### expect: ok
	jeabs 0x10000 + 32 * 3

### case: jcc_slot_plus1
### expect: invalid at +0x0 reason target
	jeabs 0x10000 + 32 * 3 + 1

### case: call_slot_plus1
### expect: invalid at +0x1b reason target
	.fill 27, 1, 0x90
	callabs 0x10000 + 32 * 7 + 1

### case: jmp_aligned_outside
### expect: invalid at +0x0 reason target
	jmpabs 0x40000

### case: jmp_valid_then_bad
### expect: invalid at +0x5 reason target
	jmpabs 0x10000
	jmpabs 0x10004
