/* malloc's interface corners: malloc(0), huge requests failing with ENOMEM,
 * calloc's overflow check, posix_memalign and aligned_alloc with bad
 * alignments (EINVAL), memalign/valloc alignment, malloc_usable_size,
 * realloc across the small/mmap boundary keeping the contents both ways,
 * realloc(NULL) and to size 0, and blocks freed in forward, backward and
 * shuffled order, reallocated to check that freed memory is reusable. */
#define _GNU_SOURCE
#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t s = 99;
static uint32_t rnd(void) { return s = s * 1664525 + 1013904223; }

static int intact(const unsigned char *p, size_t n, unsigned char seed)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != (unsigned char)(seed + i * 13))
			return 0;
	return 1;
}
static void fill(unsigned char *p, size_t n, unsigned char seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(seed + i * 13);
}

int main(void)
{
	void *p = malloc(0);
	printf("malloc(0) %s\n", p ? "non-null" : "null");
	free(p);
	/* sizes through a volatile: compilers fold malloc(SIZE_MAX) to NULL */
	volatile size_t max = SIZE_MAX;
	errno = 0;
	p = malloc(max);
	printf("malloc(SIZE_MAX) %p errno %d\n", p, errno);
	errno = 0;
	p = malloc(max / 2 + 1);
	printf("malloc(SIZE_MAX/2+1) %p errno %d\n", p, errno);
	errno = 0;
	p = calloc(max / 4 + 2, 4);
	printf("calloc overflow %p errno %d\n", p, errno);
	errno = 0;
	p = realloc(0, 100);
	printf("realloc(NULL, 100) %s\n", p ? "non-null" : "null");
	void *q = realloc(p, SIZE_MAX - 4096);
	printf("realloc huge %p errno %d old kept %d\n", q, errno, p != 0);
	errno = 0;
	free(p);

	void *m = (void *)1;
	int r = posix_memalign(&m, 24, 10);
	printf("posix_memalign(24) %d untouched %d\n", r, m == (void *)1);
	r = posix_memalign(&m, 2, 10);
	printf("posix_memalign(2) %d\n", r);
	r = posix_memalign(&m, sizeof(void *), 10);
	printf("posix_memalign(pointer size) %d\n", r);
	free(m);
	r = posix_memalign(&m, 64, SIZE_MAX - 100);
	printf("posix_memalign huge %d\n", r);
	errno = 0;
	volatile size_t three = 3; /* a constant would be refused at compile time */
	p = aligned_alloc(three, 9);
	printf("aligned_alloc(3) %p errno %d\n", p, errno);
	errno = 0;
	int mis = 0;
	for (size_t al = 1; al <= (1u << 20); al <<= 1) {
		void *a = aligned_alloc(al, al + 3);
		void *b = memalign(al, 1);
		if (!a || !b || (uintptr_t)a % al || (uintptr_t)b % al)
			mis++;
		memset(a, 1, al + 3);
		free(a);
		free(b);
	}
	void *v = valloc(100);
	printf("alignment failures %d valloc page-aligned %d\n", mis, (uintptr_t)v % 4096 == 0);
	free(v);

	int small = 0;
	for (size_t n = 1; n < 200000; n = n * 3 / 2 + 1) {
		unsigned char *b = malloc(n);
		if (!b || malloc_usable_size(b) < n)
			small++;
		fill(b, n, (unsigned char)n);
		if (!intact(b, n, (unsigned char)n))
			small++;
		free(b);
	}
	printf("usable-size or fill failures %d\n", small);

	/* realloc through the sizes where blocks move from groups to their own mmap */
	static const size_t steps[] = { 10, 100, 5000, 130000, 140000, 1 << 20, 10 << 20, 300000, 131072, 4000, 17, 1,
					64 << 10, 0 };
	unsigned char *b = malloc(1);
	size_t have = 1;
	fill(b, 1, 7);
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		size_t n = steps[i];
		unsigned char *nb = realloc(b, n);
		size_t keep = n < have ? n : have;
		int ok = nb && intact(nb, keep, 7);
		printf("realloc %zu -> %zu: %s\n", have, n, ok ? "kept" : "LOST");
		b = nb;
		have = n;
		if (b)
			fill(b, n, 7);
	}
	free(b);

	/* free orders */
	enum { N = 3000 };
	static unsigned char *blk[N];
	static size_t len[N];
	for (int order = 0; order < 3; order++) {
		for (int i = 0; i < N; i++) {
			len[i] = rnd() % (i % 50 == 0 ? 200000 : 2000);
			blk[i] = malloc(len[i]);
			fill(blk[i], len[i], (unsigned char)i);
		}
		int perm[N];
		for (int i = 0; i < N; i++)
			perm[i] = order == 1 ? N - 1 - i : i;
		if (order == 2)
			for (int i = N - 1; i > 0; i--) {
				int j = (int)(rnd() % (uint32_t)(i + 1)), t = perm[i];
				perm[i] = perm[j], perm[j] = t;
			}
		int bad = 0;
		for (int i = 0; i < N; i++) {
			int k = perm[i];
			if (!intact(blk[k], len[k], (unsigned char)k))
				bad++;
			free(blk[k]);
		}
		printf("free order %d: corrupted %d\n", order, bad);
	}
	/* after all that, a large block is still available and zeroed by calloc */
	unsigned char *z = calloc(50 << 20, 1);
	int nz = 0;
	for (size_t i = 0; z && i < (50u << 20); i += 1024)
		nz += z[i];
	printf("calloc 50 MiB: %s nonzero %d\n", z ? "ok" : "null", nz);
	free(z);
	return 0;
}
