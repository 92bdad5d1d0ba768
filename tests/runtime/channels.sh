# channels.sh - channels through a C guest (guests/chan.c, a small command
# interpreter: see its header). A test writes the script ($d/script) and the
# files, runs `crun CHANNEL...` and checks the guest's output, the files and
# the report.

C=$(guest chan)

# cmft CHANNEL...: manifest for chan.nexe with the script channel and these.
cmft() {
	mft "$C"
	echo "Channel = $d/script, /dev/script, 0, 0, 1000, 100000, 0, 0"
	for l in "$@"; do
		echo "Channel = $l"
	done
}
crun() { cmft "$@" >"$d/m"; zv "$d/m"; }
script() { cat >"$d/script"; }

# zv_pipe PRODUCER ARGS: like zv, with the runtime's stdin a pipe from the
# shell command PRODUCER and its stdout a pipe into cat.
zv_pipe() {
	p=$1
	shift
	sh -c "$p" | { timeout -k 2 60 "$ZV" "$@" 2>"$d/_err"; echo $? >"$d/_rc"; } | cat >"$d/_out"
	rc=$(cat "$d/_rc")
	split_out
}

# --- regular files, by type ----------------------------------------------------
_seq_read() {  # TYPE
	printf 'hello world' >"$d/in"
	script <<S
r /dev/in 5 0
r /dev/in 5 100
r /dev/in 0 0
r /dev/in 5 -7
r /dev/in 5 0
r /dev/in 5 0
r /dev/in 5 0
S
	crun "$d/in, /dev/in, $1, 0, 100, 1000, 0, 0"
	ok_done
	ok_guest <<O
r /dev/in 5 0 = 5 hello
r /dev/in 5 100 = 5  worl
r /dev/in 0 0 = 0
r /dev/in 5 -7 = 1 d
r /dev/in 5 0 = 0
r /dev/in 5 0 = 0
r /dev/in 5 0 = 0
O
}
each channels/file_type0_sequential_read _seq_read 0
each channels/file_type2_sequential_read _seq_read 2

_rand_read() {  # TYPE
	printf 'hello world' >"$d/in"
	script <<S
r /dev/in 5 6
r /dev/in 3 0
r /dev/in 5 8
r /dev/in 5 11
r /dev/in 5 11
r /dev/in 1 -1
r /dev/in 11 0
r /dev/in 0 3
S
	crun "$d/in, /dev/in, $1, 0, 100, 1000, 0, 0"
	ok_done
	ok_guest <<O
r /dev/in 5 6 = 5 world
r /dev/in 3 0 = 3 hel
r /dev/in 5 8 = 3 rld
r /dev/in 5 11 = 0
r /dev/in 5 11 = 0
r /dev/in 1 -1 = -22
r /dev/in 11 0 = 11 hello world
r /dev/in 0 3 = 0
O
	printf 'hello world' | ok_file "$d/in"
}
each channels/file_type1_random_read _rand_read 1
each channels/file_type3_random_read _rand_read 3

_seq_write() {  # TYPE
	printf 'OLD CONTENT' >"$d/out"
	script <<'S'
w /dev/out 0 abc
w /dev/out 100 def
w /dev/out -5 \x00\n
w /dev/out 0 
S
	crun "$d/out, /dev/out, $1, 0, 0, 0, 100, 1000"
	ok_done
	ok_guest <<'O'
w /dev/out 0 abc = 3
w /dev/out 100 def = 3
w /dev/out -5 \x00\n = 2
w /dev/out 0  = 0
O
	printf 'abcdef\0\n' | ok_file "$d/out"
}
# write-only files are created or truncated, and written in sequence
each channels/file_type0_sequential_write _seq_write 0
each channels/file_type1_write_only_sequential _seq_write 1

_append() {  # type 1 read-write: writes go after the existing bytes
	printf 'abc' >"$d/f"
	script <<'S'
w /dev/f 0 def
w /dev/f 0 ghi
r /dev/f 3 0
r /dev/f 100 2
S
	crun "$d/f, /dev/f, 1, 0, 100, 1000, 100, 1000"
	ok_done
	ok_guest <<'O'
w /dev/f 0 def = 3
w /dev/f 0 ghi = 3
r /dev/f 3 0 = 3 abc
r /dev/f 100 2 = 7 cdefghi
O
	printf 'abcdefghi' | ok_file "$d/f"
}
each channels/file_type1_append_keeps_content _append

