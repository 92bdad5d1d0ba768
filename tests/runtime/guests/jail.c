/*
 * jail.c - zvm_jail / zvm_unjail. The mode is the first byte of stdin:
 *   a  every non-fatal case, "NAME RESULT" per line
 *   w  jail valid code, then write into it       (must fault: W^X)
 *   x  jail, unjail, then call it                (must fault: not executable)
 *   h  call heap bytes never jailed              (must fault)
 *   f  jail invalid code (refused), then call it (must fault)
 *   s  jailed code that writes itself             (must fault at the store)
 *   e  issue 18's escape: jail two chunks, the first jumping into the
 *      second; unjail the second alone (-EINVAL), rewrite it anyway (must
 *      fault: it is still executable, so never writable)
 * Fatal modes print "addr 0xADDR" (the code's address) before the fault.
 */
#include "t.h"

#define CHUNK 0x10000u

/* mov $N, %eax; then the in-place return: movl (%esp),%r11d; andl $-32,%r11d;
 * movq %r11,(%esp); ret */
static const uint8_t ret_n[] = { 0xb8, 42, 0, 0, 0, 0x67, 0x44, 0x8b, 0x1c, 0x24, 0x41, 0x83,
				 0xe3, 0xe0, 0x67, 0x4c, 0x89, 0x1c, 0x24, 0xc3 };

static uint8_t *chunk(int k)
{
	uintptr_t h = ((uintptr_t)MANIFEST->heap_ptr + CHUNK - 1) & ~(uintptr_t)(CHUNK - 1);
	return (uint8_t *)(h + (uintptr_t)k * CHUNK);
}

/* k-th 64 KiB chunk of the heap: hlt everywhere, code at the start */
static uint8_t *code(int k, const uint8_t *c, int n)
{
	uint8_t *p = chunk(k);
	memset(p, 0xf4, CHUNK);
	memcpy(p, c, (size_t)n);
	return p;
}

static int call(uint8_t *p)
{
	return ((int (*)(void))p)();
}

static int32_t jail(uint64_t p, uint64_t n)
{
	return TRAP((uint64_t[]){ TrapJail, 0, p, n });
}

static int32_t unjail(uint64_t p, uint64_t n)
{
	return TRAP((uint64_t[]){ TrapUnjail, 0, p, n });
}

static void addr(const void *p)
{
	t_s("addr ");
	t_x((uintptr_t)p);
	t_nl();
}

