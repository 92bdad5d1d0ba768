/*
 * traps.c - trap abuse: every case prints "NAME RESULT" on /dev/stdout and
 * the session must go on (tests/runtime/traps.sh has the expected results). Channels: /dev/in (a 10-byte file "0123456789",
 * type 3, read-only), /dev/rw (type 3, read-write, put_size 100), /dev/sink
 * (/dev/null, write-only).
 */
#include "t.h"

static const char ro_data[64] = "read-only data";
static char data_buf[64];

static int32_t trap_at(uint32_t argp)
{
	return ((int32_t(*)(uint64_t *))(uintptr_t)ZVM_TRAP_ADDRESS)((uint64_t *)(uintptr_t)argp);
}

static int32_t rd(int64_t h, uint64_t buf, uint64_t size, uint64_t off)
{
	uint64_t a[6] = { TrapRead, 0, (uint64_t)h, buf, size, off };
	return TRAP(a);
}

static int32_t wr(int64_t h, uint64_t buf, uint64_t size, uint64_t off)
{
	uint64_t a[6] = { TrapWrite, 0, (uint64_t)h, buf, size, off };
	return TRAP(a);
}

static int32_t fn(uint64_t f)
{
	uint64_t a[6] = { f, 0, 0, 0, 0, 0 };
	return TRAP(a);
}

