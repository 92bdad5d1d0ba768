# manifest.sh - manifests end to end. Each case is a whole manifest run by
# zerovm; it checks the exit code, the validator state (report line 1) and the
# exit state (line 6), and, for the valid ones, that the guest ran.
#   mcase NAME EXIT VALIDATOR STATE_ERE <<manifest

H=$(guest hello)
BAD=$(asm invalid)
M="$W/mfix"
mkdir -p "$M/dir"
printf 'this is not an ELF file\n' >"$M/text"
printf 'some input\n' >"$M/input"
: >"$M/empty"
head -c 200 "$H" >"$M/truncated.nexe"
STD='Channel = /dev/stdin, /dev/stdin, 0, 0, 1000, 1000000, 0, 0
Channel = /dev/stdout, /dev/stdout, 0, 0, 0, 0, 1000, 1000000
Channel = /dev/stderr, /dev/stderr, 0, 0, 0, 0, 1000, 1000000'
HEAD="Version = 20130611
Program = $H
Memory = 33554432, 0
Timeout = 10"

_mcase() {  # _mcase NAME EXIT VALIDATOR STATE_ERE
	zv "$W/mcase/$1"
	ok_session "$2" "$3" "" "$4" || return
	if [ "$2" = 0 ]; then
		ok_line 3 0
		printf 'hello\n' | ok_guest
	else
		ok_line 3 0
		ok_guest </dev/null
	fi
}

mcase() {
	mkdir -p "$W/mcase"
	cat >"$W/mcase/$1"
	each "manifest/$1" _mcase "$@"
}

# --- valid manifests ----------------------------------------------------------
mcase valid_minimal 0 0 '^ok$' <<M
$HEAD
$STD
M
mcase valid_any_order_compact 0 0 '^ok$' <<M
Channel=/dev/stderr,/dev/stderr,0,0,0,0,1000,1000000
Timeout=10
Channel=/dev/stdout,/dev/stdout,0,0,0,0,1000,1000000
Memory=33554432,0
Program=$H
Channel=/dev/stdin,/dev/stdin,0,0,1000,1000000,0,0
Version=20130611
M
printf '%s\r\n' "Version = 20130611" "Program = $H" "Memory = 33554432, 0" "Timeout = 10" \
	"Channel = /dev/stdin, /dev/stdin, 0, 0, 1, 1, 0, 0" \
	"Channel = /dev/stdout, /dev/stdout, 0, 0, 0, 0, 1, 6" \
	"Channel = /dev/stderr, /dev/stderr, 0, 0, 0, 0, 1, 1" | mcase valid_crlf 0 0 '^ok$'
mcase valid_comments_blank_lines 0 0 '^ok$' <<M
# a comment line

	Version = 20130611   # trailing comment
Program = $H
   Memory = 33554432, 0
Timeout = 10 # seconds

$STD
M
mcase valid_hex_numbers 0 0 '^ok$' <<M
Version = 20130611
Program = $H
Memory = 0x2000000, 0
Timeout = 0xa
Channel = /dev/stdin, /dev/stdin, 0, 0, 0x10, 0x100, 0, 0
Channel = /dev/stdout, /dev/stdout, 0, 0, 0, 0, 0x10, 0x100
Channel = /dev/stderr, /dev/stderr, 0, 0, 0, 0, 0x10, 0x100
M
mcase valid_memory_4gib 0 0 '^ok$' <<M
Version = 20130611
Program = $H
Memory = 4294967296, 0
Timeout = 10
$STD
M
mcase valid_optional_keys 0 0 '^ok$' <<M
$HEAD
Etag = reserved-value
Node = 3
Job = $M/job.sock
$STD
M
mcase valid_many_channels 0 0 '^ok$' <<M
$HEAD
$STD
$(i=0; while [ $i -lt 60 ]; do echo "Channel = /dev/null, /dev/null$i, 0, 0, 0, 0, 1, 1"; i=$((i+1)); done)
M
mcase valid_max_timeout 0 0 '^ok$' <<M
Version = 20130611
Program = $H
Memory = 33554432, 0
Timeout = 2147483647
$STD
M
mcase valid_all_channel_types 0 0 '^ok$' <<M
$HEAD
$STD
Channel = $M/input, /dev/t0, 0, 0, 1, 1, 0, 0
Channel = $M/input, /dev/t1, 1, 0, 1, 1, 0, 0
Channel = $M/input, /dev/t2, 2, 0, 1, 1, 0, 0
Channel = $M/input, /dev/t3, 3, 0, 1, 1, 0, 0
M

