# Rule 8: instructions forbidden outright (system, segment, timing, TSX,
# flags, xsave, CET, descriptor tables, control/debug registers, cache
# flushes, 3DNow!, XOP, UD0, REX2, interrupts). Each is rejected at its
# offset; hlt and ud2 stay allowed.

### case: syscall
### expect: invalid at +0x0
	syscall

### case: syscall_after_valid
### expect: invalid at +0x6
	movl $60, %eax
	nop
	syscall

### case: syscall_second_bundle
### expect: invalid at +0x20
	.fill 32, 1, 0x90
	syscall

### case: sysenter
### expect: invalid at +0x0
	sysenter

### case: sysexit
### expect: invalid at +0x0
	sysexit

### case: sysret
### expect: invalid at +0x0
	sysretl

### case: int_0x80
### expect: invalid at +0x0
	int $0x80

### case: int_3_imm
### expect: invalid at +0x0
	.byte 0xcd, 0x03

### case: int3
### expect: invalid at +0x0
	int3

### case: int1
### expect: invalid at +0x0
	.byte 0xf1

### case: into
### expect: invalid at +0x0
	.byte 0xce

### case: iret
### expect: invalid at +0x0
	.byte 0xcf

### case: iretq
### expect: invalid at +0x0
	.byte 0x48, 0xcf

### case: lret_cb
### expect: invalid at +0x0
	.byte 0xcb

### case: lret_imm_ca
### expect: invalid at +0x0
	.byte 0xca, 0x08, 0x00

### case: ljmp_direct_ea
### expect: invalid at +0x0
	.byte 0xea, 0, 0, 0, 0, 0x33, 0 # invalid in 64-bit mode

### case: lcall_direct_9a
### expect: invalid at +0x0
	.byte 0x9a, 0, 0, 0, 0, 0x33, 0

### case: ljmp_mem
### expect: invalid at +0x0
	.byte 0x67, 0xff, 0x28          # ljmp *(%eax)

### case: lcall_mem
### expect: invalid at +0x0
	.byte 0x67, 0xff, 0x18          # lcall *(%eax)

### case: ljmpq_mem
### expect: invalid at +0x0
	.byte 0x67, 0x48, 0xff, 0x28    # rex.W ljmp *(%eax)

### case: mov_to_ds
### expect: invalid at +0x0
	movw %ax, %ds

### case: mov_to_ss
### expect: invalid at +0x0
	movw %ax, %ss

### case: mov_to_fs
### expect: invalid at +0x0
	movw %ax, %fs

### case: mov_to_gs_mem
### expect: invalid at +0x0
	movw (%eax), %gs

### case: mov_from_ds
### expect: invalid at +0x0
	movw %ds, %ax

### case: mov_from_fs
### expect: invalid at +0x0
	movl %fs, %eax

### case: mov_from_cs_mem
### expect: invalid at +0x0
	movw %cs, (%eax)

### case: push_fs
### expect: invalid at +0x0
	pushq %fs

### case: pop_fs
### expect: invalid at +0x0
	popq %fs

### case: push_gs
### expect: invalid at +0x0
	pushq %gs

### case: pop_gs
### expect: invalid at +0x0
	popq %gs

### case: push_cs_32bit_only
### expect: invalid at +0x0
	.byte 0x0e

### case: push_ds_32bit_only
### expect: invalid at +0x0
	.byte 0x1e

### case: lfs
### expect: invalid at +0x0
	lfsl (%eax), %eax

### case: lgs
### expect: invalid at +0x0
	lgsl (%eax), %eax

### case: fs_prefix
### expect: invalid at +0x0
	movl %fs:(%eax), %eax

### case: gs_prefix
### expect: invalid at +0x0
	movl %gs:(%eax), %eax

### case: fs_prefix_absolute
### expect: invalid at +0x0
	.byte 0x64, 0x67, 0x8b, 0x04, 0x25, 0x28, 0, 0, 0   # movl %fs:0x28,%eax

### case: fs_prefix_on_nop
### expect: invalid at +0x0
	.byte 0x64, 0x90