_rand_write2() {  # type 2 write-only: random writes extend, the end is truncated
	script <<'S'
w /dev/f 5 XY
w /dev/f 0 ab
w /dev/f 4096 no
w /dev/f 5000 no
w /dev/f -1 no
S
	crun "$d/f, /dev/f, 2, 0, 0, 0, 100, 4096"
	ok_done
	ok_guest <<'O'
w /dev/f 5 XY = 2
w /dev/f 0 ab = 2
w /dev/f 4096 no = -22
w /dev/f 5000 no = -22
w /dev/f -1 no = -22
O
	printf 'ab\0\0\0XY' | ok_file "$d/f"
}
each channels/file_type2_random_write _rand_write2

_rand_write3() {  # type 3: random writes over and past existing bytes
	printf '0123456789' >"$d/f"
	script <<'S'
w /dev/f 2 AB
w /dev/f 12 Z
r /dev/f 20 0
r /dev/f 5 10
S
	crun "$d/f, /dev/f, 3, 0, 100, 1000, 100, 1000"
	ok_done
	ok_guest <<'O'
w /dev/f 2 AB = 2
w /dev/f 12 Z = 1
r /dev/f 20 0 = 13 01AB456789\x00\x00Z
r /dev/f 5 10 = 3 \x00\x00Z
O
	printf '01AB456789\0\0Z' | ok_file "$d/f"
}
each channels/file_type3_random_write_extends _rand_write3

# A random write may not land beyond what the put_size budget can fill (the
# original: offset >= size + remaining budget gives -EINVAL): otherwise a guest
# with put_size 10 makes a 1 TiB file, or kills its session with an offset the
# host refuses.
_far_write() {
	printf 'abc' >"$d/f"
	script <<'S'
w /dev/f 13 X
w /dev/f 0x10000000000 Y
w /dev/f 0x7fffffffffffffff Z
w /dev/f 3 end
S
	crun "$d/f, /dev/f, 3, 0, 100, 1000, 100, 10"
	ok_done
	ok_guest <<'O'
w /dev/f 13 X = -22
w /dev/f 0x10000000000 Y = -22
w /dev/f 0x7fffffffffffffff Z = -22
w /dev/f 3 end = 3
O
	printf 'abcend' | ok_file "$d/f"
}
each channels/file_random_write_beyond_budget _far_write