# a relative Program path is resolved against the working directory
_relprog() {
	cp "$H" "$d/prog.nexe"
	sed "s|^Program = .*|Program = prog.nexe|" "$W/mcase/valid_minimal" >"$d/m"
	cd "$d" || return
	zv m
	cd "$W" || return
	ok_done && printf 'hello\n' | ok_guest
}
each manifest/valid_relative_program _relprog

# --- the file itself -----------------------------------------------------------------
_nofile() { zv "$M/no-such-manifest"; ok_session 2 2 0 'manifest open error'; }
each manifest/missing_manifest_file _nofile
_emptyfile() { zv "$M/empty"; ok_session 5 2 0 'manifest read error'; }
each manifest/empty_manifest_file _emptyfile
_bigfile() {
	{ cat "$W/mcase/valid_minimal"; head -c 600000 /dev/zero | tr '\0' '#'; echo; } >"$d/m"
	zv "$d/m"
	ok_session 27 2 0 'larger than'
}
each manifest/oversized_manifest _bigfile
{ printf '%s\n' "$HEAD"; printf 'Etag = a\000b\n'; printf '%s\n' "$STD"; } |
	mcase nul_byte 14 2 '^MANIFEST 5: NUL byte'
_nul_check() {  # the case above really holds a NUL byte
	rc=0
	[ "$(tr -cd '\000' <"$W/mcase/nul_byte" | wc -c)" = 1 ] || no "the manifest has no NUL byte"
}
each manifest/nul_byte_case_has_nul _nul_check

# --- keys ---------------------------------------------------------------------------
for k in Version Program Memory Timeout; do
	grep -v "^$k " "$W/mcase/valid_minimal" | mcase "missing_$k" 14 2 "^MANIFEST: $k not specified"
	{ cat "$W/mcase/valid_minimal"; grep "^$k " "$W/mcase/valid_minimal"; } |
		mcase "duplicate_$k" 14 2 "^MANIFEST 8: duplicate $k keyword"
done
mcase missing_all_channels 14 2 '^MANIFEST: Channel not specified' <<M
$HEAD
M
mcase bad_version 14 2 '^MANIFEST 1: invalid manifest version' <<M
Version = 20130612
Program = $H
Memory = 33554432, 0
Timeout = 10
$STD
M
mcase version_zero_v2 14 2 '^MANIFEST 1: invalid manifest version' <<M
Version = 20140509
Program = $H
Memory = 33554432, 0
Timeout = 10
$STD
M
mcase unknown_key 14 2 "^MANIFEST 5: unknown key 'Colour'" <<M
$HEAD
Colour = blue
$STD
M
mcase lowercase_key 14 2 "^MANIFEST 1: unknown key 'version'" <<M
version = 20130611
$HEAD
$STD
M
mcase line_without_equals 14 2 "^MANIFEST 5: missing '='" <<M
$HEAD
just some words
$STD
M
mcase two_equals 14 2 "^MANIFEST 5: unexpected '=' in value" <<M
$HEAD
Etag = a = b
$STD
M
mcase empty_value 14 2 '^MANIFEST 5: empty value for Etag' <<M
$HEAD
Etag =
$STD
M

# --- Memory and Timeout ------------------------------------------------------------
mem() {  # mem NAME EXIT STATE_ERE VALUE
	printf '%s\n' "Version = 20130611" "Program = $H" "Memory = $4" "Timeout = 10" "$STD" |
		mcase "$1" "$2" 2 "$3"
}
mem memory_one_token 14 '^MANIFEST 3: invalid memory token' '33554432'
mem memory_three_tokens 14 '^MANIFEST 3: invalid memory token' '33554432, 0, 0'
mem memory_etag_2 14 '^MANIFEST 3: invalid memory etag token' '33554432, 2'
mem memory_not_a_number 14 "^MANIFEST 3: invalid numeric value '32M'" '32M, 0'
mem memory_zero 12 '^MANIFEST 3: invalid memory size' '0, 0'
mem memory_negative 12 '^MANIFEST 3: invalid memory size' '-33554432, 0'
mem memory_above_4gib 12 '^MANIFEST 3: invalid memory size' '4294967297, 0'
mem memory_2_pow_64 14 "^MANIFEST 3: invalid numeric value" '18446744073709551616, 0'
# too small for the 16 MiB stack plus an 8 MiB heap: found when the guest is
# laid out, after validation
printf '%s\n' "Version = 20130611" "Program = $H" "Memory = 16777216, 0" "Timeout = 10" "$STD" |
	mcase memory_too_small 12 0 'heap size is too small'
