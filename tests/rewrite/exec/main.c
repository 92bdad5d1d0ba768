/*
 * The x32 side of the execution test: calls the corpus in ../c with many
 * inputs and returns a text of the results. Built and run twice (original
 * and rewritten assembly) by run.sh; both must print the same text.
 */
#include <stdarg.h>
typedef unsigned size_t;

static char out[1 << 16];
static size_t outlen;

static void putc_(char c)
{
	if (outlen < sizeof out - 1)
		out[outlen++] = c;
}
static void puts_(const char *s)
{
	while (*s)
		putc_(*s++);
}
static void hex(unsigned long long v)
{
	char b[17];
	int i = 16;
	b[16] = 0;
	do
		b[--i] = "0123456789abcdef"[v & 15];
	while (v >>= 4);
	puts_(b + i);
	putc_(' ');
}
static void tag(const char *t)
{
	putc_('\n');
	puts_(t);
	puts_(": ");
}

/* What the corpus needs from outside. */
void *memcpy(void *d, const void *s, size_t n)
{
	void *r = d;
	__asm__ volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
	return r;
}
void *memset(void *d, int c, size_t n)
{
	void *r = d;
	__asm__ volatile("rep stosb" : "+D"(d), "+c"(n) : "a"(c) : "memory");
	return r;
}
void *memmove(void *d, const void *s, size_t n)
{
	char *dp = d;
	const char *sp = s;
	if (dp <= sp || dp >= sp + n)
		return memcpy(d, s, n);
	dp += n - 1;
	sp += n - 1;
	__asm__ volatile("std; rep movsb; cld" : "+D"(dp), "+S"(sp), "+c"(n) : : "memory");
	return d;
}
double sqrt(double x)
{
	double r;
	__asm__("sqrtsd %1, %0" : "=x"(r) : "x"(x));
	return r;
}
int ext(int x) { return x * 7 + 3; }
static int consumed;
int consume(char *p, int n)
{
	int s = 0;
	for (int i = 0; i < n; i++)
		s = s * 31 + p[i];
	consumed += n;
	return s;
}
int vlog(const char *fmt, va_list ap)
{
	int n = 0;
	for (; *fmt; fmt++)
		if (*fmt == 'd')
			n += va_arg(ap, int);
		else if (*fmt == 'f')
			n += (int)va_arg(ap, double);
	return n;
}
struct big { int a[40]; char tag; double d; };
struct big make_big(int k)
{
	struct big b;
	for (int i = 0; i < 40; i++)
		b.a[i] = i * k;
	b.tag = (char)k;
	b.d = k / 2.0;
	return b;
}
static int big_sum;
void take_big(struct big b)
{
	for (int i = 0; i < 40; i++)
		big_sum += b.a[i];
}
static int opx(int a, int b) { return a * 3 - b; }
int (*ext_op)(int, int) = opx;
unsigned __int128 __udivti3(unsigned __int128 a, unsigned __int128 b)
{
	unsigned __int128 q = 0, r = 0;
	for (int i = 127; i >= 0; i--) {
		r = (r << 1) | ((a >> i) & 1);
		if (r >= b) {
			r -= b;
			q |= (unsigned __int128)1 << i;
		}
	}
	return q;
}

/* The corpus. */
int dense(int);
const char *names(unsigned char);
long sparse(long);
int interp(const unsigned char *, int);
int loop_switch(const char *);
typedef int (*binop)(int, int);
extern binop table[];
int apply(int, int, int);
int apply_ext(int, int);
int tail_call(binop, int);
int fold(const int *, int, binop, int);
int call_many(binop *, int);
int divi(int, int);
int sum_ints(int, ...);
double sum_mixed(const char *, ...);
int caller(void);
struct big copy_big(const struct big *);
void assign(struct big *, const struct big *);
int pass_big(int);
struct bits { unsigned a : 3, b : 7, c : 1, d : 21; };
unsigned bitf(struct bits *, unsigned);
unsigned pun(float);
struct pt { int x, y, z; };
int centroid(const struct pt *, int, struct pt *);
int dot(const int *, const int *, int);
void saxpy(float *, const float *, float, int);
void matmul(double *, const double *, const double *, int);
int find(const short *, int, short);
extern unsigned char hist[256];
void histogram(const unsigned char *, unsigned long);
long long sum64(const long long *, int);
void bubble(int *, int);
void copy_n(char *, const char *, size_t);
void clear_n(char *, size_t);
void move_n(char *, size_t);
void copy16(char *, const char *);
void *my_memcpy(void *, const void *, size_t);
void *my_memset(void *, int, size_t);
int my_memcmp(const void *, const void *, size_t);
long double ld_mul(long double, long double);
long double ld_poly(long double);
long long ld_to_ll(long double);
unsigned long long ld_to_ull(long double);
long double ull_to_ld(unsigned long long);
double d_from_ull(unsigned long long);
float f_mix(float, double, int);
int cmp_ld(long double, long double);
double avg(const double *, int);
double clampd(double);
double sqrt_(double);
long long div64(long long, long long);
unsigned long long udiv64(unsigned long long, unsigned long long);
long long mul64(long long, long long);
long long shl64(long long, int);
unsigned long long rotl(unsigned long long, int);
int popc(unsigned long long);
int clz(unsigned long long);
int ctz(unsigned);
unsigned long long bswap(unsigned long long);
__int128 mul128(long long, long long);
unsigned __int128 div128(unsigned __int128, unsigned __int128);
long long muladd_ovf(long long, long long, int *);
unsigned hash(const char *);
int fib(int);
int ackermann(int, int);
int vla(int);
int with_alloca(int);
int aligned_local(int);
long call_many10(void);
struct node { struct node *l, *r; int v; };
int tree_sum(const struct node *);
size_t my_strlen(const char *);
int my_strcmp(const char *, const char *);
char *my_strchr(const char *, int);
char *my_strcpy(char *, const char *);
void reverse(char *);
int atoi_(const char *);
char *utoa_(unsigned, char *, int);
int inc(void);
long long inc64(void);
int cas(int *, int, int);
int swap(int *, int);
void fence(void);
int sync_or(int *);
int minmax(int, int, int);
int is_pow2(unsigned);
int test_bit(const unsigned *, int);
void set_bit(unsigned *, int);
unsigned char sat_add(unsigned char, unsigned char);
int rnd(void);
void *asm_memcpy(void *, const void *, size_t);
void *asm_memset64(void *, unsigned long long, size_t);
unsigned asm_add(unsigned, unsigned);
int use_helper(int);
int tail(int);
int dispatch(int, int);
long long get_l(void);

