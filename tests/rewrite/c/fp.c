/* Floating point: long double (x87), double, float, conversions. */
long double gld = 1.5L;
double gd[8];

long double ld_mul(long double a, long double b) { return a * b + gld; }
long double ld_poly(long double x)
{
	long double r = 0;
	for (int i = 0; i < 6; i++)
		r = r * x + (long double)i;
	return r;
}
long long ld_to_ll(long double x) { return (long long)x; }
unsigned long long ld_to_ull(long double x) { return (unsigned long long)x; }
long double ull_to_ld(unsigned long long x) { return (long double)x; }
double d_from_ull(unsigned long long x) { return (double)x; }
float f_mix(float a, double b, int c) { return a * (float)b + (float)c; }
int cmp_ld(long double a, long double b) { return a < b ? -1 : a > b; }
double avg(const double *v, int n)
{
	double s = 0;
	for (int i = 0; i < n; i++)
		s += v[i];
	return n ? s / n : 0.0;
}
double clampd(double x) { return x < 0.0 ? 0.0 : x > 1.0 ? 1.0 : x; }
float fabsf_(float x) { return __builtin_fabsf(x); }
double sqrt_(double x) { return __builtin_sqrt(x); }
