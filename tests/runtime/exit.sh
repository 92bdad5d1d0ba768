# exit.sh - exit codes, guest faults, memory limits, the user manifest, the
# FPU state across traps, determinism, wall-clock and CPU limits
# (guests/exits.c: the command comes on stdin).

X=$(guest exits)
_x() {  # COMMAND [MEMORY]: runs exits.nexe with COMMAND on stdin
	printf '%s' "$1" >"$d/cmd"
	MEM=${2:-} mft "$X" >"$d/m"
	ZIN="$d/cmd" zv "$d/m"
}

# --- exit codes: the guest's code is reported as written; zerovm exits 0 ----------
_code() {  # COMMAND WANT
	_x "$1"
	ok_session 0 0 "$2" '^ok$'
	ok_guest </dev/null
}
each exit/zvm_exit_0 _code "e 0" 0
each exit/zvm_exit_1 _code "e 1" 1
each exit/zvm_exit_255 _code "e 255" 255
each exit/zvm_exit_256 _code "e 256" 256
each exit/zvm_exit_minus1 _code "e -1" -1
each exit/zvm_exit_int_max _code "e 2147483647" 2147483647
each exit/zvm_exit_int_min _code "e -2147483648" -2147483648
each exit/zvm_exit_64bit_is_truncated _code "e 4294967301" 5
each exit/main_returns_7 _code "r 7" 7
each exit/main_returns_minus1 _code "r -1" -1

# --- zerovm -X (zvsh's mode): the guest's code is zerovm's, the report only on failure
_xmode() {  # COMMAND WANT-EXIT-CODE
	printf '%s' "$1" >"$d/cmd"
	mft "$X" >"$d/m"
	ZIN="$d/cmd" zv -X "$d/m"
	[ "$rc" = "$2" ] || no "exit code $rc, want $2"
	! grep -q '^ok$' "$d/_out" || no "a report on stdout"
	[ ! -s "$d/_err" ] || no "stderr: $(head -c 200 "$d/_err")"
}
each exit/x_guest_code_7 _xmode "e 7" 7
each exit/x_guest_code_low_byte _xmode "e 258" 2
each exit/x_main_returns_0 _xmode "r 0" 0
_xfail() {
	printf 's' >"$d/cmd"
	mft "$X" >"$d/m"
	ZIN="$d/cmd" zv -X "$d/m"
	[ "$rc" = 125 ] || no "exit code $rc, want 125"
	grep -q '^zerovm: failed with code 4; its report:$' "$d/_err" && grep -q '^Signal 11 from untrusted' "$d/_err" ||
		no "stderr: $(head -c 300 "$d/_err" | tr '\n' ' ')"
}
each exit/x_failure_report_on_stderr _xfail

# --- faults: exit 4 (EINTR), the signal and where -----------------------------------
_fault() {  # COMMAND SIGNAL [GUEST_OUTPUT]
	_x "$1"
	ok_session 4 0 0 "^Signal $2 from untrusted code: Halting at 0x00000002[0-9A-F]{4}\$"
	printf "${3:-}" | ok_guest
}
each exit/fault_null_load_sigsegv _fault s 11
each exit/fault_null_store_sigsegv _fault w 11
each exit/fault_divide_by_zero_sigfpe _fault d 8
each exit/fault_int_min_div_minus1_sigfpe _fault o 8
each exit/fault_ud2_sigill _fault u 4
each exit/fault_hlt_sigsegv _fault h 11
each exit/fault_stack_overflow_contained _fault R 11

# --- memory -------------------------------------------------------------------------
each exit/memory_heap_end_write_faults _fault t 11 'first 1\nlast 2\n'
each exit/memory_heap_end_read_faults _fault T 11
_mem4g() {
	_x m 4294967296
	ok_done
	hp=$(grep '^heap_ptr ' "$d/_guest" | cut -d' ' -f2)
	he=$(grep '^heap_end ' "$d/_guest" | cut -d' ' -f2)
	[ -n "$hp" ] && [ -n "$he" ] || { no "no heap in the guest's output"; return; }
	# the heap runs up to the user manifest, just below the 16 MiB stack
	[ $((he - hp)) -ge $((4294967296 - 16777216 - 1048576)) ] && [ "$he" -le $((4294967296 - 16777216)) ] ||
		no "heap [$hp, $he) with Memory = 4 GiB, want it to end within 1 MiB below 4 GiB - 16 MiB"
}
each exit/memory_4gib_heap_size _mem4g
_mem4g_touch() {
	_x t 4294967296
	ok_session 4 0 0 '^Signal 11 from untrusted code'
	printf 'first 1\nlast 2\n' | ok_guest
}
each exit/memory_4gib_first_and_last_heap_byte _mem4g_touch
_memsize() {  # MEMORY: the heap ends at Memory - 16 MiB (64 KiB aligned)
	_x m "$1"
	ok_done
	ok_eq heap_end "$(grep '^heap_end ' "$d/_guest" | cut -d' ' -f2)" $((($1 - 16777216) / 65536 * 65536))
}
each exit/memory_32mib_heap_end _memsize 33554432
each exit/memory_odd_size_heap_end _memsize 33567777
_memsmall() {  # MEMORY
	_x r "$1"
	ok_session 12 0 0 'heap size is too small'
}
each exit/memory_too_small_enomem _memsmall 16777216
each exit/memory_just_too_small_enomem _memsmall $((16777216 + 8388608))

