/* Inline assembly, globals, statics, weak symbols, constructors, tail calls. */
typedef unsigned size_t;
static unsigned state = 1;
int rnd(void) { state = state * 1103515245u + 12345u; return (int)((state >> 16) & 0x7fff); }

void *asm_memcpy(void *d, const void *s, size_t n)
{
	void *r = d;
	__asm__ volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
	return r;
}

void *asm_memset64(void *d, unsigned long long v, size_t n)
{
	void *r = d;
	__asm__ volatile("rep stosq" : "+D"(d), "+c"(n) : "a"(v) : "memory");
	return r;
}

unsigned asm_add(unsigned a, unsigned b)
{
	__asm__("addl %1, %0" : "+r"(a) : "r"(b));
	return a;
}

__attribute__((weak)) int weak_fn(int x) { return x + 1; }
__attribute__((constructor)) static void init(void) { state = 7; }
__attribute__((noinline)) static int helper(int x) { return x * 3 + rnd(); }
int use_helper(int x) { return helper(x) + helper(x + 1); }
int tail(int x) { return weak_fn(x + 2); }

const char *const strs[] = { "a", "bb", "ccc" };
int (*const fns[])(int) = { weak_fn, tail, use_helper };
int dispatch(int i, int x) { return fns[i % 3](x) + strs[i % 3][0]; }

struct S { char c; long long l; } gs = { 'x', 42 };
long long get_l(void) { return gs.l; }
unsigned *addr_of_state(void) { return &state; }
