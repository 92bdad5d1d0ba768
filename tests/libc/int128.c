/* 128-bit integer arithmetic (ZRT's compiler helpers for x32; the host uses
 * libgcc): division, modulo, conversions to and from floating point. */
#include <stdint.h>
#include <stdio.h>

typedef unsigned __int128 u128;
typedef __int128 i128;

static uint64_t s = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void)
{
	s ^= s << 13;
	s ^= s >> 7;
	s ^= s << 17;
	return s;
}

static void put(u128 v)
{
	char buf[50];
	int n = 0;
	do
		buf[n++] = (char)('0' + (int)(v % 10));
	while ((v /= 10));
	while (n)
		putchar(buf[--n]);
}

int main(void)
{
	uint64_t h = 0;
	for (int i = 0; i < 20000; i++) {
		u128 a = ((u128)rnd() << 64) | rnd(), b;
		int shape = i % 5;
		if (shape == 0)
			b = rnd() | 1;
		else if (shape == 1)
			b = ((u128)(rnd() >> (rnd() % 64)) << 64) | rnd();
		else if (shape == 2)
			b = (rnd() >> (rnd() % 63)) + 1;
		else if (shape == 3)
			a >>= rnd() % 128, b = ((u128)rnd() << 64 | rnd()) >> (rnd() % 127);
		else
			b = a / ((rnd() % 1000) + 1) + 1;
		if (!b)
			b = 3;
		u128 q = a / b, r = a % b;
		i128 sa = (i128)a, sb = (i128)b;
		if (sb == 0 || (sb == -1))
			sb = 7;
		i128 sq = sa / sb, sr = sa % sb;
		h = h * 1000003 ^ (uint64_t)q ^ (uint64_t)(q >> 64) * 3 ^ (uint64_t)r * 5 ^ (uint64_t)(r >> 64) * 7;
		h = h * 1000003 ^ (uint64_t)sq ^ (uint64_t)((u128)sq >> 64) ^ (uint64_t)sr * 11;
		if (q * b + r != a || r >= b)
			printf("bad division at %d\n", i);
		double d = (double)a, sd = (double)sa;
		float f = (float)a;
		long double ld = (long double)sa;
		uint64_t bits;
		__builtin_memcpy(&bits, &d, 8);
		h = h * 31 + bits;
		__builtin_memcpy(&bits, &sd, 8);
		h = h * 31 + bits;
		uint32_t fb;
		__builtin_memcpy(&fb, &f, 4);
		h = h * 31 + fb;
		h = h * 31 + (uint64_t)(ld / 0x1p64L);
		u128 back = (u128)(d * 0.5);
		i128 sback = (i128)(sd / 3);
		h = h * 31 + (uint64_t)back + (uint64_t)(back >> 64);
		h = h * 31 + (uint64_t)sback + (uint64_t)((u128)sback >> 64);
	}
	printf("hash %llx\n", (unsigned long long)h);
	u128 m = ~(u128)0;
	put(m);
	printf("\n");
	put(m / 3);
	printf(" ");
	put(m % 1000000007);
	printf("\n");
	printf("%a %a %a\n", (double)m, (double)(i128)(m >> 1), (double)(-(i128)(m >> 2)));
	printf("%a %a\n", (double)(u128)1e38, (double)(i128)-1.5e30);
	i128 big = (i128)1 << 100;
	printf("%d %d\n", (int)(big / ((i128)1 << 90)), (int)(-big % 1000));
	return 0;
}
