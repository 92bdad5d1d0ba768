/*
 * zrt_compiler.c - the compiler-rt helpers clang calls on x32, written here
 * (Debian's libclang_rt builtins are x86-64 ELF64 objects and not
 * sandboxed): 128-bit division and modulo, 128-bit <-> floating point
 * conversions, overflow-checked multiplication; emulated TLS for
 * -femulated-tls (one thread: one copy of each variable); and the symbols
 * musl's thread-cancellation code refers to but a single thread never runs.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef unsigned __int128 u128;
typedef __int128 i128;

/* ---- 128-bit division ---------------------------------------------------- */

/* (hi:lo) / d with hi < d: one divq. */
static uint64_t div128by64(uint64_t hi, uint64_t lo, uint64_t d, uint64_t *rem)
{
	uint64_t q, r;
	__asm__("divq %4" : "=a"(q), "=d"(r) : "a"(lo), "d"(hi), "rm"(d));
	*rem = r;
	return q;
}

u128 __udivmodti4(u128 n, u128 d, u128 *rem)
{
	uint64_t nhi = (uint64_t)(n >> 64), nlo = (uint64_t)n;
	uint64_t dhi = (uint64_t)(d >> 64), dlo = (uint64_t)d;
	u128 q;

	if (dhi == 0) {
		uint64_t r;
		if (dlo == 0) { /* division by zero: trap like the hardware does */
			volatile uint64_t z = 0;
			return nlo / z;
		}
		if (nhi < dlo) {
			q = div128by64(nhi, nlo, dlo, &r);
		} else {
			uint64_t qhi = nhi / dlo;
			uint64_t qlo = div128by64(nhi % dlo, nlo, dlo, &r);
			q = ((u128)qhi << 64) | qlo;
		}
		if (rem)
			*rem = r;
		return q;
	}
	/* d >= 2^64: the quotient fits in 64 bits (Hacker's Delight, divlu). */
	int s = __builtin_clzll(dhi);
	uint64_t v1 = (uint64_t)((d << s) >> 64);
	u128 n1 = n >> 1;
	uint64_t r;
	uint64_t q1 = div128by64((uint64_t)(n1 >> 64), (uint64_t)n1, v1, &r);
	uint64_t q0 = (q1 >> (63 - s)) ; /* (q1 << s) >> 63 */
	if (q0)
		q0--;
	u128 rr = n - (u128)q0 * d;
	if (rr >= d) {
		q0++;
		rr -= d;
	}
	if (rem)
		*rem = rr;
	return q0;
}

u128 __udivti3(u128 n, u128 d)
{
	return __udivmodti4(n, d, 0);
}

u128 __umodti3(u128 n, u128 d)
{
	u128 r;
	__udivmodti4(n, d, &r);
	return r;
}

i128 __divti3(i128 a, i128 b)
{
	int neg = (a < 0) ^ (b < 0);
	u128 q = __udivmodti4(a < 0 ? -(u128)a : (u128)a, b < 0 ? -(u128)b : (u128)b, 0);
	return neg ? -(i128)q : (i128)q;
}

i128 __modti3(i128 a, i128 b)
{
	u128 r;
	__udivmodti4(a < 0 ? -(u128)a : (u128)a, b < 0 ? -(u128)b : (u128)b, &r);
	return a < 0 ? -(i128)r : (i128)r;
}

i128 __divmodti4(i128 a, i128 b, i128 *rem)
{
	i128 q = __divti3(a, b);
	if (rem)
		*rem = a - q * b;
	return q;
}

/* ---- overflow-checked multiplication ------------------------------------- */

i128 __muloti4(i128 a, i128 b, int *overflow)
{
	u128 ua = a < 0 ? -(u128)a : (u128)a, ub = b < 0 ? -(u128)b : (u128)b;
	int neg = (a < 0) ^ (b < 0);
	u128 limit = neg ? (u128)1 << 127 : ((u128)1 << 127) - 1;
	*overflow = 0;
	if (ua && ub > limit / ua)
		*overflow = 1;
	return (i128)((u128)a * (u128)b);
}

long long __mulodi4(long long a, long long b, int *overflow)
{
	i128 p = (i128)a * b;
	*overflow = p != (long long)p;
	return (long long)p;
}

