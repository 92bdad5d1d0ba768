/* Floating-point printf in depth: every conversion (%e %f %g %a and %E %F
 * %G %A) with flags, widths and precisions over corner values (+-0, inf,
 * nan, denormals, DBL_MIN, DBL_MAX, halfway cases) and over random doubles
 * from a fixed-seed generator; long double in every conversion, its
 * denormals and extremes; the %n family; printf's return values. */
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint64_t state = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return state;
}

static double bits_to_double(uint64_t b)
{
	double d;
	memcpy(&d, &b, sizeof d);
	return d;
}

static const char *const fmts[] = {
	"%e", "%E", "%.0e", "%#.0e", "%.3E", "%.20e", "%+e", "% e", "%-16.2e|", "%016.3e",
	"%f", "%F", "%.0f", "%#.0f", "%.1f", "%.10f", "%+.2f", "% .3F", "%-12.1f|", "%012.4f",
	"%g", "%G", "%.0g", "%.1g", "%#g", "%#.3G", "%.17g", "%+g", "%-14g|", "%014g", "%#.0g",
	"%a", "%A", "%.0a", "%.1a", "%.3A", "%.13a", "%.20a", "%#a", "%#.0a", "%+a", "% a", "%-24a|", "%024a",
};

static void all_formats(double v)
{
	char buf[400];
	for (size_t j = 0; j < sizeof fmts / sizeof fmts[0]; j++) {
		/* %f of large values runs to 300+ digits: printed, but in a buffer
		 * so the return value is checked too */
		int n = snprintf(buf, sizeof buf, fmts[j], v);
		printf(" %s", buf);
		if (n != (int)strlen(buf) && n < (int)sizeof buf)
			printf("(LEN %d)", n);
	}
	printf("\n");
}

int main(void)
{
	static const double corner[] = {
		0.0, -0.0, INFINITY, -INFINITY, NAN, -NAN, 1.0, -1.0, 0.5, 0.25, 0.125, 0.1, 0.2, 0.3,
		DBL_MIN, -DBL_MIN, DBL_MAX, -DBL_MAX, DBL_TRUE_MIN, 2 * DBL_TRUE_MIN, 0x1.fffffffffffffp-1023,
		0x0.8p-1022, DBL_EPSILON, 1 + DBL_EPSILON, 1 - DBL_EPSILON / 2, 9.5, 99.5, 999.5, 0.95, 0.995,
		1e15, 1e16, 1e17, 1e22, 1e23, 123456789012345678.0, 9007199254740993.0, 4503599627370495.5,
		5e-5, 5e-6, 1e-4, 9.9999e-5, 0.00001234, 1e100, 1e-100, 2.5e-308, 1.5, 2.5, -2.5, 0x1.8p0,
		0x1.08p0, 0x1.18p0, 0x1.fffp0, 0x1.ffffffffffff8p0, 0x1.0000000000008p0,
	};
	for (size_t i = 0; i < sizeof corner / sizeof corner[0]; i++) {
		printf("c%zu:", i);
		all_formats(corner[i]);
	}
	/* random bit patterns: every exponent, denormals and NaNs included */
	for (int i = 0; i < 200; i++) {
		double v = bits_to_double(rnd());
		if (i % 3 == 0) { /* values of ordinary size, where %f is short */
			int e = (int)(rnd() % 80) - 40;
			v = ldexp(bits_to_double((rnd() >> 12) | 0x3ff0000000000000ull), e);
		}
		printf("r%d:", i);
		all_formats(v);
	}

	/* float arguments (promoted to double) */
	printf("float: %a %.9g %e %a %g\n", (double)FLT_MAX, (double)FLT_MIN, (double)FLT_TRUE_MIN, 0.1f * 1.0,
	       (double)(float)1e-40);

	/* long double: every conversion over its corners and random values */
	static const long double lcorner[] = {
		0.0L, -0.0L, 1.0L, -1.0L, 0.1L, 1.0L / 3, LDBL_MAX, LDBL_MIN, LDBL_TRUE_MIN, -LDBL_TRUE_MIN,
		LDBL_EPSILON, 1e4000L, 1e-4000L, 0x1.fffffffffffffffep0L, 0xf.fffffffffffffffp-4L, 9.5L, 0.5L,
		(long double)INFINITY, -(long double)INFINITY, (long double)NAN, 123456789012345678901234.0L,
	};
	static const char *const lfmts[] = { "%La", "%LA", "%.0La", "%.5La", "%.15La", "%#La", "%+.2La",
					     "%Le", "%.0Le", "%.25Le", "%LE", "%Lg", "%.21Lg", "%#LG", "%-30.10Lg|",
					     "%030.18Le", "%.3Lf" };
	char buf[400];
	for (size_t i = 0; i < sizeof lcorner / sizeof lcorner[0]; i++) {
		printf("l%zu:", i);
		for (size_t j = 0; j < sizeof lfmts / sizeof lfmts[0]; j++) {
			if (j == 16 && fabsl(lcorner[i]) > 1e30L)
				continue; /* %Lf of 1e4000 is 4000 digits */
			snprintf(buf, sizeof buf, lfmts[j], lcorner[i]);
			printf(" %s", buf);
		}
		printf("\n");
	}
	for (int i = 0; i < 100; i++) {
		/* a random 64-bit mantissa with the explicit integer bit, any exponent */
		long double m = (long double)(rnd() | 0x8000000000000000ull);
		int e = (int)(rnd() % 32000) - 16000 - 63;
		long double v = ldexpl(m, e);
		if (i & 1)
			v = -v;
		printf("lr%d: %La %.25Le %.21Lg %LA\n", i, v, v, v, v);
	}

	/* %n at every length, and where it lands in the count */
	signed char hh = 0;
	short h = 0;
	int n = 0;
	long l = 0;
	long long ll = 0;
	intmax_t j = 0;
	size_t z = 0;
	ptrdiff_t t = 0;
	int r = printf("a%hhnbc%hnde%nfgh%lnij%llnk%jnlm%zno%tn|\n", &hh, &h, &n, &l, &ll, &j, &z, &t);
	printf("%%n: %d %d %d %ld %lld %jd %zu %td return %d\n", hh, h, n, l, ll, j, z, t, r);
	r = printf("%300d%hhn\n", 1, &hh); /* 300 wraps in a signed char */
	printf("%%hhn after 300: %d return %d\n", hh, r);
	r = snprintf(buf, 4, "%.3f%n", 3.14159, &n);
	printf("snprintf truncated: %d [%s] n %d\n", r, buf, n);
	r = snprintf(buf, sizeof buf, "%.*f|%.*e|%*.*g", -1, 2.5, -3, 2.5, -8, -2, 2.5);
	printf("negative precision/width: %d [%s]\n", r, buf);
	printf("%5.3s|%-5c|%.0s|%c%c\n", "abcdef", 'x', "gone", 'a', 0 + 'b');
	printf("%#.3o %#.0o %#.0x %.0d|%+.0d|% .0d|\n", 8, 0, 0, 0, 0, 0);
	printf("%lld %llx %llo %#llX\n", -1LL, -1LL, -1LL, 0xdeadbeefcafeULL);
	printf("%hd %hu %hhx %hho\n", (short)-32769, (unsigned short)65537, (unsigned char)0x1ff, (unsigned char)0777);
	/* '0' with '-' is ignored (a format in a variable: compilers warn) */
	const char *zm = "%-+8d| %+-8d| %0-8d| %-08d| %0-8.3e|\n";
	printf(zm, 5, 5, 5, 5, 2.5);
	return 0;
}