### case: gs_prefix_on_register_op
### expect: invalid at +0x0
	.byte 0x65, 0x01, 0xc0

### case: rdfsbase
### expect: invalid at +0x0
	rdfsbase %rax

### case: rdgsbase
### expect: invalid at +0x0
	rdgsbase %eax

### case: wrfsbase
### expect: invalid at +0x0
	wrfsbase %rax

### case: wrgsbase
### expect: invalid at +0x0
	wrgsbase %rax

### case: swapgs
### expect: invalid at +0x0
	swapgs

### case: in_dx
### expect: invalid at +0x0
	inb %dx, %al

### case: in_imm
### expect: invalid at +0x0
	inl $0x60, %eax

### case: out_dx
### expect: invalid at +0x0
	outb %al, %dx

### case: out_imm
### expect: invalid at +0x0
	outl %eax, $0x80

### case: insb
### expect: invalid at +0x0
	.byte 0x67, 0x6c                # insb (%dx),%es:(%edi)

### case: rep_insl
### expect: invalid at +0x0
	.byte 0xf3, 0x67, 0x6d

### case: outsb
### expect: invalid at +0x0
	.byte 0x67, 0x6e

### case: outsl_no67
### expect: invalid at +0x0
	.byte 0x6f

### case: rdtsc
### expect: invalid at +0x0
	rdtsc

### case: rdtscp
### expect: invalid at +0x0
	rdtscp

### case: rdpmc
### expect: invalid at +0x0
	rdpmc

### case: rdpid
### expect: invalid at +0x0
	.byte 0xf3, 0x0f, 0xc7, 0xf8    # rdpid %rax

### case: rdpru
### expect: invalid at +0x0
	.byte 0x0f, 0x01, 0xfd

### case: rdrand
### expect: invalid at +0x0
	rdrandl %eax

### case: rdseed
### expect: invalid at +0x0
	rdseedq %rcx

### case: cpuid
### expect: invalid at +0x0
	cpuid

### case: xgetbv
### expect: invalid at +0x0
	xgetbv

### case: xsetbv
### expect: invalid at +0x0
	xsetbv

### case: monitor
### expect: invalid at +0x0
	.byte 0x0f, 0x01, 0xc8

### case: mwait
### expect: invalid at +0x0
	.byte 0x0f, 0x01, 0xc9

### case: monitorx
### expect: invalid at +0x0
	.byte 0x0f, 0x01, 0xfa

### case: mwaitx
### expect: invalid at +0x0
	.byte 0x0f, 0x01, 0xfb

### case: umonitor
### expect: invalid at +0x0
	.byte 0xf3, 0x0f, 0xae, 0xf0    # umonitor %rax

### case: umwait
### expect: invalid at +0x0
	.byte 0xf2, 0x0f, 0xae, 0xf0    # umwait %eax

### case: tpause
### expect: invalid at +0x0
	.byte 0x66, 0x0f, 0xae, 0xf0    # tpause %eax

### case: serialize
### expect: invalid at +0x0
	.byte 0x0f, 0x01, 0xe8

### case: ptwrite
### expect: invalid at +0x0
	ptwritel (%eax)

### case: ptwrite_reg
### expect: invalid at +0x0
	.byte 0xf3, 0x0f, 0xae, 0xe0    # ptwrite %eax

### case: xbegin
### expect: invalid at +0x0
	.byte 0xc7, 0xf8, 0, 0, 0, 0    # xbegin .+6

### case: xend
### expect: invalid at +0x0
	xend

### case: xabort
### expect: invalid at +0x0
	xabort $1

### case: xtest
### expect: invalid at +0x0
	xtest

### case: pushf
### expect: invalid at +0x0
	pushfq

### case: popf
### expect: invalid at +0x0
	popfq

### case: pushfw
### expect: invalid at +0x0
	.byte 0x66, 0x9c

### case: wrpkru
### expect: invalid at +0x0
	.byte 0x0f, 0x01, 0xef

### case: rdpkru
### expect: invalid at +0x0
	.byte 0x0f, 0x01, 0xee

