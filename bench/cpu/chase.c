/* chase.c - pointer chasing: a linked list threaded through a random
 * permutation of 1 Mi nodes (larger than the caches), walked again and
 * again. The nodes hold real pointers, so they are 8 bytes smaller in the
 * x32 sandbox (and in wasm32) than natively: a cache advantage for those
 * builds that is part of the result. */
#include "common.h"

struct node {
	struct node *next;
	uint32_t val;
};

int main(int argc, char **argv)
{
	enum { N = 1 << 20 };
	long n = scale(argc, argv);
	struct node *v = malloc(N * sizeof *v);
	uint32_t *perm = malloc(N * sizeof *perm);
	uint64_t s = 42, sum = 0;

	if (!v || !perm)
		return 1;
	for (uint32_t i = 0; i < N; i++)
		perm[i] = i;
	for (uint32_t i = N - 1; i > 0; i--) {
		uint32_t j = (uint32_t)(rnd(&s) % (i + 1)), t = perm[i];
		perm[i] = perm[j];
		perm[j] = t;
	}
	for (uint32_t i = 0; i < N; i++) {
		v[perm[i]].next = &v[perm[(i + 1) % N]];
		v[perm[i]].val = i;
	}
	struct node *p = &v[perm[0]];
	for (long r = 0; r < n; r++)
		for (long k = 0; k < N / 4; k++) {
			sum += p->val;
			p = p->next;
		}
	return report("chase", sum);
}
