/* Parsing numbers: strtold/strtof round trips over random values from a
 * fixed-seed generator, strtod's rounding of hex and halfway decimal inputs,
 * ERANGE on overflow and underflow with endptr, strtoul's negation and every
 * base 2..36, and the scanf family (widths, %i, %n, %[, suppression,
 * %a/%e/%g, return values at input failure). long is 32 bits in the sandbox
 * (x32) and 64 natively: long-sized results are printed only where both fit. */
#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state = 0x2545f4914f6cdd1dull;
static uint64_t rnd(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return state;
}

int main(void)
{
	char buf[128], *end;
	int bad = 0, total = 0;

	/* long double: %La and %.21Lg are exact, so parsing gives the same value */
	for (int i = 0; i < 5000; i++) {
		long double m = (long double)(rnd() | 0x8000000000000000ull);
		int e = (int)(rnd() % 32700) - 16350 - 63;
		long double x = ldexpl(m, e), y;
		if (i & 1)
			x = -x;
		snprintf(buf, sizeof buf, i % 3 ? "%.21Lg" : "%La", x);
		y = strtold(buf, &end);
		total++;
		if (x != y || *end) {
			if (bad++ < 5)
				printf("strtold mismatch: %s -> %La\n", buf, y);
		}
	}
	/* float, including denormals: %.9g and %a */
	for (int i = 0; i < 20000; i++) {
		uint32_t b = (uint32_t)rnd();
		float x, y;
		memcpy(&x, &b, 4);
		if (isnan(x))
			continue;
		snprintf(buf, sizeof buf, i & 1 ? "%.9g" : "%a", x);
		y = strtof(buf, &end);
		total++;
		if (memcmp(&x, &y, 4) || *end) {
			if (bad++ < 10)
				printf("strtof mismatch: %s -> %a\n", buf, y);
		}
	}
	/* doubles of ordinary size printed with fewer digits: the parse of the
	 * shortened string is what the host's is (printed as bits) */
	unsigned long long h = 0;
	for (int i = 0; i < 3000; i++) {
		double m = (double)(rnd() >> 11);
		double x = ldexp(m, (int)(rnd() % 200) - 100 - 53);
		snprintf(buf, sizeof buf, "%.*g", 1 + i % 17, x);
		double y = strtod(buf, 0);
		uint64_t yb;
		memcpy(&yb, &y, 8);
		h = h * 1000003 ^ yb;
	}
	printf("round trips %d, failures %d; shortened parse hash %llx\n", total, bad, h);

	static const char *const dv[] = {
		"0x1.00000000000008p0", "0x1.00000000000018p0", "0x1.000000000000081p0", "0x1p-1075", "0x1.8p-1074",
		"0x1p1024", "0x.fffffffffffff8p1024", "1.7976931348623158e308", "1.7976931348623159e308",
		"2.4703282292062327e-324", "2.4703282292062328e-324", "1e-324", "-1e-330", "9007199254740993",
		"9007199254740993.0000000000000000000000001", "0.000000000000000000000000000001e30", "1e+", "1e+5x",
		"-.", "+.e1", "infinity", "INFINITYx", "infin", "nan(123)", "NaN(abc", "-nan", "0x1p", "0x1.p1",
		"  \t\n-12.5e-1", "1.5e99999", "1.5e-99999",
	};
	for (size_t i = 0; i < sizeof dv / sizeof dv[0]; i++) {
		errno = 0;
		double v = strtod(dv[i], &end);
		int e1 = errno;
		errno = 0;
		float f = strtof(dv[i], 0);
		int e2 = errno;
		errno = 0;
		long double l = strtold(dv[i], 0);
		int e3 = errno;
		printf("\"%s\": %a end %td errno %d | f %a errno %d | l %La errno %d\n", dv[i], v, end - dv[i], e1,
		       (double)f, e2, l, e3);
	}

	/* strtoull: a leading minus negates; every base 2..36 */
	static const char *const uv[] = { "-1", "-0", "- 1", "-18446744073709551615", "-18446744073709551616",
					  "0x", "0xg", "0b101", "  +0X7fZ", "zzzzzzzzzzzzz", "ZZZZZZZZZZZZZ",
					  "777777777777777777777", "1777777777777777777777", "2000000000000000000000" };
	for (size_t i = 0; i < sizeof uv / sizeof uv[0]; i++) {
		for (int base = 0; base <= 36; base += base < 2 ? 2 : base < 16 ? 6 : 10) {
			errno = 0;
			unsigned long long u = strtoull(uv[i], &end, base);
			printf("strtoull(\"%s\", %d) = %llu end %td errno %d\n", uv[i], base, u, end - uv[i], errno);
		}
	}
	const char *digits = "-zyxwvu9876543210";
	for (int base = 2; base <= 36; base++) {
		errno = 0;
		long long v = strtoll(digits, &end, base);
		int e = errno;
		printf("base %d: %lld end %td errno %d\n", base, v, end - digits, e);
	}
	errno = 0;
	long long b37 = strtoll("10", &end, 37);
	printf("strtoll base 37: %lld errno %d\n", b37, errno);
	errno = 0;
	/* strtol at the edges of a 32-bit long: the same on both sides only inside it */
	printf("strtol %ld %ld %ld\n", strtol("-2147483648", 0, 10), strtol("7fffffff", 0, 16), strtol("-0x10", 0, 0));
	intmax_t i1 = strtoimax("9223372036854775807", 0, 10), i2 = strtoimax("-9223372036854775809", 0, 10);
	printf("strtoimax %jd %jd errno %d\n", i1, i2, errno);
	errno = 0;
	uintmax_t u1 = strtoumax("18446744073709551616", 0, 10);
	printf("strtoumax %ju errno %d\n", u1, errno);

	/* scanf family */
	int a = -1, b = -1, c = -1, n = -1;
	unsigned u = 0;
	double d = 0;
	float fl = 0;
	long double ld = 0;
	char s1[16] = "", s2[16] = "";
	int r = sscanf("12345 0x1f 077 -0", "%3d%d %i %i", &a, &b, &c, &n);
	printf("sscanf %d: %d %d %d %d\n", r, a, b, c, n);
	r = sscanf("0x1f 077 -0x10 10", "%i %i %i %o", &a, &b, &c, &n);
	printf("sscanf %%i: %d: %d %d %d %d\n", r, a, b, c, n);
	r = sscanf("abc123def  xyz", "%[a-z]%d%[^ ] %n%s", s1, &a, s2, &n, buf);
	printf("sscanf %%[: %d: [%s] %d [%s] n=%d [%s]\n", r, s1, a, s2, n, buf);
	r = sscanf("1.5e3 0x1.8p1 -inf nan 2.5", "%lf %f %Lf %*f %x", &d, &fl, &ld, &u);
	printf("sscanf floats %d: %a %a %La %u\n", r, d, (double)fl, ld, u);
	r = sscanf("  42", "%d%n", &a, &n);
	printf("sscanf %%n %d: %d %d\n", r, a, n);
	a = b = -7;
	r = sscanf("", "%d", &a);
	printf("sscanf empty %d a %d\n", r, a);
	r = sscanf("x", "%d", &a);
	printf("sscanf mismatch %d a %d\n", r, a);
	r = sscanf("5 x", "%d %d", &a, &b);
	printf("sscanf partial %d a %d b %d\n", r, a, b);
	r = sscanf("99999999999999999999", "%d", &a);
	printf("sscanf overflow %d\n", r);
	r = sscanf("abc%def", "abc%%d%s", s1);
	printf("sscanf %%%% %d [%s]\n", r, s1);
	r = sscanf("hello world", "%5c%3s", s1, s2);
	s1[5] = 0;
	printf("sscanf %%c %d [%s][%s]\n", r, s1, s2);
	unsigned char hh = 0;
	short sh = 0;
	long long ll = 0;
	r = sscanf("300 70000 -9223372036854775808", "%hhu %hd %lld", &hh, &sh, &ll);
	printf("sscanf lengths %d: %u %d %lld\n", r, hh, sh, ll);
	char *m = 0;
	r = sscanf("allocated string", "%ms", &m);
	printf("sscanf %%ms %d [%s]\n", r, m);
	free(m);
	return 0;
}