### case: xsave
### expect: invalid at +0x0
	xsave (%eax)

### case: xsave64
### expect: invalid at +0x0
	xsave64 (%eax)

### case: xrstor
### expect: invalid at +0x0
	xrstor (%eax)

### case: xsaveopt
### expect: invalid at +0x0
	xsaveopt (%eax)

### case: xsavec
### expect: invalid at +0x0
	xsavec (%eax)

### case: xsaves
### expect: invalid at +0x0
	xsaves (%eax)

### case: xrstors
### expect: invalid at +0x0
	xrstors (%eax)

### case: fxsave
### expect: invalid at +0x0
	fxsave (%eax)

### case: fxrstor
### expect: invalid at +0x0
	fxrstor (%eax)

### case: fxsave64
### expect: invalid at +0x0
	fxsave64 (%eax)

### case: endbr64
### expect: invalid at +0x0
	endbr64

### case: endbr32
### expect: invalid at +0x0
	endbr32

### case: incsspq
### expect: invalid at +0x0
	incsspq %rax

### case: rdsspq
### expect: invalid at +0x0
	rdsspq %rax

### case: wrssq
### expect: invalid at +0x0
	wrssq %rax, (%eax)

### case: wrussq
### expect: invalid at +0x0
	wrussq %rax, (%eax)

### case: setssbsy
### expect: invalid at +0x0
	setssbsy

### case: saveprevssp
### expect: invalid at +0x0
	saveprevssp

### case: rstorssp
### expect: invalid at +0x0
	rstorssp (%eax)

### case: clrssbsy
### expect: invalid at +0x0
	clrssbsy (%eax)

### case: uiret
### expect: invalid at +0x0
	.byte 0xf3, 0x0f, 0x01, 0xec

### case: stui
### expect: invalid at +0x0
	.byte 0xf3, 0x0f, 0x01, 0xef

### case: senduipi
### expect: invalid at +0x0
	.byte 0xf3, 0x0f, 0xc7, 0xf0    # senduipi %rax

### case: enclu
### expect: invalid at +0x0
	.byte 0x0f, 0x01, 0xd7

### case: getsec
### expect: invalid at +0x0
	.byte 0x0f, 0x37

### case: sgdt
### expect: invalid at +0x0
	sgdt (%eax)

### case: sidt
### expect: invalid at +0x0
	sidt (%eax)

### case: sldt
### expect: invalid at +0x0
	sldt %eax

### case: str
### expect: invalid at +0x0
	str %eax

### case: smsw
### expect: invalid at +0x0
	smsw %eax

### case: smsw_mem
### expect: invalid at +0x0
	smsw (%eax)

### case: lgdt
### expect: invalid at +0x0
	lgdt (%eax)

### case: lidt
### expect: invalid at +0x0
	lidt (%eax)

### case: lldt
### expect: invalid at +0x0
	lldt %ax

### case: ltr
### expect: invalid at +0x0
	ltr %ax

### case: lmsw
### expect: invalid at +0x0
	lmsw %ax

### case: lar
### expect: invalid at +0x0
	larl %ecx, %eax

### case: lsl
### expect: invalid at +0x0
	lsll %ecx, %eax

### case: verr
### expect: invalid at +0x0
	verr %ax

### case: verw
### expect: invalid at +0x0
	verw %ax

### case: mov_from_cr0
### expect: invalid at +0x0
	movq %cr0, %rax

### case: mov_to_cr3
### expect: invalid at +0x0
	movq %rax, %cr3

### case: mov_from_dr0
### expect: invalid at +0x0
	movq %db0, %rax

### case: mov_to_dr7
### expect: invalid at +0x0
	movq %rax, %db7

### case: clts
### expect: invalid at +0x0
	clts

### case: invd
### expect: invalid at +0x0
	invd

### case: wbinvd
### expect: invalid at +0x0
	wbinvd

### case: invlpg
### expect: invalid at +0x0
	invlpg (%eax)

### case: rdmsr
### expect: invalid at +0x0
	rdmsr

