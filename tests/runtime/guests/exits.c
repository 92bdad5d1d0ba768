/*
 * exits.c - exit codes, faults, memory and the user manifest. The command
 * is stdin: a letter, then an optional number.
 *   e N  zvm_exit(N) (N as a 64-bit word)    r N  return N from main
 *   s    load from address 0                  w    store to address 0
 *   d    divide by zero                       o    INT_MIN / -1
 *   u    ud2                                  h    hlt
 *   R    unbounded recursion (stack overflow)
 *   t    write the heap's first and last byte, then the byte after it
 *   T    read the byte after the heap
 *   m    print the user manifest
 *   f    print MXCSR and the x87 control word, change both, make a trap
 *        call, print them again
 *   p    print trampoline slot 0
 *   l    loop forever
 */
#include "t.h"

static char cmd[64];
static volatile int zero;
static volatile int minus1 = -1;
static volatile int hundred = 100;

static int64_t arg(void)
{
	const char *s = cmd + 1;
	int neg = 0;
	int64_t v = 0;
	while (*s == ' ')
		s++;
	if (*s == '-')
		neg = 1, s++;
	while (*s >= '0' && *s <= '9')
		v = v * 10 + (*s++ - '0');
	return neg ? -v : v;
}

static int deep(volatile char *p, int n)
{
	volatile char buf[256];
	buf[0] = (char)n;
	if (p)
		buf[1] = p[0];
	return deep(buf, n + 1) + buf[1];
}

static void fpstate(const char *when)
{
	uint32_t mxcsr;
	uint16_t fcw;
	__asm__ volatile("stmxcsr %0" : "=m"(mxcsr));
	__asm__ volatile("fnstcw %0" : "=m"(fcw));
	t_s(when);
	t_s(" mxcsr ");
	t_x(mxcsr);
	t_s(" fcw ");
	t_x(fcw);
	t_nl();
}

int main(void)
{
	const struct UserManifest *m = MANIFEST;
	volatile char *heap = m->heap_ptr;
	uint32_t size = m->heap_size;

	zvm_pread(0, cmd, sizeof cmd - 1, 0);
	switch (cmd[0]) {
	case 'e':
		zvm_exit(arg());
		return 99;
	case 'r':
		return (int)arg();
	case 's':
		return *(volatile int *)(uintptr_t)zero;
	case 'w':
		*(volatile int *)(uintptr_t)zero = 1;
		return 99;
	case 'd':
		return hundred / zero;
	case 'o':
		return (int)(-2147483647 - 1 + zero) / minus1;
	case 'u':
		__builtin_trap();
	case 'h':
		__asm__ volatile("hlt");
		return 99;
	case 'R':
		return deep(0, 0);
	case 't':
		heap[0] = 1;
		t_kv("first", heap[0]);
		heap[size - 1] = 2;
		t_kv("last", heap[size - 1]);
		heap[size] = 3;
		t_kv("after", heap[size]);
		return 99;
	case 'T':
		t_kv("after", heap[size]);
		return 99;
	case 'm':
		t_s("heap_ptr_mod_64k ");
		t_d((uintptr_t)m->heap_ptr % 65536);
		t_nl();
		t_kv("heap_ptr", (uintptr_t)m->heap_ptr);
		t_kv("heap_end", (uintptr_t)m->heap_ptr + m->heap_size);
		t_kv("stack_size", m->stack_size);
		t_kv("manifest_below_stack", (uintptr_t)m < 0xff000000u && (uintptr_t)m->channels < 0xff000000u);
		t_kv("channels_count", m->channels_count);
		for (int i = 0; i < m->channels_count; i++) {
			const struct ZVMChannel *c = &m->channels[i];
			t_d(i);
			t_c(' ');
			t_s(c->name);
			t_s(" type ");
			t_d(c->type);
			t_s(" limits ");
			for (int k = 0; k < 4; k++) {
				t_d(c->limits[k]);
				t_c(k < 3 ? ',' : ' ');
			}
			t_s("size ");
			t_d(c->size);
			t_nl();
		}
		return 0;
	case 'f':
		fpstate("entry");
		{
			uint32_t mx = 0x7f80 | 0x8000; /* round toward zero, flush to zero */
			uint16_t cw = 0x27f;           /* double precision */
			__asm__ volatile("ldmxcsr %0" : : "m"(mx));
			__asm__ volatile("fldcw %0" : : "m"(cw));
		}
		zvm_pwrite(1, "", 0, 0);
		fpstate("after-trap");
		return 0;
	case 'p': {
		const volatile unsigned char *t = (const volatile unsigned char *)(uintptr_t)ZVM_TRAP_ADDRESS;
		unsigned char b[32];
		for (int i = 0; i < 32; i++)
			b[i] = t[i];
		t_s("slot0 ");
		t_bytes(b, 32);
		t_nl();
		return 0;
	}
	case 'l':
		for (;;)
			zero++;
	}
	return 98;
}
