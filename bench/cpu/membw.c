/* membw.c - memory bandwidth: STREAM's copy, scale, add and triad loops over
 * three arrays of 2 Mi doubles (48 MiB in all, larger than the caches). */
#include "common.h"

int main(int argc, char **argv)
{
	enum { N = 1 << 21 };
	long n = scale(argc, argv);
	double *a = malloc(N * sizeof *a), *b = malloc(N * sizeof *b), *c = malloc(N * sizeof *c);
	double sum = 0;

	if (!a || !b || !c)
		return 1;
	for (long i = 0; i < N; i++) {
		a[i] = 1.0 + (double)(i & 15);
		b[i] = 2.0;
		c[i] = 0.0;
	}
	for (long r = 0; r < n; r++) {
		for (long i = 0; i < N; i++)
			c[i] = a[i] + 0.5;
		for (long i = 0; i < N; i++)
			b[i] = 0.5 * c[i];
		for (long i = 0; i < N; i++)
			c[i] = a[i] + b[i];
		for (long i = 0; i < N; i++)
			a[i] = b[i] + 0.25 * c[i];
		sum += a[r % N] + c[(r * 7919) % N];
	}
	return report("membw", (uint64_t)(sum * 1000.0));
}