### case: wrmsr
### expect: invalid at +0x0
	wrmsr

### case: rsm
### expect: invalid at +0x0
	rsm

### case: clac
### expect: invalid at +0x0
	.byte 0x0f, 0x01, 0xca

### case: cli
### expect: invalid at +0x0
	cli

### case: sti
### expect: invalid at +0x0
	sti

### case: clflush
### expect: invalid at +0x0
	clflush (%eax)

### case: clflushopt
### expect: invalid at +0x0
	clflushopt (%eax)

### case: clwb
### expect: invalid at +0x0
	clwb (%eax)

### case: cldemote
### expect: invalid at +0x0
	.byte 0x67, 0x0f, 0x1c, 0x00    # cldemote (%eax)

### case: clflush_after_valid_load
### expect: invalid at +0x3
	movl (%eax), %ecx
	clflush (%eax)

### case: amd3dnow_pfadd
### expect: invalid at +0x0
	.byte 0x0f, 0x0f, 0xc1, 0x9e    # pfadd %mm1,%mm0

### case: amd3dnow_mem
### expect: invalid at +0x0
	.byte 0x67, 0x0f, 0x0f, 0x00, 0xb4  # pfmul (%eax),%mm0

### case: femms
### expect: invalid at +0x0
	.byte 0x0f, 0x0e

### case: xop_reg1
### expect: invalid at +0x0
	.byte 0x8f, 0xe9, 0x78, 0xc2, 0xc1  # XOP vphaddbd %xmm1,%xmm0

### case: xop_8f_reg_nonzero
### expect: invalid at +0x0
	.byte 0x8f, 0xc8, 0x00          # 8f /1 (XOP map 8 prefix)

### case: ud0
### expect: invalid at +0x0
	.byte 0x0f, 0xff, 0xc0

### case: ud0_no_modrm
### expect: invalid at +0x0
	.byte 0x0f, 0xff
	nop

### case: ud1
### expect: invalid at +0x0
	.byte 0x0f, 0xb9, 0xc0

### case: rex2
### expect: invalid at +0x0
	.byte 0xd5, 0x10, 0x89, 0xc0    # REX2 mov %eax,%r16d

### case: rex2_after_valid
### expect: invalid at +0x1
	nop
	.byte 0xd5, 0x00, 0x01, 0xc0

### case: salc
### expect: invalid at +0x0
	.byte 0xd6

### case: aam
### expect: invalid at +0x0
	.byte 0xd4, 0x0a

### case: daa
### expect: invalid at +0x0
	.byte 0x27

### case: bound_is_evex
### expect: invalid at +0x0
	.byte 0x62, 0xf1, 0x7c, 0x48, 0x58, 0xc1  # EVEX vaddps

### case: les_is_vex
### expect: invalid at +0x0
	.byte 0xc4, 0xe2, 0x79, 0x18, 0x00  # VEX vbroadcastss

### case: arpl_slot_63_movsxd_ok
### expect: ok
	.byte 0x48, 0x63, 0xc1          # movslq %ecx,%rax

### case: unknown_0f_04
### expect: invalid at +0x0
	.byte 0x0f, 0x04

### case: unknown_0f_0a
### expect: invalid at +0x0
	.byte 0x0f, 0x0a

### case: unknown_0f_a6
### expect: invalid at +0x0
	.byte 0x0f, 0xa6, 0xc0

### case: unknown_0f_38_ff
### expect: invalid at +0x0
	.byte 0x0f, 0x38, 0xff, 0xc0

### case: hreset
### expect: invalid at +0x0
	.byte 0xf3, 0x0f, 0x3a, 0xf0, 0xc0, 0x00

### case: wbnoinvd
### expect: invalid at +0x0
	.byte 0xf3, 0x0f, 0x09

### case: pconfig
### expect: invalid at +0x0
	.byte 0x0f, 0x01, 0xc5

### case: hlt_allowed
### expect: ok
	hlt
	movl $1, %eax
	hlt

### case: ud2_allowed
### expect: ok
	ud2
	nop
	ud2
