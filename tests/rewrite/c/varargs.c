/* Variadic functions: va_arg of ints, longs, doubles, pointers; va_copy. */
#include <stdarg.h>

int sum_ints(int n, ...)
{
	va_list ap;
	int s = 0;
	va_start(ap, n);
	for (int i = 0; i < n; i++)
		s += va_arg(ap, int);
	va_end(ap);
	return s;
}

double sum_mixed(const char *fmt, ...)
{
	va_list ap, aq;
	double s = 0;
	va_start(ap, fmt);
	va_copy(aq, ap);
	for (; *fmt; fmt++) {
		switch (*fmt) {
		case 'i': s += va_arg(ap, int); break;
		case 'l': s += (double)va_arg(ap, long long); break;
		case 'd': s += va_arg(ap, double); break;
		case 'p': s += *va_arg(ap, int *); break;
		}
	}
	s += va_arg(aq, int);
	va_end(aq);
	va_end(ap);
	return s;
}

extern int vlog(const char *fmt, va_list ap);
int logf_(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = vlog(fmt, ap);
	va_end(ap);
	return r;
}

int caller(void)
{
	int x = 5;
	return sum_ints(4, 1, 2, 3, 4) + (int)sum_mixed("ildp", 1, 2LL, 3.0, &x) + logf_("%d %f", 1, 2.0);
}
