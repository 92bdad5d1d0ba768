/* strtod/strtof/strtold and strtol/strtoul/strtoll round trips and errors. */
#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state = 0x123456789abcdefull;
static uint64_t rnd(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return state;
}

int main(void)
{
	char buf[64], *end;
	int bad = 0;

	/* random bit patterns: print with %.17g and %a, parse back, compare bits */
	for (int i = 0; i < 20000; i++) {
		uint64_t bits = rnd();
		double x, y;
		memcpy(&x, &bits, 8);
		if (isnan(x))
			continue;
		snprintf(buf, sizeof buf, i & 1 ? "%.17g" : "%a", x);
		y = strtod(buf, &end);
		if (memcmp(&x, &y, 8) || *end)
			bad++;
		float f = (float)x, g;
		snprintf(buf, sizeof buf, "%.9g", f);
		g = strtof(buf, 0);
		if (memcmp(&f, &g, 4))
			bad++;
	}
	printf("round trip failures: %d\n", bad);

	static const char *const dv[] = { "0", "-0", "1e308", "1e309", "-1e309", "1e-320", "1e-400", "0x1p-1074",
					  "0x1.fffffffffffffp1023", "inf", "-Infinity", "nan", "  42.5xyz", "1e",
					  "0x", ".5", "5.", "1_0", "123456789012345678901234567890", "2.2250738585072011e-308",
					  "4.9406564584124654e-324", "0.1", "1.00000000000000011102230246251565404236316680908203125" };
	for (size_t i = 0; i < sizeof dv / sizeof dv[0]; i++) {
		errno = 0;
		double v = strtod(dv[i], &end);
		printf("strtod(\"%s\") = %.17g %a end=%td errno=%d\n", dv[i], v, v, end - dv[i], errno);
	}
	errno = 0;
	long double ld = strtold("1.18973149535723176502e+4932", &end);
	printf("strtold: %Lg %d\n", ld, errno);
	ld = strtold("3.36210314311209350626e-4932", &end);
	printf("strtold: %.21Lg\n", ld);

	static const char *const iv[] = { "0", "-0", "123", "-123", "+7", "  12abc", "0x1f", "0X1F", "017", "08",
					  "2147483647", "2147483648", "-2147483649", "9223372036854775807",
					  "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
					  "18446744073709551615", "18446744073709551616", "zz", "", "-", "0x" };
	static const int bases[] = { 10, 0, 16, 8, 36, 2 };
	for (size_t i = 0; i < sizeof iv / sizeof iv[0]; i++) {
		for (size_t b = 0; b < sizeof bases / sizeof bases[0]; b++) {
			errno = 0;
			long long ll = strtoll(iv[i], &end, bases[b]);
			int e2 = errno;
			long le = end - iv[i];
			errno = 0;
			unsigned long long ull = strtoull(iv[i], &end, bases[b]);
			int e3 = errno;
			printf("\"%s\"/%d: %lld(%ld,%d) %llu(%d)\n", iv[i], bases[b], ll, le, e2, ull, e3);
		}
	}
	/* long is 32 bits on x32 and 64 natively: only values that fit both */
	static const char *const sv[] = { "-2147483648", "2147483647", "-77", "0x7fffffff", "z1", "777" };
	for (size_t i = 0; i < sizeof sv / sizeof sv[0]; i++)
		printf("strtol %s: %ld %ld\n", sv[i], strtol(sv[i], 0, 0), strtol(sv[i], 0, 10));
	errno = 0;
	strtol("1", 0, 1);
	printf("base 1: errno=%d\n", errno);
	printf("atoi %d atol %ld atoll %lld atof %g\n", atoi(" -17x"), atol("99"), atoll("-5"), atof("2.5e3"));
	intmax_t im = strtoimax("-12345678901", 0, 10);
	printf("strtoimax %jd\n", im);
	return 0;
}