printf '%s\n' "Version = 20130611" "Program = $H" "Memory = 25165824, 0" "Timeout = 10" "$STD" |
	mcase memory_too_small_for_8mib_heap 12 0 'heap size is too small'
tmo() {
	printf '%s\n' "Version = 20130611" "Program = $H" "Memory = 33554432, 0" "Timeout = $3" "$STD" |
		mcase "$1" 14 2 "$2"
}
tmo timeout_zero '^MANIFEST 4: invalid timeout 0' 0
tmo timeout_negative '^MANIFEST 4: invalid timeout -5' -5
tmo timeout_garbage "^MANIFEST 4: invalid numeric value '1x'" 1x
tmo timeout_too_big '^MANIFEST 4: invalid timeout' 2147483648

# --- Channel lines --------------------------------------------------------------------
chl() {  # chl NAME EXIT VALIDATOR STATE_ERE CHANNEL_LINE
	printf '%s\n' "$HEAD" "$STD" "Channel = $5" | mcase "$1" "$2" "$3" "$4"
}
chl channel_7_tokens 14 2 '^MANIFEST 8: invalid channel tokens number' "$M/input, /dev/in, 0, 0, 1, 1, 0"
chl channel_9_tokens 14 2 '^MANIFEST 8: ' "$M/input, /dev/in, 0, 0, 1, 1, 0, 0, 0"
chl channel_type_4 14 2 '^MANIFEST 8: /dev/in has invalid type 4' "$M/input, /dev/in, 4, 0, 1, 1, 0, 0"
chl channel_type_negative 14 2 '^MANIFEST 8: /dev/in has invalid type' "$M/input, /dev/in, -1, 0, 1, 1, 0, 0"
chl channel_etag_2 14 2 '^MANIFEST 8: /dev/in has invalid etag 2' "$M/input, /dev/in, 0, 2, 1, 1, 0, 0"
chl channel_negative_limit 14 2 '^MANIFEST 8: negative limits for /dev/in' "$M/input, /dev/in, 0, 0, 1, -1, 0, 0"
chl channel_limit_garbage 14 2 "^MANIFEST 8: invalid numeric value 'ten'" "$M/input, /dev/in, 0, 0, ten, 1, 0, 0"
chl channel_empty_alias 14 2 '^MANIFEST 8: ' "$M/input, , 0, 0, 1, 1, 0, 0"
chl channel_relative_path 14 2 '^MANIFEST 8: only absolute path channels are allowed' "input, /dev/in, 0, 0, 1, 1, 0, 0"
chl channel_multi_source 14 2 '^MANIFEST 8: ' "$M/input;$M/input, /dev/in, 0, 0, 1, 1, 0, 0"
chl channel_duplicate_alias 14 2 '^MANIFEST 8: /dev/stdout is already allocated' "$M/input, /dev/stdout, 0, 0, 1, 1, 0, 0"
printf '%s\n' "$HEAD" "Channel = /dev/stdin, /dev/stdin, 0, 0, 1, 1, 0, 0" \
	"Channel = /dev/stdout, /dev/stdout, 0, 0, 0, 0, 1, 1" | mcase channels_only_two 14 2 '^MANIFEST: '
printf '%s\n' "$HEAD" "Channel = /dev/stdout, /dev/stdout, 0, 0, 0, 0, 1, 1" \
	"Channel = /dev/stderr, /dev/stderr, 0, 0, 0, 0, 1, 1" "Channel = /dev/null, /dev/other, 0, 0, 0, 0, 1, 1" |
	mcase missing_stdin 14 2 '^MANIFEST: missing standard channels'
printf '%s\n' "$HEAD" "Channel = /dev/stdin, /dev/stdin, 0, 0, 1, 1, 0, 0" \
	"Channel = /dev/stderr, /dev/stderr, 0, 0, 0, 0, 1, 1" "Channel = /dev/null, /dev/other, 0, 0, 0, 0, 1, 1" |
	mcase missing_stdout 14 2 '^MANIFEST: missing standard channels'
