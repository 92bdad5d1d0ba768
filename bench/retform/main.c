/*
 * main.c - times fibw(32) ten times for one return form (bench/retform/
 * fib.S); prints "FORM SECONDS" and the checksum, which must not depend on
 * the form.
 */
#include <stdio.h>
#include <time.h>

int fibw(int);

int main(void)
{
	struct timespec a, b;
	int r = 0;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (int i = 0; i < 10; i++)
		r += fibw(32);
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%s %.4f %d\n", FORM, (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) * 1e-9, r);
	return 0;
}
