# traps.sh - trap abuse (guests/traps.c). One session per runtime build; each
# line the guest prints ("CASE RESULT") is a test, checked against the list
# below (-22 EINVAL, -14 EFAULT, -122 EDQUOT, -1 EPERM). The session must end
# cleanly after all of them: nothing a trap is given may hurt the runtime.

T=$(guest traps)
_traps_session() {
	printf '0123456789' >"$d/in"
	{
		mft "$T"
		echo "Channel = $d/in, /dev/in, 3, 0, 1000, 100000, 0, 0"
		echo "Channel = $d/rw, /dev/rw, 3, 0, 1000, 100000, 100, 100"
		echo "Channel = /dev/null, /dev/sink, 0, 0, 0, 0, 1000, 100000"
	} >"$d/m"
	zv "$d/m"
	ok_done
	cases_session traps
}
each traps/session_ends_cleanly _traps_session
cases_check traps traps <<'CASES'
read_handle_minus1 -22
read_handle_count -22
read_handle_huge -22
read_handle_int_min -22
write_handle_minus1 -22
write_handle_count -22
write_handle_huge -22
read_buf_null -22
read_buf_0x8000 -22
read_buf_trampoline -22
read_buf_text -22
read_buf_rodata -22
read_buf_user_manifest -22
read_buf_manifest_pointer -22
read_buf_past_heap -22
read_buf_straddles_heap_end -22
read_buf_0xffffffff_size2 -22
read_buf_4gib -22
read_buf_4gib_plus_heap -22
read_buf_high_bits -22
read_size_beyond_memory -22
read_buf_0xffffffff_size1 1
read_buf_data 10
read_buf_heap 10
read_buf_heap_last_byte 1
read_buf_stack 10
write_buf_null -22
write_buf_0x8000 -22
write_buf_past_heap -22
write_buf_straddles_heap_end -22
write_buf_4gib -22
write_buf_0xffffffff_size2 -22
write_buf_text 16
write_buf_rodata 16
write_buf_user_manifest 16
write_buf_stack 16
read_size_minus1 -14
read_size_int_min -14
write_size_minus1 -14
read_size_is_32_bits 5
read_size0 0
write_size0 0
read_offset_minus1 -22
read_offset_int64_min -22
read_offset_at_end 0
read_offset_past_end -14
read_offset_int64_max -14
read_size0_offset_minus1 0
write_offset_minus1 -22
write_size0_offset_minus1 0
write_rw_ok 3
read_null_buf_on_write_only -22
read_on_write_only -122
args_null -14
args_0x8000 -14
args_0xfffffffc -14
args_cut_by_4gib -14
args_cut_by_heap_end -14
args_fork_at_heap_end 0
args_in_text -1
function_unknown -1
function_zero -1
function_read_high_bits -1
function_exit_high_bits -1
fork 0
write_offset_int64_max -22
still_healthy 1
CASES
