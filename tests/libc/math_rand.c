#define _GNU_SOURCE
/* math.h over random arguments from a fixed-seed generator and over the
 * special values (+-0, +-inf, nan, denormals, huge), double, float and long
 * double, compared bit for bit with the host's musl (printed with %a). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint64_t state = 0xdeadbeefcafef00dull;
static uint64_t rnd(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return state;
}

int main(void)
{
	double sp[] = { 0.0, -0.0, INFINITY, -INFINITY, NAN, 5e-324, -5e-324, 2.2250738585072014e-308, 1e308,
			-1e308, 0.5, -0.5, 1.0, -1.0, 710.0, -746.0, 1e-300, 3.0e15, -2.5, 1e22 };
	for (int i = 0; i < 300; i++) {
		double x;
		if (i < (int)(sizeof sp / sizeof sp[0])) {
			x = sp[i];
		} else {
			double m = (double)(rnd() >> 11) / 9007199254740992.0;
			int e = (int)(rnd() % 60) - 30;
			x = ldexp(m, e);
			if (rnd() & 1)
				x = -x;
		}
		double y = (double)(rnd() >> 11) / 4503599627370496.0 - 1.0;
		int q;
		double rq = remquo(x, y, &q);
		printf("%a: %a %a %a %a %a %a %a %a %a %a %a %a\n", x, sin(x), cos(x), tan(x), asinh(x), acosh(fabs(x) + 1),
		       atanh(y), cosh(x), exp2(x), exp10(x), erfc(x), j0(x), y0(fabs(x)));
		printf("  %a %a %a %a %a %a %a %a %d %d %a %a\n", pow(fabs(x), y), pow(x, 3.0), atan2(x, y), hypot(x, y),
		       fdim(x, y), fmax(x, y), nearbyint(x), rq, q & 7, ilogb(x), scalbln(x, 7), log1p(x));
		float f = (float)x, g = (float)y;
		printf("  f %a %a %a %a %a %a %a %a %a\n", (double)sinf(f), (double)cosf(f), (double)tanf(f),
		       (double)expf(f), (double)logf(f), (double)powf(f, g), (double)atan2f(f, g),
		       (double)cbrtf(f), (double)tgammaf(f));
		long double l = x;
		printf("  l %La %La %La %La %La %La %La %La\n", sinl(l), cosl(l), tanl(l), expl(l), logl(l),
		       powl(fabsl(l), (long double)y), hypotl(l, y), coshl(l));
	}
	/* arguments through volatiles: gcc would fold calls on constants with
	 * MPFR, and the native side would no longer be musl's answer */
	volatile double a = 1.25, b = -2.5, one = 1.0, zero = 0.0;
	double s, c;
	sincos(a, &s, &c);
	int sign;
	double lg = lgamma_r(b, &sign);
	printf("sincos %a %a lgamma_r %a sign %d nexttoward %a %a\n", s, c, lg, sign, nexttoward(one, 2.0L),
	       nexttoward(zero, -1.0L));
	printf("nan payloads: %d %d %a\n", isnan(nan("1")), signbit(-NAN) != 0, copysign(1.0, -NAN));
	return 0;
}
