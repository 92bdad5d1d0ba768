/* sort.c - sorting with a comparator: a merge sort of records through a
 * function pointer (the program's own, so every build runs the same code),
 * then a check that the result is ordered. */
#include "common.h"
#include <string.h>

struct rec {
	uint32_t key;
	uint32_t tie;
	char name[8];
};

typedef int (*cmp_fn)(const void *, const void *);

static int by_key(const void *a, const void *b)
{
	const struct rec *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->tie < y->tie ? -1 : x->tie > y->tie;
}

static void msort(struct rec *a, struct rec *tmp, size_t n, cmp_fn cmp)
{
	if (n < 2)
		return;
	size_t h = n / 2, i = 0, j = h, k = 0;
	msort(a, tmp, h, cmp);
	msort(a + h, tmp, n - h, cmp);
	while (i < h && j < n)
		tmp[k++] = cmp(&a[j], &a[i]) < 0 ? a[j++] : a[i++];
	while (i < h)
		tmp[k++] = a[i++];
	while (j < n)
		tmp[k++] = a[j++];
	for (k = 0; k < n; k++)
		a[k] = tmp[k];
}

int main(int argc, char **argv)
{
	enum { N = 1 << 16 };
	long n = scale(argc, argv);
	struct rec *a = malloc(N * sizeof *a), *tmp = malloc(N * sizeof *tmp);
	uint64_t s = 7, sum = 0;

	if (!a || !tmp)
		return 1;
	for (long r = 0; r < n; r++) {
		for (uint32_t i = 0; i < N; i++) {
			a[i].key = (uint32_t)rnd(&s) % (N / 4);
			a[i].tie = i;
			a[i].name[0] = (char)('a' + i % 26);
		}
		msort(a, tmp, N, by_key);
		for (uint32_t i = 1; i < N; i++)
			if (by_key(&a[i - 1], &a[i]) > 0)
				return report("sort-unordered", i);
		sum = sum * 31 + a[N / 2].key + a[N / 3].tie + (uint8_t)a[N / 5].name[0];
	}
	return report("sort", sum);
}
