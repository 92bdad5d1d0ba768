/* malloc stress: many sizes, realloc growth and shrink, calloc zeroing,
 * frees in several orders, big blocks (mmap), aligned allocations. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N 4000
static unsigned char *p[N];
static size_t sz[N];
static uint32_t s = 7;
static uint32_t rnd(void) { return s = s * 1664525 + 1013904223; }

static int check(int i)
{
	for (size_t k = 0; k < sz[i]; k++)
		if (p[i][k] != (unsigned char)(i + k))
			return 0;
	return 1;
}
static void fill(int i)
{
	for (size_t k = 0; k < sz[i]; k++)
		p[i][k] = (unsigned char)(i + k);
}

int main(void)
{
	int bad = 0;
	for (int round = 0; round < 15; round++) {
		for (int j = 0; j < N; j++) {
			int i = (int)(rnd() % N);
			uint32_t r = rnd();
			if (p[i] && !check(i))
				bad++;
			if (r % 4 == 0) {
				free(p[i]);
				p[i] = 0;
				sz[i] = 0;
			} else if (r % 4 == 1 && p[i]) {
				size_t n = (r >> 8) % (r & 0x100 ? 70000 : 600);
				size_t keep = n < sz[i] ? n : sz[i];
				unsigned char *q = realloc(p[i], n);
				if (!q && n) {
					bad++;
					continue;
				}
				p[i] = q;
				sz[i] = keep;
				if (!check(i))
					bad++;
				sz[i] = n;
				fill(i);
			} else {
				free(p[i]);
				size_t n = (r >> 8) % ((r & 0x300) == 0x300 ? 300000 : 1000);
				p[i] = malloc(n);
				sz[i] = n;
				if (!p[i] && n)
					bad++;
				fill(i);
			}
		}
	}
	for (int i = 0; i < N; i++)
		if (p[i] && !check(i))
			bad++;
	for (int i = N - 1; i >= 0; i -= 2)
		free(p[i]), p[i] = 0;
	for (int i = 0; i < N; i++)
		free(p[i]), p[i] = 0;
	printf("stress errors: %d\n", bad);

	int nz = 0;
	for (int i = 1; i < 200; i++) {
		size_t n = (size_t)i * 997;
		unsigned char *c = calloc(n, 1);
		for (size_t k = 0; k < n; k++)
			nz += c[k] != 0;
		memset(c, 0xff, n);
		free(c);
	}
	printf("calloc nonzero bytes: %d\n", nz);

	void *big[8];
	for (int i = 0; i < 8; i++) {
		big[i] = malloc((size_t)(i + 1) << 22);
		if (!big[i]) {
			printf("big malloc %d failed\n", i);
			return 1;
		}
		memset(big[i], i, (size_t)(i + 1) << 22);
	}
	for (int i = 0; i < 8; i += 2)
		free(big[i]);
	for (int i = 0; i < 8; i += 2) {
		big[i] = calloc(1, (size_t)(i + 1) << 22);
		unsigned char *b = big[i];
		if (!b) {
			printf("big calloc %d failed\n", i);
			return 1;
		}
		for (size_t k = 0; k < (size_t)(i + 1) << 22; k += 4096)
			nz += b[k];
	}
	for (int i = 0; i < 8; i++)
		free(big[i]);
	printf("big calloc nonzero: %d\n", nz);

	unsigned char *g = malloc(1);
	for (size_t n = 2; n < (1u << 24); n *= 3) {
		g = realloc(g, n);
		g[n - 1] = 1;
	}
	free(g);
	int misaligned = 0;
	for (size_t al = 16; al <= 65536; al *= 2) {
		void *a = aligned_alloc(al, al * 3);
		misaligned += ((uintptr_t)a & (al - 1)) != 0;
		void *m;
		if (posix_memalign(&m, al, 100) || ((uintptr_t)m & (al - 1)))
			misaligned++;
		free(a);
		free(m);
	}
	printf("misaligned: %d\n", misaligned);
	/* (more than the sandbox's Memory fails there but not natively: zvm_env.c) */
	return 0;
}
