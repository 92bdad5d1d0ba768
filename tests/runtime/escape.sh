# escape.sh - whole nexes that try to leave the sandbox (asm/*.s, linked
# by the suite without the validator). Each must be refused before it runs
# (exit 8 ENOEXEC, the validator state 1 for code, 2 for an ELF the loader
# refuses before validating, as the original) or end in a contained fault: a
# report with exit 4 and "Signal N from untrusted code: Halting at ADDR".

_esc_run() {  # NEXE
	mft "$1" >"$d/m"
	zv "$d/m"
}
_esc_refused() {  # ASM REASON_ERE [start|nostart]
	_esc_run "$(asm "$1" "${3:-start}")"
	ok_session 8 1 0 "^validation failed: at 0x[0-9a-f]+: .*$2"
	ok_guest </dev/null
}
while read -r a why_ere start; do
	[ -n "$a" ] && each "escape/refused_$a" _esc_refused "$a" "$why_ere" "$start"
done <<'CASES'
unprefixed_high 0x67
unprefixed_rsp 0x67
syscall whitelist
int80 whitelist
sysenter whitelist
int3 whitelist
rdtsc whitelist
cpuid whitelist
far_jmp whitelist
far_ret whitelist
memory_indirect whitelist
fs_prefix segment
mov_rsp rsp
lea_rsp rsp
sp16 rsp
unmasked_jmp unmasked
mask_other_reg unmasked
mask_split unmasked
bare_ret ret
mid_insn instruction.start
trampoline_mid target
vsyscall_call target nostart
vsyscall_jmp target nostart
CASES

_esc_contained() {  # ASM SIGNAL [HALT_ADDRESS_ERE]
	_esc_run "$(asm "$1")"
	ok_session 4 0 0 "^Signal $2 from untrusted code: Halting at 0x${3:-[0-9A-F]{12\}}\$"
}
each escape/contained_write_text _esc_contained write_text 11
each escape/contained_exec_heap _esc_contained exec_heap 11 '0000000[0-9A-F]0000'
each escape/contained_exec_stack _esc_contained exec_stack 11 '0000FFFFFF[02468ACE]0'
each escape/contained_exec_data _esc_contained exec_data 11
each escape/contained_exec_rodata _esc_contained exec_rodata 11
each escape/contained_pop_past_4gib _esc_contained pop_guard 11 '0000000200[0-9A-F]{2}'
each escape/contained_push_into_null_guard _esc_contained push_null_guard 11
each escape/contained_trampoline_slot1 _esc_contained trampoline_slot1 11 '000000010020'
each escape/contained_write_trampoline _esc_contained write_trampoline 11
each escape/contained_write_user_manifest _esc_contained write_manifest 11
each escape/contained_trap_forged_return _esc_contained trap_forged_return 11 '000041414140'
each escape/contained_trap_return_above_4gib _esc_contained trap_return_high 11 '0000FFFFFFE0'
_bad_stack() {
	_esc_run "$(asm trap_bad_stack)"
	ok_session 14 0 0 'invalid stack pointer'
}
each escape/trap_with_read_only_stack _bad_stack

# --- ELF-level: segments the loader must refuse -------------------------------------
_elf() {  # SED_ON_nexe.ld STATE_ERE
	sed "$1" "$ZLIB/nexe.ld" >"$d/x.ld"
	cmp -s "$d/x.ld" "$ZLIB/nexe.ld" && { no "the sed '$1' changed nothing in nexe.ld"; return; }
	clang --target=x86_64-linux-gnux32 -c "$here/asm/plain.s" -o "$d/p.o" &&
		ld.lld -m elf32_x86_64 -static -z noexecstack -T "$d/x.ld" "$ZLIB/start.o" "$d/p.o" \
			-o "$d/x.nexe" 2>"$d/ld.err" || { no "cannot link: $(head -c 200 "$d/ld.err")"; return; }
	_esc_run "$d/x.nexe"
	ok_session 8 2 0 "$2"
	ok_guest </dev/null
}
_elf_control() {  # the same link with nexe.ld as it is runs
	clang --target=x86_64-linux-gnux32 -c "$here/asm/plain.s" -o "$d/p.o" &&
		ld.lld -m elf32_x86_64 -static -z noexecstack -T "$ZLIB/nexe.ld" "$ZLIB/start.o" "$d/p.o" \
			-o "$d/x.nexe" 2>"$d/ld.err" || { no "cannot link: $(head -c 200 "$d/ld.err")"; return; }
	_esc_run "$d/x.nexe"
	ok_session 0 0 7 '^ok$'
}
each escape/elf_control_plain_nexe_runs _elf_control
each escape/elf_data_segment_rwx _elf 's/data   PT_LOAD FLAGS(6)/data   PT_LOAD FLAGS(7)/' 'writable and executable'
each escape/elf_data_segment_rx _elf 's/data   PT_LOAD FLAGS(6)/data   PT_LOAD FLAGS(5)/' 'second executable segment'
each escape/elf_text_segment_rwx _elf 's/text   PT_LOAD FLAGS(5)/text   PT_LOAD FLAGS(7)/' 'writable and executable'
each escape/elf_rodata_segment_x _elf 's/rodata PT_LOAD FLAGS(4)/rodata PT_LOAD FLAGS(5)/' 'second executable segment'
each escape/elf_executable_stack _elf 's/stack  PT_GNU_STACK FLAGS(6)/stack  PT_GNU_STACK FLAGS(7)/' 'executable stack'
each escape/elf_data_over_trampolines _elf 's/^\t\.data : {/\t.data 0x10000 : {/' 'below the text'
each escape/elf_data_in_stack _elf 's/^\t\.data : {/\t.data 0xff800000 : {/' 'user manifest and stack'
each escape/elf_entry_in_data _elf 's/^ENTRY(_start)/ENTRY(d)/' 'entry point .* outside the text'
each escape/elf_entry_not_bundle_start _elf 's/^ENTRY(_start)/ENTRY(main)\nmain = _start + 1;/' 'entry point .* bundle'
