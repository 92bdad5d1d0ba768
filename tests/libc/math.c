/* math.h against the host's musl: double, float and long double functions
 * (the long double ones are musl's x87 assembly, passed through zvm-rewrite),
 * rounding, classification, fenv. Printed with %a: bit-exact. */
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <stdio.h>

int main(void)
{
	static const double x[] = { 0.0, -0.0, 0.5, 1.0, -1.0, 2.0, 3.7, -3.7, 10.0, 100.5, 1e-10, 1e10, 0.7853981633974483,
				    709.0, -745.0, 1e300, INFINITY, -INFINITY };
	for (size_t i = 0; i < sizeof x / sizeof x[0]; i++) {
		double v = x[i];
		printf("%a: sin %a cos %a tan %a exp %a log %a sqrt %a cbrt %a\n", v, sin(v), cos(v), tan(v), exp(v),
		       log(fabs(v)), sqrt(fabs(v)), cbrt(v));
		printf("  atan %a asin %a acos %a sinh %a tanh %a log10 %a log2 %a log1p %a expm1 %a\n", atan(v),
		       asin(fmod(v, 1)), acos(fmod(v, 1)), sinh(v), tanh(v), log10(fabs(v)), log2(fabs(v)),
		       log1p(fabs(v)), expm1(v));
		printf("  floor %a ceil %a round %a trunc %a rint %a lrint %ld llround %lld modf %a\n", floor(v), ceil(v),
		       round(v), trunc(v), rint(v), isfinite(v) && fabs(v) < 1e9 ? lrint(v) : 0L,
		       isfinite(v) && fabs(v) < 1e18 ? llround(v) : 0LL, modf(v, &(double){ 0 }));
		printf("  pow %a atan2 %a hypot %a fmod %a remainder %a fmin %a copysign %a lgamma %a tgamma %a erf %a\n",
		       pow(v, 1.5), atan2(v, 2.0), hypot(v, 3.0), fmod(v, 0.75), remainder(v, 0.75), fmin(v, 1.0),
		       copysign(2.0, v), lgamma(v), tgamma(v), erf(v));
		float f = (float)v;
		printf("  f: sinf %a expf %a logf %a sqrtf %a powf %a\n", sinf(f), expf(f), logf(fabsf(f)),
		       sqrtf(fabsf(f)), powf(f, 0.5f));
		long double l = v;
		printf("  l: sqrtl %La expl %La logl %La log2l %La log10l %La exp2l %La atanl %La floorl %La ceill %La "
		       "truncl %La rintl %La fmodl %La remainderl %La\n",
		       sqrtl(fabsl(l)), expl(l), logl(fabsl(l)), log2l(fabsl(l)), log10l(fabsl(l)), exp2l(l), atanl(l),
		       floorl(l), ceill(l), truncl(l), rintl(l), fmodl(l, 0.75L), remainderl(l, 0.75L));
		printf("  l: asinl %La acosl %La atan2l %La expm1l %La log1pl %La sinl %La powl %La\n",
		       asinl(fmodl(l, 1)), acosl(fmodl(l, 1)), atan2l(l, 3), expm1l(l), log1pl(fabsl(l)), sinl(l),
		       powl(l, 1.25L));
	}
	printf("classify %d %d %d %d %d\n", fpclassify(0.0), fpclassify(1.0), fpclassify(5e-324), fpclassify(INFINITY),
	       fpclassify(NAN));
	printf("frexp %a %d ldexp %a scalbn %a ilogb %d logb %a nextafter %a\n", frexp(1000.0, &(int){ 0 }),
	       ({ int e; frexp(1000.0, &e); e; }), ldexp(0.75, 10), scalbn(1.0, -1074), ilogb(1000.0), logb(1e-300),
	       nextafter(1.0, 2.0));
	printf("fma %a %a\n", fma(0x1.0000001p0, 0x1.0000001p0, -1.0), fmaf(1.5f, 2.5f, 0.25f));
	const int modes[] = { FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO };
	for (int i = 0; i < 4; i++) {
		fesetround(modes[i]);
		volatile double a = 1.0, b = 3.0;
		volatile float c = 1.0f, d = 3.0f;
		volatile double h = 2.5;
		volatile long double two = 2.0L;
		printf("round mode %d: %a %a %a %ld %La\n", fegetround() == modes[i], a / b, (double)(c / d),
		       rint(h), lrint(-h), sqrtl(two));
	}
	fesetround(FE_TONEAREST);
	feclearexcept(FE_ALL_EXCEPT);
	volatile double z = 0.0;
	volatile double q = 1.0 / z;
	printf("divbyzero %d inexact %d inf %a\n", !!fetestexcept(FE_DIVBYZERO), !!fetestexcept(FE_INEXACT), q);
	return 0;
}