static int add2(int a, int b) { return a + b; }
static int max2(int a, int b) { return a > b ? a : b; }

const char *test_main(void)
{
	static const unsigned char prog[] = { 0, 0, 2, 1, 2, 0, 3 };
	int i;

	tag("switch");
	for (i = -1; i < 10; i++)
		hex((unsigned)dense(i));
	for (i = 'a'; i <= 'z'; i += 3)
		puts_(names((unsigned char)i)), putc_(' ');
	hex((unsigned long long)sparse(100000)), hex((unsigned long long)sparse(7));
	hex((unsigned)interp(prog, 5));
	hex((unsigned)loop_switch("12+3*2-")), hex((unsigned)loop_switch("9x"));

	tag("fptr");
	for (i = 0; i < 4; i++)
		hex((unsigned)apply(i, 20, 6));
	hex((unsigned)apply_ext(5, 2)), hex((unsigned)tail_call(add2, 9));
	{
		int v[] = { 3, 9, 1, 7 };
		binop fs[] = { add2, max2, divi, add2 };
		hex((unsigned)fold(v, 4, max2, 0)), hex((unsigned)fold(v, 4, add2, 1));
		hex((unsigned)call_many(fs, 4));
	}

	tag("varargs");
	{
		int x = 11;
		hex((unsigned)sum_ints(5, 1, 2, 3, 4, 5));
		hex((unsigned long long)(long long)(sum_mixed("ildpi", 1, 2LL, 3.5, &x, 4) * 8));
		hex((unsigned)caller());
	}

	tag("structs");
	{
		struct big b = make_big(3), c;
		c = copy_big(&b);
		hex((unsigned)c.a[39]), hex((unsigned char)c.tag);
		assign(&c, &b);
		hex((unsigned)c.a[20]);
		hex((unsigned)pass_big(4)), hex((unsigned)big_sum);
		struct bits bt = { 5, 3, 1, 100 };
		hex(bitf(&bt, 77)), hex(bitf(&bt, 1));
		hex(pun(1.5f));
		struct pt p[3] = { { 1, 2, 3 }, { 4, 5, 6 }, { 7, 8, 9 } }, o;
		hex((unsigned)centroid(p, 3, &o)), hex((unsigned)o.y);
	}

	tag("loops");
	{
		int a[37], b[37];
		float y[19], x[19];
		double m[9], n[9], r[9];
		short s[50];
		long long ll[13];
		unsigned char bytes[300];
		for (i = 0; i < 37; i++)
			a[i] = i * 3 - 7, b[i] = 100 - i;
		hex((unsigned)dot(a, b, 37));
		for (i = 0; i < 19; i++)
			y[i] = (float)i, x[i] = (float)(i * i);
		saxpy(y, x, 0.5f, 19);
		hex((unsigned)(y[18] * 4));
		for (i = 0; i < 9; i++)
			m[i] = i + 1, n[i] = 9 - i;
		matmul(r, m, n, 3);
		hex((unsigned)r[4]), hex((unsigned)r[8]);
		for (i = 0; i < 50; i++)
			s[i] = (short)(i * i);
		hex((unsigned)find(s, 50, 49 * 49)), hex((unsigned)find(s, 50, 3));
		for (i = 0; i < 300; i++)
			bytes[i] = (unsigned char)(i * 7);
		histogram(bytes, 300);
		hex(hist[0]), hex(hist[7]), hex(hist[255]);
		for (i = 0; i < 13; i++)
			ll[i] = (long long)i << 40;
		hex((unsigned long long)sum64(ll, 13));
		bubble(a, 37);
		hex((unsigned)a[0]), hex((unsigned)a[36]);
	}

	tag("mem");
	{
		char d[80], e[80];
		for (i = 0; i < 80; i++)
			e[i] = (char)(i + 1);
		copy_n(d, e, 70), hex((unsigned char)d[69]);
		clear_n(d, 10), hex((unsigned char)d[9]), hex((unsigned char)d[10]);
		move_n(d, 60), hex((unsigned char)d[1]), hex((unsigned char)d[61]);
		copy16(d, e + 30), hex((unsigned char)d[15]);
		my_memcpy(d, e, 33), hex((unsigned char)d[32]);
		my_memset(d, 9, 5), hex((unsigned char)d[4]);
		hex((unsigned)my_memcmp(d, e, 40)), hex((unsigned)my_memcmp(d + 5, e + 5, 20));
	}

	tag("fp");
	hex((unsigned long long)(ld_mul(3.0L, 4.0L) * 16));
	hex((unsigned long long)ld_poly(2.0L));
	hex((unsigned long long)ld_to_ll(-12345.75L));
	hex(ld_to_ull(18446744073709551000.0L));
	hex((unsigned long long)ull_to_ld(0xfedcba9876543210ull));
	hex((unsigned long long)d_from_ull(0xfedcba9876543210ull));
	hex((unsigned)f_mix(1.5f, 2.0, 3));
	hex((unsigned)cmp_ld(1.0L, 2.0L)), hex((unsigned)cmp_ld(3.0L, 2.0L));
	{
		double v[] = { 1, 2, 3, 4.5 };
		hex((unsigned)(avg(v, 4) * 100));
	}
	hex((unsigned)(clampd(7.0) * 10)), hex((unsigned)(sqrt_(144.0)));

	tag("math64");
	hex((unsigned long long)div64(-1000000000000LL, 7));
	hex(udiv64(0xffffffffffffull, 12345));
	hex((unsigned long long)mul64(123456789, 987654321));
	hex((unsigned long long)shl64(3, 40));
	hex(rotl(0x8000000000000001ull, 3));
	hex((unsigned)popc(0xf0f0f0f0f0ull)), hex((unsigned)clz(1)), hex((unsigned)ctz(0x100));
	hex(bswap(0x0102030405060708ull));
	{
		__int128 m = mul128(0x7fffffffffffffffLL, 3);
		hex((unsigned long long)(m >> 64)), hex((unsigned long long)m);
		unsigned __int128 q = div128(((unsigned __int128)5 << 70) + 17, 12345);
		hex((unsigned long long)(q >> 64)), hex((unsigned long long)q);
		int ovf;
		hex((unsigned long long)muladd_ovf(1LL << 62, 4, &ovf)), hex((unsigned)ovf);
	}
	hex(hash("zerovm"));

	tag("recursion");
	hex((unsigned)fib(20)), hex((unsigned)ackermann(2, 3));
	hex((unsigned)vla(37)), hex((unsigned)with_alloca(21)), hex((unsigned)aligned_local(300));
	hex((unsigned long long)call_many10());
	{
		struct node l = { 0, 0, 3 }, r = { 0, 0, 4 }, t = { &l, &r, 5 };
		hex((unsigned)tree_sum(&t));
	}
	hex((unsigned)consumed);

	tag("strings");
	{
		char buf[64], nb[40];
		hex(my_strlen("sandbox")), hex((unsigned)my_strcmp("abc", "abd"));
		puts_(my_strchr("hello", 'l')), putc_(' ');
		my_strcpy(buf, "reverse me");
		reverse(buf);
		puts_(buf), putc_(' ');
		hex((unsigned)atoi_("  -4711")), puts_(utoa_(48879, nb, 16)), putc_(' ');
	}

	tag("atomics");
	{
		int v = 5;
		unsigned bits[4] = { 0, 0, 0, 0 };
		hex((unsigned)inc()), hex((unsigned)inc()), hex((unsigned long long)inc64());
		hex((unsigned)cas(&v, 5, 8)), hex((unsigned)cas(&v, 5, 9)), hex((unsigned)v);
		hex((unsigned)swap(&v, 1)), hex((unsigned)sync_or(&v)), hex((unsigned)v);
		fence();
		hex((unsigned)minmax(3, 9, 4)), hex((unsigned)is_pow2(64)), hex((unsigned)is_pow2(65));
		set_bit(bits, 77), hex((unsigned)test_bit(bits, 77)), hex(bits[2]);
		hex(sat_add(200, 100));
	}

	tag("misc");
	{
		char a[40], b[40];
		unsigned long long q[5];
		for (i = 0; i < 40; i++)
			b[i] = (char)(i * 5);
		asm_memcpy(a, b, 40), hex((unsigned char)a[39]);
		asm_memset64(q, 0x1122334455667788ull, 5), hex(q[4]);
		hex(asm_add(40, 2)), hex((unsigned)rnd()), hex((unsigned)use_helper(3));
		hex((unsigned)tail(4)), hex((unsigned)dispatch(4, 5)), hex((unsigned long long)get_l());
	}
	putc_('\n');
	out[outlen] = 0;
	return out;
}
