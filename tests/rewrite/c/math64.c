/* 64-bit and 128-bit integer math, shifts, bit operations. */
long long gll = 12345678901LL;

long long div64(long long a, long long b) { return a / b; }
unsigned long long udiv64(unsigned long long a, unsigned long long b) { return a / b + a % b; }
long long mul64(long long a, long long b) { return a * b + gll; }
long long shl64(long long a, int s) { return a << s; }
unsigned long long rotl(unsigned long long x, int r) { return (x << (r & 63)) | (x >> (-r & 63)); }
int popc(unsigned long long x) { return __builtin_popcountll(x); }
int clz(unsigned long long x) { return x ? __builtin_clzll(x) : 64; }
int ctz(unsigned x) { return x ? __builtin_ctz(x) : 32; }
unsigned long long bswap(unsigned long long x) { return __builtin_bswap64(x); }
__int128 mul128(long long a, long long b) { return (__int128)a * b; }
unsigned __int128 div128(unsigned __int128 a, unsigned __int128 b) { return a / b; }
long long muladd_ovf(long long a, long long b, int *ovf)
{
	long long r;
	*ovf = __builtin_mul_overflow(a, b, &r);
	return r;
}
unsigned hash(const char *s)
{
	unsigned long long h = 1469598103934665603ULL;
	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return (unsigned)(h ^ (h >> 32));
}
