/* printf formats: integers, floats in every format (%e %f %g %a), widths,
 * precisions, flags, lengths, strings, characters, %n, snprintf truncation. */
#include <float.h>
#include <stddef.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <wchar.h>

int main(void)
{
	static const double d[] = { 0.0, -0.0, 1.0, -1.5, 0.1, 1e-300, 5e-324, 1.7976931348623157e308,
				    123456789.125, 3.141592653589793, 2.5, 3.5, 1e21, 1e-7, 0.5, 100.0 };
	static const char *const ffmt[] = { "%f", "%.0f", "%.3f", "%e", "%.0e", "%.12e", "%g", "%.3g",
					    "%#g", "%.17g", "%a", "%.3a", "%A", "%+f", "% e", "%12.4f",
					    "%-14.3e|", "%014.5g", "%#.0f", "%#x" };
	char buf[512];

	printf("[%d] [%i] [%5d] [%-5d|] [%05d] [%+d] [% d] [%.3d] [%8.3d]\n", 42, -42, 42, 42, 42, 42, 42, 7, -7);
	printf("[%d] [%d] [%u] [%ld] [%lld] [%llu]\n", INT_MAX, INT_MIN, UINT_MAX, -2147483647L, LLONG_MIN, ULLONG_MAX);
	printf("[%x] [%X] [%#x] [%#o] [%o] [%#X] [%08x] [%#010x]\n", 255, 255, 255, 8, 8, 0xabc, 0xbeef, 0x1f);
	printf("[%hhd] [%hd] [%hhu] [%hu] [%zu] [%zd] [%td] [%jd]\n", (signed char)-129, (short)70000,
	       (unsigned char)300, (unsigned short)-1, sizeof(long double), (ssize_t)-3, (ptrdiff_t)-9,
	       (intmax_t)INT64_MIN);
	printf("[%" PRIx64 "] [%" PRId64 "] [%" PRIu32 "]\n", UINT64_MAX, INT64_MIN, UINT32_MAX);
	printf("[%s] [%10s] [%-10s|] [%.2s] [%c] [%5c] [%%]\n", "abc", "abc", "abc", "abc", 'x', 'y');
	printf("[%*d] [%-*d|] [%.*f] [%*.*e]\n", 6, 1, 6, 2, 2, 3.14159, 12, 3, 2.71828);
	printf("[%2$s %1$s] [%3$*4$d]\n", "world", "hello", 5, 7);
	for (size_t i = 0; i < sizeof d / sizeof d[0]; i++) {
		printf("%zu:", i);
		for (size_t j = 0; j + 1 < sizeof ffmt / sizeof ffmt[0]; j++) {
			printf(" ");
			printf(ffmt[j], d[i]);
		}
		printf("\n");
	}
	printf("[%f] [%e] [%g] [%a] [%F] [%E] [%G] [%5.1f]\n", INFINITY, -INFINITY, NAN, INFINITY, NAN,
	       INFINITY, -INFINITY, NAN);
	printf("[%Lf] [%Le] [%Lg] [%La] [%.20Lg]\n", 1.0L / 3, 1e4000L, LDBL_MAX, 1.0L, LDBL_MIN);
	printf("[%f] [%g] [%a]\n", FLT_MAX, (double)FLT_MIN, (double)FLT_EPSILON);
	printf("[%.40f]\n", 1.0 / 3);
	printf("[%.60e]\n", 0.1);
	printf("[%.1f] [%.1f] [%.1f] [%.2f] [%.0f] [%.0f]\n", 0.05, 0.15, 0.25, 1.005, 0.5, 1.5);
	int n1 = 0, n2 = 0;
	printf("abc%n def%n\n", &n1, &n2);
	printf("n: %d %d\n", n1, n2);
	int r = snprintf(buf, 8, "%s-%d", "truncated", 12345);
	printf("snprintf: %d [%s]\n", r, buf);
	r = snprintf(0, 0, "%0100d", 1);
	printf("snprintf(0,0): %d\n", r);
	r = sprintf(buf, "%-20.10s|%+.3e|%#o", "abcdefghijklmnop", 12345.678, 0);
	printf("sprintf: %d [%s]\n", r, buf);
	printf("%p %p\n", (void *)0, (void *)0x1234);
	printf("[%ls] [%lc]\n", L"wide", (wint_t)L'w');
	for (int i = -5; i <= 5; i++)
		printf("%.*g ", 6, pow(10, i * 7) * 1.23456789);
	printf("\n");
	fflush(stdout);
	fprintf(stderr, "to stderr\n");
	return 0;
}