int main(void)
{
	int in = t_handle("/dev/in"), rw = t_handle("/dev/rw"), sink = t_handle("/dev/sink");
	int n = MANIFEST->channels_count;
	uint64_t heap = (uintptr_t)MANIFEST->heap_ptr;
	uint64_t hend = heap + MANIFEST->heap_size;
	uint64_t text = (uintptr_t)&main;
	uint64_t man = (uintptr_t)MANIFEST;
	char local[16];
	uint64_t stack = (uintptr_t)local;

	/* handles */
	t_kv("read_handle_minus1", rd(-1, heap, 1, 0));
	t_kv("read_handle_count", rd(n, heap, 1, 0));
	t_kv("read_handle_huge", rd(0x7fffffff, heap, 1, 0));
	t_kv("read_handle_int_min", rd(0x80000000u, heap, 1, 0));
	t_kv("write_handle_minus1", wr(-1, heap, 1, 0));
	t_kv("write_handle_count", wr(n, heap, 1, 0));
	t_kv("write_handle_huge", wr(0x7fffffff, heap, 1, 0));

	/* buffers a read may not fill */
	t_kv("read_buf_null", rd(in, 0, 1, 0));
	t_kv("read_buf_0x8000", rd(in, 0x8000, 1, 0));
	t_kv("read_buf_trampoline", rd(in, 0x10000, 1, 0));
	t_kv("read_buf_text", rd(in, text, 1, 0));
	t_kv("read_buf_rodata", rd(in, (uintptr_t)ro_data, 1, 0));
	t_kv("read_buf_user_manifest", rd(in, man, 1, 0));
	t_kv("read_buf_manifest_pointer", rd(in, ZVM_MANIFEST_POINTER, 4, 0));
	t_kv("read_buf_past_heap", rd(in, hend, 1, 0));
	t_kv("read_buf_straddles_heap_end", rd(in, hend - 4, 8, 0));
	t_kv("read_buf_0xffffffff_size2", rd(in, 0xffffffffu, 2, 0));
	t_kv("read_buf_4gib", rd(in, 0x100000000ull, 1, 0));
	t_kv("read_buf_4gib_plus_heap", rd(in, 0x100000000ull + heap, 1, 0));
	t_kv("read_buf_high_bits", rd(in, 0xffffffff00000000ull | heap, 1, 0));
	t_kv("read_size_beyond_memory", rd(in, heap, 0x7fffffff, 0));
	/* ... and ones it may */
	t_kv("read_buf_0xffffffff_size1", rd(in, 0xffffffffu, 1, 0));
	t_kv("read_buf_data", rd(in, (uintptr_t)data_buf, 10, 0));
	t_kv("read_buf_heap", rd(in, heap, 10, 0));
	t_kv("read_buf_heap_last_byte", rd(in, hend - 1, 1, 0));
	t_kv("read_buf_stack", rd(in, stack, 10, 0));

	/* buffers a write may or may not read */
	t_kv("write_buf_null", wr(sink, 0, 1, 0));
	t_kv("write_buf_0x8000", wr(sink, 0x8000, 1, 0));
	t_kv("write_buf_past_heap", wr(sink, hend, 1, 0));
	t_kv("write_buf_straddles_heap_end", wr(sink, hend - 4, 8, 0));
	t_kv("write_buf_4gib", wr(sink, 0x100000000ull, 1, 0));
	t_kv("write_buf_0xffffffff_size2", wr(sink, 0xffffffffu, 2, 0));
	t_kv("write_buf_text", wr(sink, text, 16, 0));
	t_kv("write_buf_rodata", wr(sink, (uintptr_t)ro_data, 16, 0));
	t_kv("write_buf_user_manifest", wr(sink, man, 16, 0));
	t_kv("write_buf_stack", wr(sink, stack, 16, 0));

	/* sizes */
	t_kv("read_size_minus1", rd(in, heap, (uint64_t)-1, 0));
	t_kv("read_size_int_min", rd(in, heap, 0x80000000u, 0));
	t_kv("write_size_minus1", wr(sink, heap, (uint64_t)-1, 0));
	t_kv("read_size_is_32_bits", rd(in, heap, 0x100000005ull, 0));
	t_kv("read_size0", rd(in, heap, 0, 0));
	t_kv("write_size0", wr(sink, heap, 0, 0));

	/* offsets */
	t_kv("read_offset_minus1", rd(in, heap, 1, (uint64_t)-1));
	t_kv("read_offset_int64_min", rd(in, heap, 1, 0x8000000000000000ull));
	t_kv("read_offset_at_end", rd(in, heap, 1, 10));
	t_kv("read_offset_past_end", rd(in, heap, 1, 11));
	t_kv("read_offset_int64_max", rd(in, heap, 1, 0x7fffffffffffffffull));
	t_kv("read_size0_offset_minus1", rd(in, heap, 0, (uint64_t)-1));
	t_kv("write_offset_minus1", wr(rw, heap, 1, (uint64_t)-1));
	t_kv("write_size0_offset_minus1", wr(rw, heap, 0, (uint64_t)-1));
	t_kv("write_rw_ok", wr(rw, (uintptr_t)"abc", 3, 0));

	/* the buffer is checked before the direction (quota) */
	t_kv("read_null_buf_on_write_only", rd(1, 0, 1, 0));
	t_kv("read_on_write_only", rd(1, heap, 1, 0));

	/* the argument array itself */
	t_kv("args_null", trap_at(0));
	t_kv("args_0x8000", trap_at(0x8000));
	t_kv("args_0xfffffffc", trap_at(0xfffffffcu));
	*(volatile uint64_t *)(uintptr_t)0xfffffff8u = TrapRead;
	t_kv("args_cut_by_4gib", trap_at(0xfffffff8u));
	*(volatile uint64_t *)(uintptr_t)(hend - 8) = TrapWrite;
	t_kv("args_cut_by_heap_end", trap_at((uint32_t)(hend - 8)));
	*(volatile uint64_t *)(uintptr_t)(hend - 8) = TrapFork;
	t_kv("args_fork_at_heap_end", trap_at((uint32_t)(hend - 8)));
	t_kv("args_in_text", trap_at((uint32_t)text));

	/* functions */
	t_kv("function_unknown", fn(0x12345678));
	t_kv("function_zero", fn(0));
	t_kv("function_read_high_bits", fn(0x100000000ull | TrapRead));
	t_kv("function_exit_high_bits", fn(0xffffffff00000000ull | TrapExit));
	t_kv("fork", zvm_fork());

	/* last: the host refuses this offset; the runtime must not pass it on */
	t_kv("write_offset_int64_max", wr(rw, heap, 1, 0x7fffffffffffffffull));
	t_kv("still_healthy", zvm_pwrite(1, "", 0, 0) == 0 && rd(in, heap, 3, 7) == 3);
	return 0;
}
