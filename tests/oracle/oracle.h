/*
 * oracle.h - the soundness oracle's pieces: a random code generator biased
 * toward sandbox-relevant instructions (gen.c) and the tracer (oracle.c).
 */
#ifndef ZVM_ORACLE_H
#define ZVM_ORACLE_H

#include <stddef.h>
#include <stdint.h>

/* Deterministic random numbers (splitmix64). */
struct rng {
	uint64_t s;
};

static inline uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

/* Uniform in [0, n); n > 0. */
static inline uint32_t rng_below(struct rng *r, uint32_t n)
{
	return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* 1 with probability pct percent. */
static inline int rng_pct(struct rng *r, unsigned pct)
{
	return rng_below(r, 100) < pct;
}

/* Largest program the generator makes (bytes, including the hlt tail). */
#define GEN_MAX 1024

/*
 * Writes a random program for guest address 0x20000 into out (GEN_MAX bytes
 * of room): whole 32-byte bundles of instructions, then one bundle of hlt.
 * Returns its length (a multiple of 32).
 */
size_t gen_program(struct rng *r, uint8_t *out);

/*
 * Mutates a program in place (n stays the same, a multiple of 32): byte
 * flips, overwritten instructions, moved bytes, changed branch offsets.
 */
void gen_mutate(struct rng *r, uint8_t *code, size_t n);

#endif