# --- the user manifest as the guest sees it --------------------------------------------
_usermft() {
	printf '0123456789' >"$d/ten"
	printf 'abcde' >"$d/five"
	printf 'm' >"$d/cmd"
	{
		mft "$X"
		echo "Channel = $d/ten, /dev/in, 1, 0, 11, 22, 0, 0"
		echo "Channel = /dev/null, /dev/zz, 0, 0, 0, 0, 33, 44"
		echo "Channel = $d/five, /dev/b, 3, 1, 1, 2, 3, 4"
		echo "Channel = $d/ten, /dev/a, 0, 0, 5, 6, 0, 0"
		echo "Channel = $d/new, /dev/c, 2, 0, 0, 0, 7, 8"
	} >"$d/m"
	ZIN="$d/cmd" zv "$d/m"
	ok_done
	grep -v '^heap_ptr \|^heap_end ' "$d/_guest" >"$d/g2"
	cp "$d/g2" "$d/_guest"
	ok_guest <<'O'
heap_ptr_mod_64k 0
stack_size 16777216
manifest_below_stack 1
channels_count 8
0 /dev/stdin type 0 limits 1000,1000000,0,0 size 0
1 /dev/stdout type 0 limits 0,0,100000,100000000 size 0
2 /dev/stderr type 0 limits 0,0,1000,100000 size 0
3 /dev/a type 0 limits 5,6,0,0 size 0
4 /dev/b type 3 limits 1,2,3,4 size 5
5 /dev/c type 2 limits 0,0,7,8 size 0
6 /dev/in type 1 limits 11,22,0,0 size 10
7 /dev/zz type 0 limits 0,0,33,44 size 0
O
}
each exit/user_manifest_contents _usermft

# --- FPU state: defaults at entry, the guest's own kept across a trap --------------
_fpu() {
	_x f
	ok_done
	ok_guest <<'O'
entry mxcsr 0x1f80 fcw 0x37f
after-trap mxcsr 0xff80 fcw 0x27f
O
}
each exit/fpu_control_words _fpu

# --- determinism: what the guest can read is the same every run ---------------------
_determ() {
	_x p
	ok_done
	cp "$d/_guest" "$d/first"
	_x p
	ok_done
	cmp -s "$d/first" "$d/_guest" ||
		no "trampoline slot 0 differs between runs: '$(cut -c1-60 "$d/first")' then '$(cut -c1-60 "$d/_guest")'"
}
each exit/determinism_trampoline_bytes _determ

# --- limits --------------------------------------------------------------------------
_timeout() {
	printf 'l' >"$d/cmd"
	TMO=1 mft "$X" >"$d/m"
	ZIN="$d/cmd" zv "$d/m"
	ok_session 4 0 0 '^session timeout$'
}
each exit/timeout_infinite_loop _timeout

# The CPU-time cap: while the guest spins, RLIMIT_CPU is the Timeout plus one
# second (soft; it counts from process start and backs the wall-clock alarm
# up); SIGXCPU (what the kernel sends at the cap) ends the session with a report.
_cpucap() {
	printf 'l' >"$d/cmd"
	TMO=7 mft "$X" >"$d/m"
	"$ZV" "$d/m" <"$d/cmd" >"$d/_out" 2>"$d/_err" &
	pid=$!
	i=0
	lim=
	while [ $i -lt 200 ]; do
		lim=$(grep '^Max cpu time' "/proc/$pid/limits" 2>/dev/null | awk '{print $4}')
		[ "$lim" = 8 ] && break
		sleep 0.05
		i=$((i + 1))
	done
	kill -XCPU "$pid" 2>/dev/null
	wait "$pid"
	rc=$?
	split_out
	ok_eq "soft RLIMIT_CPU of the running session" "$lim" 8
	ok_session 4 0 0 'cpu time limit exceeded'
}
each exit/cpu_time_cap _cpucap

# A guest blocked reading a FIFO whose writer never writes: the wall clock
# still ends the session.
_fifo_block() {
	mkfifo "$d/f"
	sleep 30 >"$d/f" &
	wpid=$!
	{ TMO=1 mft "$(guest chan)"; echo "Channel = $d/cmd, /dev/script, 0, 0, 10, 1000, 0, 0"
	  echo "Channel = $d/f, /dev/f, 0, 0, 10, 1000, 0, 0"; } >"$d/m"
	printf 'R /dev/f 10 0\n' >"$d/cmd"
	zv "$d/m"
	kill "$wpid" 2>/dev/null
	wait "$wpid" 2>/dev/null
	ok_session 4 0 0 '^session timeout$'
}
each exit/timeout_blocked_fifo_read _fifo_block

# A FIFO without any writer: opening it blocks; the Timeout must still hold.
_fifo_nowriter() {
	mkfifo "$d/f"
	printf 'R /dev/f 10 0\n' >"$d/cmd"
	{ TMO=1 mft "$(guest chan)"; echo "Channel = $d/cmd, /dev/script, 0, 0, 10, 1000, 0, 0"
	  echo "Channel = $d/f, /dev/f, 0, 0, 10, 1000, 0, 0"; } >"$d/m"
	timeout -k 1 4 "$ZV" "$d/m" </dev/null >"$d/_out" 2>"$d/_err"
	rc=$?
	split_out
	[ "$rc" = 124 ] || [ "$rc" = 137 ] && { no "still blocked 4 s after a 1 s Timeout (killed)"; return; }
	ok_session 4 0 0 '^session timeout$'
}
each exit/timeout_fifo_without_writer _fifo_nowriter