printf '%s\n' "$HEAD" "Channel = /dev/stdin, /dev/stdin, 0, 0, 1, 1, 0, 0" \
	"Channel = /dev/stdout, /dev/stdout, 0, 0, 0, 0, 1, 1" "Channel = /dev/null, /dev/other, 0, 0, 0, 0, 1, 1" |
	mcase missing_stderr 14 2 '^MANIFEST: missing standard channels'
# (8192 lines at most, so the 10914-channel limit cannot be reached)
_toomany() {
	{ mft "$H"; seq 0 8185 | sed 's|.*|Channel=/dev/null,/dev/&,0,0,0,0,1,1|'; } >"$d/m"
	zv "$d/m"
	ok_session 14 2 0 '^MANIFEST 8193: too many lines'
}
each manifest/too_many_lines _toomany

# --- what the paths point to (checked after validation) -------------------------
chl channel_read_missing_file 14 0 '/dev/in: cannot open' "$M/no-such-file, /dev/in, 0, 0, 1, 1, 0, 0"
chl channel_directory 93 0 '/dev/in: .*unsupported host file type' "$M/dir, /dev/in, 0, 0, 1, 1, 0, 0"
chl channel_sequential_rw_file 14 0 'sequential channels cannot have r/w access' "$M/rw0, /dev/rw, 0, 0, 1, 1, 1, 1"
chl channel_type2_rw_file 14 0 'not supported' "$M/rw2, /dev/rw, 2, 0, 1, 1, 1, 1"
chl chardev_read_write 22 0 'has invalid i/o type' "/dev/null, /dev/nul, 0, 0, 1, 1, 1, 1"
chl chardev_nil 22 0 'has invalid i/o type' "/dev/null, /dev/nul, 0, 0, 0, 0, 0, 0"
chl chardev_random_read 22 0 'cannot be random access' "/dev/zero, /dev/z, 1, 0, 1, 1, 0, 0"
_socket() {
	# a unix socket as a channel source (bound by a helper that we stop after)
	if ! command -v python3 >/dev/null && ! command -v nc >/dev/null; then
		why="cannot make a unix socket (no python3 or nc)"
		return
	fi
	sock="$d/s.sock"
	python3 -c "import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])" "$sock" 2>/dev/null ||
		{ why="cannot create a unix socket"; return; }
	printf '%s\n' "$HEAD" "$STD" "Channel = $sock, /dev/in, 0, 0, 1, 1, 0, 0" >"$d/m"
	zv "$d/m"
	ok_session 93 0 0 '/dev/in: .*unsupported host file type'
}
each manifest/channel_unix_socket _socket

# --- the program --------------------------------------------------------------------
prog() {  # prog NAME EXIT VALIDATOR STATE_ERE PROGRAM
	printf '%s\n' "Version = 20130611" "Program = $5" "Memory = 33554432, 0" "Timeout = 10" "$STD" |
		mcase "$1" "$2" "$3" "$4"
}
prog program_missing 2 2 'program open error' "$M/no-such.nexe"
prog program_not_elf 8 2 'not an ELF file' "$M/text"
prog program_truncated_elf 8 2 'past the end of the file' "$M/truncated.nexe"
prog program_empty 5 2 'program read error' "$M/empty"
prog program_dev_zero 5 2 'program read error' /dev/zero
prog program_directory 5 2 'program read error' "$M/dir"
prog program_invalid_nexe 8 1 'validation failed' "$BAD"

# --- the command line ------------------------------------------------------------------
_cmdline() {  # no report, exit EINVAL
	for args in "" "-x $W/mcase/valid_minimal" "$W/mcase/valid_minimal $W/mcase/valid_minimal" "-v 10 $W/mcase/valid_minimal"; do
		# shellcheck disable=SC2086
		zv $args
		ok_rc 22 || return
		[ -s "$d/_out" ] && { no "args '$args': output on stdout: $(head -c 80 "$d/_out")"; return; }
	done
}
each manifest/bad_command_lines _cmdline
_validate_only() {
	zv -F "$W/mcase/valid_minimal"
	ok_done && ok_guest </dev/null
	zv -F "$W/mcase/program_invalid_nexe"
	ok_session 8 1 0 'validation failed'
}
each manifest/validate_only_flag _validate_only