# --- preallocation (observed while the guest waits on stdin) --------------------
_prealloc() {  # WANT_OUT WANT_RW [FLAGS]
	mkfifo "$d/ctl"
	printf 'abc' >"$d/old"
	script <<'S'
w /dev/stdout 0 ready\n
r /dev/stdin 1 0
w /dev/out 0 hello
w /dev/rw 0 hi
w /dev/old 3 de
S
	cmft "$d/out, /dev/out, 0, 0, 0, 0, 10, 4096" "$d/rw, /dev/rw, 3, 0, 10, 100, 10, 8192" \
		"$d/old, /dev/old, 3, 0, 10, 100, 10, 8192" >"$d/m"
	timeout -k 2 30 "$ZV" $3 "$d/m" <"$d/ctl" >"$d/_out" 2>"$d/_err" &
	pid=$!
	exec 3<>"$d/ctl"   # read-write: never blocks, never SIGPIPE
	i=0
	while ! grep -qs ready "$d/_out" && [ $i -lt 400 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	s1=$(stat -c %s "$d/out" 2>/dev/null)
	s2=$(stat -c %s "$d/rw" 2>/dev/null)
	s3=$(stat -c %s "$d/old" 2>/dev/null)
	echo go >&3
	exec 3>&-
	wait $pid
	rc=$?
	:
	split_out
	ok_done
	ok_eq "size of the write-only file during the session" "$s1" "$1"
	ok_eq "size of the empty read-write file during the session" "$s2" "$2"
	ok_eq "size of the non-empty read-write file during the session" "$s3" 3
	printf 'hello' | ok_file "$d/out"
	printf 'hi' | ok_file "$d/rw"
	printf 'abcde' | ok_file "$d/old"
}
each channels/preallocation _prealloc 4096 8192
each channels/preallocation_off_with_P _prealloc 0 0 -P

# --- character devices ------------------------------------------------------------
_chardev() {
	script <<'S'
w /dev/nul 0 abc
w /dev/nul 7 defg
r /dev/void 5 0
r /dev/void 5 0
r /dev/zero 4 0
r /dev/zero 3 100
S
	crun "/dev/null, /dev/nul, 0, 0, 0, 0, 10, 100" "/dev/null, /dev/void, 0, 0, 10, 100, 0, 0" \
		"/dev/zero, /dev/zero, 0, 0, 10, 100, 0, 0"
	ok_done
	ok_guest <<'O'
w /dev/nul 0 abc = 3
w /dev/nul 7 defg = 4
r /dev/void 5 0 = 0
r /dev/void 5 0 = 0
r /dev/zero 4 0 = 4 \x00\x00\x00\x00
r /dev/zero 3 100 = 3 \x00\x00\x00
O
}
each channels/character_devices _chardev

# a host write error ends the session with EIO; what was written before stays
_full() {
	[ -c /dev/full ] || { why="no /dev/full"; return; }
	script <<'S'
w /dev/stdout 0 before\n
w /dev/full 0 abc
w /dev/stdout 0 after\n
S
	crun "/dev/full, /dev/full, 0, 0, 0, 0, 10, 100"
	ok_session 5 0 0 '/dev/full.*write failed'
	ok_guest <<'O'
before
w /dev/stdout 0 before\n = 7
O
}
each channels/host_write_error_is_eio _full

# --- FIFOs ---------------------------------------------------------------------------
_fifo() {
	mkfifo "$d/fin" "$d/fout"
	timeout 30 sh -c 'printf "fifo data" >"$1"' sh "$d/fin" &
	wpid=$!
	timeout 30 cat "$d/fout" >"$d/got" &
	rpid=$!
	script <<'S'
r /dev/fin 4 0
r /dev/fin 100 0
r /dev/fin 100 0
r /dev/fin 100 0
w /dev/fout 0 to the fifo
w /dev/fout 9 \n
S
	crun "$d/fin, /dev/fin, 0, 0, 10, 100, 0, 0" "$d/fout, /dev/fout, 0, 0, 0, 0, 10, 100"
	# if the runtime never opened them, an open-and-close releases the helpers
	exec 4<>"$d/fin" 5<>"$d/fout"
	exec 4<&- 5<&-
	wait $wpid
	wait $rpid
	ok_done
	ok_guest <<'O'
r /dev/fin 4 0 = 4 fifo
r /dev/fin 100 0 = 5  data
r /dev/fin 100 0 = 0
r /dev/fin 100 0 = 0
w /dev/fout 0 to the fifo = 11
w /dev/fout 9 \n = 1
O
	ok_file "$d/got" <<'F'
to the fifo
F
}
each channels/fifo_read_and_write _fifo

_fifo_rw() {
	mkfifo "$d/f"
	printf 'x' >"$d/script"
	crun "$d/f, /dev/f, 0, 0, 10, 100, 10, 100"
	ok_session 22 0 0 '/dev/f.*invalid i/o type'
}
each channels/fifo_read_write_refused _fifo_rw

# --- pipes as stdin and stdout ---------------------------------------------------------
_pipes() {
	script <<'S'
r /dev/stdin 6 0
r /dev/stdin 100 0
r /dev/stdin 100 0
r /dev/stdin 100 0
S
	cmft >"$d/m"
	zv_pipe "printf 'piped input'" "$d/m"
	ok_done
	ok_guest <<'O'
r /dev/stdin 6 0 = 6 piped 
r /dev/stdin 100 0 = 5 input
r /dev/stdin 100 0 = 0
r /dev/stdin 100 0 = 0
O
}
each channels/pipes_stdin_stdout _pipes

# --- quotas: reached exactly, then exceeded (-EDQUOT = -122); the session goes on --
_q_gets() {
	printf 'abcdef' >"$d/in"
	script <<'S'
r /dev/in 1 0
r /dev/in 1 0
r /dev/in 1 0
r /dev/in 0 0
r /dev/r 1 0
r /dev/r 1 5
r /dev/r 1 1
w /dev/stdout 0 still running\n
S
	crun "$d/in, /dev/in, 0, 0, 2, 100, 0, 0" "$d/in, /dev/r, 1, 0, 2, 100, 0, 0"
	ok_done
	ok_guest <<'O'
r /dev/in 1 0 = 1 a
r /dev/in 1 0 = 1 b
r /dev/in 1 0 = -122
r /dev/in 0 0 = 0
r /dev/r 1 0 = 1 a
r /dev/r 1 5 = 1 f
r /dev/r 1 1 = -122
still running
w /dev/stdout 0 still running\n = 14
O
}
each channels/quota_gets _q_gets

_q_get_size() {
	printf '0123456789ABCDEFGHIJ' >"$d/in"
	printf '0123456789' >"$d/ten"
	script <<'S'
r /dev/in 6 0
r /dev/in 6 0
r /dev/in 6 0
r /dev/ten 10 0
r /dev/ten 10 0
r /dev/r 4 16
r /dev/r 4 0
r /dev/r 4 0
w /dev/stdout 0 still running\n
S
	crun "$d/in, /dev/in, 0, 0, 100, 10, 0, 0" "$d/ten, /dev/ten, 0, 0, 100, 10, 0, 0" \
		"$d/in, /dev/r, 3, 0, 100, 6, 0, 0"
	ok_done
	ok_guest <<'O'
r /dev/in 6 0 = 6 012345
r /dev/in 6 0 = 4 6789
r /dev/in 6 0 = -122
r /dev/ten 10 0 = 10 0123456789
r /dev/ten 10 0 = -122
r /dev/r 4 16 = 4 GHIJ
r /dev/r 4 0 = 2 01
r /dev/r 4 0 = -122
still running
w /dev/stdout 0 still running\n = 14
O
}
each channels/quota_get_size _q_get_size

_q_puts() {
	script <<'S'
w /dev/out 0 a
w /dev/out 0 b
w /dev/out 0 c
w /dev/out 0 
w /dev/stdout 0 still running\n
S
	crun "$d/out, /dev/out, 0, 0, 0, 0, 2, 100"
	ok_done
	ok_guest <<'O'
w /dev/out 0 a = 1
w /dev/out 0 b = 1
w /dev/out 0 c = -122
w /dev/out 0  = 0
still running
w /dev/stdout 0 still running\n = 14
O
	printf 'ab' | ok_file "$d/out"
}
each channels/quota_puts _q_puts

_q_put_size() {
	script <<'S'
z /dev/out 6 0
z /dev/out 6 0
z /dev/out 6 0
z /dev/r 4 0
z /dev/r 4 2
z /dev/r 4 0
w /dev/stdout 0 still running\n
S
	crun "$d/out, /dev/out, 0, 0, 0, 0, 100, 10" "$d/r, /dev/r, 2, 0, 0, 0, 100, 6"
	ok_done
	ok_guest <<'O'
z /dev/out 6 0 = 6
z /dev/out 6 0 = 4
z /dev/out 6 0 = -122
z /dev/r 4 0 = 4
z /dev/r 4 2 = 2
z /dev/r 4 0 = -122
still running
w /dev/stdout 0 still running\n = 14
O
	printf 'abcdefabcd' | ok_file "$d/out"
	printf 'ababcd' | ok_file "$d/r"
}
each channels/quota_put_size _q_put_size

# reading a write-only channel and writing a read-only one are quota errors
_q_direction() {
	printf 'abc' >"$d/in"
	script <<'S'
r /dev/stdout 1 0
w /dev/stdin 0 x
w /dev/in 0 x
r /dev/out 1 0
S
	crun "$d/in, /dev/in, 0, 0, 10, 10, 0, 0" "$d/out, /dev/out, 0, 0, 0, 0, 10, 10"
	ok_done
	ok_guest <<'O'
r /dev/stdout 1 0 = -122
w /dev/stdin 0 x = -122
w /dev/in 0 x = -122
r /dev/out 1 0 = -122
O
	printf 'abc' | ok_file "$d/in"
}
each channels/quota_wrong_direction _q_direction

# --- etags and accounting ------------------------------------------------------------------
_etags() {
	printf 'input bytes for the etag' >"$d/in"
	printf 'abc' >"$d/rw"
	script <<'S'
r /dev/in 5 0
r /dev/in 100 0
r /dev/rw 3 0
w /dev/rw 3 XYZ
r /dev/rw 2 1
w /dev/out 0 written
S
	STDOUT="Channel = /dev/stdout, /dev/stdout, 0, 1, 0, 0, 100, 10000" \
		crun "$d/in, /dev/in, 0, 1, 10, 100, 0, 0" "$d/rw, /dev/rw, 3, 1, 10, 100, 10, 100" \
		"$d/out, /dev/out, 0, 0, 0, 0, 10, 100" "$d/in, /dev/zz, 0, 1, 10, 100, 0, 0"
	ok_done
	e_out=$(sha256sum <"$d/_guest" | cut -c1-64)
	e_in=$(sha256sum <"$d/in" | cut -c1-64)
	e_rw=$(printf 'abcXYZbc' | sha256sum | cut -c1-64)
	e_none=$(printf '' | sha256sum | cut -c1-64)
	ok_line 4 "/dev/stdout $e_out /dev/in $e_in /dev/rw $e_rw /dev/zz $e_none"
}
each channels/etags_are_sha256_of_the_bytes _etags

_memtag() {
	printf 'x' >"$d/script"
	cmft | sed 's/^Memory = \(.*\), 0$/Memory = \1, 1/' >"$d/m"
	zv "$d/m"
	ok_done || return
	t1=$(rl 4)
	zv "$d/m"
	ok_done
	echo "$t1" | grep -Eq '^/dev/memory [0-9a-f]{64}$' || no "etag line '$t1', want /dev/memory HASH"
	ok_line 4 "$t1"
}
each channels/memory_etag_deterministic _memtag

_accounting() {
	printf 'abcdefgh' >"$d/in"
	printf 'r /dev/in 5 0\nR /dev/in 5 0\nz /dev/out 7 0\nz /dev/out 1 0\n' >"$d/script"
	STDOUT="Channel = /dev/null, /dev/stdout, 0, 0, 0, 0, 10, 1000" \
		crun "$d/in, /dev/in, 0, 0, 10, 100, 0, 0" "$d/out, /dev/out, 0, 0, 0, 0, 10, 100"
	ok_done
	# reads: the script (1 call, 58 bytes) + 2 calls, 8 bytes; writes: 4
	# lines on stdout (/dev/null, 80 bytes) + 2 calls, 8 bytes
	ok_match 5 '^[0-9.]+ [0-9.]+ 3 66 6 88 0 0 0 0$'
}
each channels/accounting_counters _accounting

# --- 64 MiB through a file and through pipes, checked with sha256 ------------------
BIG="$W/big"
BIGSIZE=67108864
head -c $BIGSIZE /dev/urandom >"$BIG"
BIGSUM=$(sha256sum <"$BIG" | cut -c1-64)
_big_file() {
	printf 'c /dev/in /dev/out 1048576\n' >"$d/script"
	crun "$BIG, /dev/in, 0, 1, 1000, $BIGSIZE, 0, 0" "$d/out, /dev/out, 0, 1, 0, 0, 1000, $BIGSIZE"
	ok_done
	ok_guest <<O
c /dev/in /dev/out 1048576 = $BIGSIZE -122
O
	ok_eq "sha256 of the copy" "$(sha256sum <"$d/out" | cut -c1-64)" "$BIGSUM"
	ok_line 4 "/dev/in $BIGSUM /dev/out $BIGSUM"
}
each channels/large_64mib_file_to_file _big_file

_big_pipe_in() {
	printf 'c /dev/stdin /dev/out 1048576\n' >"$d/script"
	STDIN="Channel = /dev/stdin, /dev/stdin, 0, 1, 1000, 1000000000, 0, 0" \
		cmft "$d/out, /dev/out, 0, 0, 0, 0, 1000, 1000000000" >"$d/m"
	zv_pipe "cat '$BIG'" "$d/m"
	ok_done
	ok_guest <<O
c /dev/stdin /dev/out 1048576 = $BIGSIZE 0
O
	ok_eq "sha256 of the copy" "$(sha256sum <"$d/out" | cut -c1-64)" "$BIGSUM"
	ok_line 4 "/dev/stdin $BIGSUM"
}
each channels/large_64mib_pipe_to_file _big_pipe_in

_big_pipe_out() {
	printf 'c /dev/in /dev/stdout 1048576\n' >"$d/script"
	cmft "$BIG, /dev/in, 0, 0, 1000, 1000000000, 0, 0" >"$d/m"
	zv_pipe true "$d/m"
	ok_done
	ok_eq "sha256 of what came out of the pipe" "$(head -c $BIGSIZE "$d/_guest" | sha256sum | cut -c1-64)" "$BIGSUM"
	tail -c +$((BIGSIZE + 1)) "$d/_guest" >"$d/rest"
	ok_eq "the line after the data" "$(cat "$d/rest")" "c /dev/in /dev/stdout 1048576 = $BIGSIZE 0"
}
each channels/large_64mib_file_to_pipe _big_pipe_out
rm -f "$BIG"