/* ---- 128-bit integer <-> floating point ---------------------------------- */
/* To double and float: the top 64 significant bits with the rest folded
 * into a sticky lowest bit, so the one conversion rounds correctly. To long
 * double (64-bit mantissa): hi * 2^64 + lo, both exact, one rounding. */

static long double u128_to_ld(u128 v)
{
	return (long double)(uint64_t)(v >> 64) * 0x1p64L + (long double)(uint64_t)v;
}

static uint64_t top64(u128 v, int *shift)
{
	uint64_t hi = (uint64_t)(v >> 64);
	int s = 64 - __builtin_clzll(hi);
	uint64_t t = (uint64_t)(v >> s);
	if (v & (((u128)1 << s) - 1))
		t |= 1;
	*shift = s;
	return t;
}

static double u128_to_d(u128 v)
{
	int s;
	if (!(v >> 64))
		return (double)(uint64_t)v;
	uint64_t t = top64(v, &s);
	return __builtin_ldexp((double)t, s);
}

static float u128_to_f(u128 v)
{
	int s;
	if (!(v >> 64))
		return (float)(uint64_t)v;
	uint64_t t = top64(v, &s);
	return __builtin_ldexpf((float)t, s);
}

double __floatuntidf(u128 v) { return u128_to_d(v); }
double __floattidf(i128 v) { return v < 0 ? -u128_to_d(-(u128)v) : u128_to_d((u128)v); }
float __floatuntisf(u128 v) { return u128_to_f(v); }
float __floattisf(i128 v) { return v < 0 ? -u128_to_f(-(u128)v) : u128_to_f((u128)v); }
long double __floatuntixf(u128 v) { return u128_to_ld(v); }
long double __floattixf(i128 v) { return v < 0 ? -u128_to_ld(-(u128)v) : u128_to_ld((u128)v); }

/* Truncation toward zero; out of range saturates like compiler-rt. */
static u128 ld_to_u128(long double x)
{
	if (!(x >= 1))
		return 0;
	if (x >= 0x1p128L)
		return ~(u128)0;
	if (x < 0x1p64L)
		return (uint64_t)x;
	int e = 0;
	while (x >= 0x1p64L)
		x /= 2, e++; /* exact: divides by a power of two */
	return (u128)(uint64_t)x << e;
}

static i128 ld_to_i128(long double x)
{
	const i128 max = (i128)(~(u128)0 >> 1);
	if (x != x)
		return 0;
	if (x >= 0x1p127L)
		return max;
	if (x <= -0x1p127L)
		return -max - 1;
	return x < 0 ? -(i128)ld_to_u128(-x) : (i128)ld_to_u128(x);
}

u128 __fixunsdfti(double x) { return ld_to_u128(x); }
u128 __fixunssfti(float x) { return ld_to_u128(x); }
u128 __fixunsxfti(long double x) { return ld_to_u128(x); }
i128 __fixdfti(double x) { return ld_to_i128(x); }
i128 __fixsfti(float x) { return ld_to_i128(x); }
i128 __fixxfti(long double x) { return ld_to_i128(x); }

/* ---- emulated TLS (clang -femulated-tls) ---------------------------------- */

struct __emutls_control {
	size_t size, align;
	union { uintptr_t index; void *address; } object;
	void *value; /* initial contents, or 0 for zeroes */
};

void *__emutls_get_address(struct __emutls_control *c)
{
	if (!c->object.address) {
		size_t align = c->align < sizeof(void *) ? sizeof(void *) : c->align;
		void *p = aligned_alloc(align, (c->size + align - 1) / align * align);
		if (!p)
			abort();
		if (c->value)
			memcpy(p, c->value, c->size);
		else
			memset(p, 0, c->size);
		c->object.address = p;
	}
	return c->object.address;
}

/* ---- thread cancellation, which one thread never uses --------------------- */

long long __zrt_syscall(long long, long long, long long, long long, long long, long long, long long);

long __syscall_cp_asm(volatile int *cancel, long long nr, long long u, long long v, long long w,
		      long long x, long long y, long long z)
{
	(void)cancel;
	return (long)__zrt_syscall(nr, u, v, w, x, y, z);
}

const char __cp_begin[1], __cp_end[1], __cp_cancel[1];
