# jail.sh - zvm_jail / zvm_unjail (guests/jail.c): valid code becomes
# executable and runs, invalid code is refused (-EPERM = -1), bad ranges give
# -EINVAL (-22); W^X holds: jailed code cannot be written, unjailed or never
# jailed heap cannot be run (each of these ends the session with a signal from
# untrusted code, exit 4).

J=$(guest jail)
_jail_session() {  # MODE
	printf '%s' "$1" >"$d/mode"
	# stderr is a sink: traps write jailed code's bytes there
	STDERR="Channel = /dev/null, /dev/stderr, 0, 0, 0, 0, 1000, 100000" mft "$J" >"$d/m"
	ZIN="$d/mode" zv "$d/m"
}
_jail_all() {
	_jail_session a
	ok_done
	cases_session jail
}
each jail/session_ends_cleanly _jail_all
cases_check jail jail <<'CASES'
jail_valid 0
call_jailed 42
unjail 0
jail_again 0
call_rejailed 43
unjail_again 0
jail_two_chunks 0
call_second_chunk 44
read_into_jailed -22
read_into_jailed_end -22
read_straddles_jailed_start -22
write_from_jailed 5
write_from_jailed_end 1
unjail_second_chunk_of_unit -22
unjail_first_chunk_of_unit -22
unjail_unit_plus_page -22
unjail_unit_less_page -22
call_after_partial_unjails 44
unjail_two_chunks 0
unjail_two_chunks_twice -22
jail_two_pages 0
unjail_second_page -22
unjail_first_page -22
call_two_pages 45
unjail_two_pages 0
jail_unit_a 0
jail_unit_b 0
unjail_a_and_b_together -22
unjail_unit_b 0
unjail_unit_a 0
jail_over_jailed -22
unjail_after_refused_overlap 0
jail_syscall -1
writable_after_refusal 1
jail_jump_outside -1
jail_jump_to_trap 0
unjail_jump_to_trap 0
jail_bare_ret -1
jail_cut_instruction_at_end -1
jail_unaligned -22
jail_unaligned_by_32 -22
jail_size_0 -22
jail_size_100 -22
jail_size_negative -22
jail_size_huge -22
jail_null -22
jail_trampolines -22
jail_text -22
jail_stack -22
jail_4gib -22
jail_4gib_plus_heap -22
jail_past_heap -22
jail_straddles_heap_end -22
jail_last_chunk 0
unjail_last_chunk 0
unjail_never_jailed -22
unjail_text -22
unjail_trampolines -22
unjail_null -22
unjail_unaligned -22
still_healthy 1
CASES

_jail_fault() {  # MODE GUEST_OUTPUT_BEFORE_THE_FAULT HALT_AT_CODE(yes|no)
	_jail_session "$1"
	ok_session 4 0 0 '^Signal 11 from untrusted code: Halting at 0x[0-9A-F]{12}$'
	printf "$2" | ok_guest
	if [ "$3" = yes ]; then
		a=$(grep '^addr ' "$d/_guest" | cut -d' ' -f2)
		ok_eq "halting address" "$(rl 6 | sed 's/.* at 0x0*//')" "$(echo "${a#0x}" | tr a-f A-F)"
	fi
}
each jail/write_to_jailed_code_faults _jail_fault w 'jail 0\naddr 0x30000\n' no
each jail/unjailed_code_is_not_executable _jail_fault x 'jail 0\ncall 42\nunjail 0\naddr 0x30000\n' yes
each jail/heap_is_not_executable _jail_fault h 'addr 0x30000\n' yes
each jail/self_writing_code_faults _jail_fault s 'jail 0\naddr 0x30005\n' yes
each jail/escape_rewrite_faults _jail_fault e 'jail_two_chunks 0\ncall_through_jump 42\nunjail_second -22\njail_second_alone -22\naddr 0x50040\n' no
each jail/refused_code_is_not_executable _jail_fault f 'jail -1\naddr 0x30000\n' yes