int main(void)
{
	char mode = 0;
	uint8_t c[32];
	uint64_t hend = (uintptr_t)MANIFEST->heap_ptr + MANIFEST->heap_size;
	uint64_t last = (hend & ~(uint64_t)(CHUNK - 1)) - CHUNK;
	uint8_t *p;

	zvm_pread(0, &mode, 1, 0);
	memcpy(c, ret_n, sizeof ret_n);
	switch (mode) {
	case 'w':
		p = code(0, c, sizeof ret_n);
		t_kv("jail", zvm_jail(p, CHUNK));
		addr(p);
		p[0] = 0x90;
		t_kv("wrote", 1);
		return 0;
	case 'x':
		p = code(0, c, sizeof ret_n);
		t_kv("jail", zvm_jail(p, CHUNK));
		t_kv("call", call(p));
		t_kv("unjail", zvm_unjail(p, CHUNK));
		addr(p);
		t_kv("called", call(p));
		return 0;
	case 'h':
		p = code(0, c, sizeof ret_n);
		addr(p);
		t_kv("called", call(p));
		return 0;
	case 's': {
		/* mov $p,%eax; movb $0x90,(%eax) (0x67: a valid sandboxed store) */
		uint8_t sw[32] = { 0xb8, 0, 0, 0, 0, 0x67, 0xc6, 0x00, 0x90 };
		uint32_t a;
		p = chunk(0);
		a = (uint32_t)(uintptr_t)p;
		memcpy(sw + 1, &a, 4);
		memcpy(sw + 9, ret_n + 5, sizeof ret_n - 5);
		code(0, sw, 9 + (int)sizeof ret_n - 5);
		t_kv("jail", zvm_jail(p, CHUNK));
		addr(p + 5);
		t_kv("called", call(p));
		return 0;
	}
	case 'e': {
		/* chunk 1: jmp rel32 to chunk 2 + 64; chunk 2: the return code there */
		uint8_t j[5] = { 0xe9 };
		int32_t rel = (int32_t)(CHUNK + 64 - 5);
		memcpy(j + 1, &rel, 4);
		code(1, j, 5);
		memset(chunk(2), 0xf4, CHUNK);
		memcpy(chunk(2) + 64, ret_n, sizeof ret_n);
		t_kv("jail_two_chunks", jail((uintptr_t)chunk(1), 2 * CHUNK));
		t_kv("call_through_jump", call(chunk(1)));
		t_kv("unjail_second", unjail((uintptr_t)chunk(2), CHUNK));
		t_kv("jail_second_alone", jail((uintptr_t)chunk(2), CHUNK));
		addr(chunk(2) + 64);
		chunk(2)[64] = 0x90; /* the rewrite: a fault, never a system call */
		t_kv("rewrote", 1);
		return 0;
	}
	case 'f':
		c[5] = 0x0f, c[6] = 0x05; /* syscall */
		p = code(0, c, sizeof ret_n);
		t_kv("jail", zvm_jail(p, CHUNK));
		addr(p);
		t_kv("called", call(p));
		return 0;
	}

	p = code(0, c, sizeof ret_n);
	t_kv("jail_valid", zvm_jail(p, CHUNK));
	t_kv("call_jailed", call(p));
	t_kv("unjail", zvm_unjail(p, CHUNK));
	p[1] = 43; /* writable again: change the constant, jail again */
	t_kv("jail_again", zvm_jail(p, CHUNK));
	t_kv("call_rejailed", call(p));
	t_kv("unjail_again", zvm_unjail(p, CHUNK));

	/* two chunks at once, code in the second */
	memset(chunk(1), 0xf4, CHUNK);
	c[1] = 44;
	p = code(2, c, sizeof ret_n);
	t_kv("jail_two_chunks", jail((uintptr_t)chunk(1), 2 * CHUNK));
	t_kv("call_second_chunk", call(p));
	/* traps at jailed code: it can be written from, never read into */
	t_kv("read_into_jailed", zvm_pread(0, p, 1, 0));
	t_kv("read_into_jailed_end", zvm_pread(0, chunk(1) + 2 * CHUNK - 1, 1, 0));
	t_kv("read_straddles_jailed_start", zvm_pread(0, chunk(1) - 1, 2, 0));
	t_kv("write_from_jailed", zvm_pwrite(2, p, 5, 0));
	t_kv("write_from_jailed_end", zvm_pwrite(2, chunk(1) + 2 * CHUNK - 1, 1, 0));
	/* a unit leaves only whole (issue 18's escape: unjail the second
	 * part, rewrite it, jail it alone): every part of it is -EINVAL */
	t_kv("unjail_second_chunk_of_unit", unjail((uintptr_t)chunk(2), CHUNK));
	t_kv("unjail_first_chunk_of_unit", unjail((uintptr_t)chunk(1), CHUNK));
	t_kv("unjail_unit_plus_page", unjail((uintptr_t)chunk(1), 2 * CHUNK + 0x1000));
	t_kv("unjail_unit_less_page", unjail((uintptr_t)chunk(1), 2 * CHUNK - 0x1000));
	t_kv("call_after_partial_unjails", call(p));
	t_kv("unjail_two_chunks", unjail((uintptr_t)chunk(1), 2 * CHUNK));
	t_kv("unjail_two_chunks_twice", unjail((uintptr_t)chunk(1), 2 * CHUNK));
	/* two pages of one chunk: the second page cannot leave alone */
	c[1] = 45;
	p = code(1, c, sizeof ret_n);
	t_kv("jail_two_pages", jail((uintptr_t)p, 0x2000));
	t_kv("unjail_second_page", unjail((uintptr_t)p + 0x1000, 0x1000));
	t_kv("unjail_first_page", unjail((uintptr_t)p, 0x1000));
	t_kv("call_two_pages", call(p));
	t_kv("unjail_two_pages", unjail((uintptr_t)p, 0x2000));
	/* two adjacent units are two: each leaves whole, not together */
	t_kv("jail_unit_a", jail((uintptr_t)chunk(1), CHUNK));
	memset(chunk(2), 0xf4, CHUNK);
	t_kv("jail_unit_b", jail((uintptr_t)chunk(2), CHUNK));
	t_kv("unjail_a_and_b_together", unjail((uintptr_t)chunk(1), 2 * CHUNK));
	t_kv("unjail_unit_b", unjail((uintptr_t)chunk(2), CHUNK));
	t_kv("unjail_unit_a", unjail((uintptr_t)chunk(1), CHUNK));
	t_kv("jail_over_jailed", (jail((uintptr_t)chunk(1), CHUNK), jail((uintptr_t)chunk(1), 2 * CHUNK)));
	t_kv("unjail_after_refused_overlap", unjail((uintptr_t)chunk(1), CHUNK));

	/* invalid code is refused and stays writable */
	c[1] = 42;
	c[5] = 0x0f, c[6] = 0x05; /* syscall */
	p = code(3, c, sizeof ret_n);
	t_kv("jail_syscall", zvm_jail(p, CHUNK));
	p[0] = 0x90;
	t_kv("writable_after_refusal", p[0] == 0x90);
	{
		/* jmp rel32 into the nexe's text: outside the jailed code */
		uint8_t j[5] = { 0xe9 };
		int32_t rel = (int32_t)((uintptr_t)&main - ((uintptr_t)chunk(3) + 5));
		memcpy(j + 1, &rel, 4);
		p = code(3, j, 5);
		t_kv("jail_jump_outside", zvm_jail(p, CHUNK));
		/* a jump to trampoline slot 0 (the trap) is allowed */
		rel = (int32_t)(ZVM_TRAP_ADDRESS - ((uintptr_t)chunk(3) + 5));
		memcpy(j + 1, &rel, 4);
		p = code(3, j, 5);
		t_kv("jail_jump_to_trap", zvm_jail(p, CHUNK));
		t_kv("unjail_jump_to_trap", zvm_unjail(p, CHUNK));
	}
	{
		uint8_t r[1] = { 0xc3 }; /* a bare ret */
		p = code(3, r, 1);
		t_kv("jail_bare_ret", zvm_jail(p, CHUNK));
	}

	{
		/* an instruction cut by the end of the range */
		p = code(3, ret_n, sizeof ret_n);
		memcpy(p + CHUNK - 3, ret_n, 3);
		t_kv("jail_cut_instruction_at_end", zvm_jail(p, CHUNK));
	}

	/* ranges */
	p = code(4, ret_n, sizeof ret_n);
	t_kv("jail_unaligned", jail((uintptr_t)p + 0x1000, CHUNK));
	t_kv("jail_unaligned_by_32", jail((uintptr_t)p + 32, CHUNK));
	t_kv("jail_size_0", jail((uintptr_t)p, 0));
	t_kv("jail_size_100", jail((uintptr_t)p, 100));
	t_kv("jail_size_negative", jail((uintptr_t)p, (uint64_t)-(int64_t)CHUNK));
	t_kv("jail_size_huge", jail((uintptr_t)p, 0x100000000ull));
	t_kv("jail_null", jail(0, CHUNK));
	t_kv("jail_trampolines", jail(0x10000, CHUNK));
	t_kv("jail_text", jail(0x20000, CHUNK));
	t_kv("jail_stack", jail(0xff000000u, CHUNK));
	t_kv("jail_4gib", jail(0x100000000ull, CHUNK));
	t_kv("jail_4gib_plus_heap", jail(0x100000000ull + (uintptr_t)p, CHUNK));
	t_kv("jail_past_heap", jail(last + CHUNK, CHUNK));
	t_kv("jail_straddles_heap_end", jail(last, 2 * CHUNK));
	memset((void *)(uintptr_t)last, 0xf4, CHUNK);
	t_kv("jail_last_chunk", jail(last, CHUNK));
	t_kv("unjail_last_chunk", unjail(last, CHUNK));
	t_kv("unjail_never_jailed", unjail((uintptr_t)p, CHUNK));
	t_kv("unjail_text", unjail(0x20000, CHUNK));
	t_kv("unjail_trampolines", unjail(0x10000, CHUNK));
	t_kv("unjail_null", unjail(0, CHUNK));
	t_kv("unjail_unaligned", unjail((uintptr_t)p + 0x1000, CHUNK));
	t_kv("still_healthy", zvm_pwrite(1, "", 0, 0) == 0);
	return 0;
}
