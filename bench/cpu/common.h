/*
 * common.h - what every CPU benchmark shares: the scale from argv[1] and the
 * checksum line. A program runs scale(argc, argv) rounds of its work and
 * prints "checksum NAME HEX"; the harness compares that line between the
 * native, zerovm and wasm builds. Only the program's own code does the work:
 * no libc string, sort or copy routines (glibc, musl and wasi-libc differ),
 * so that the builds run the same source code.
 */
#ifndef BENCH_CPU_COMMON_H
#define BENCH_CPU_COMMON_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static inline long scale(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], 0, 10) : 1;
	return n > 0 ? n : 1;
}

static inline int report(const char *name, uint64_t sum)
{
	printf("checksum %s %016llx\n", name, (unsigned long long)sum);
	return 0;
}

/* A small deterministic generator (xorshift64*). */
static inline uint64_t rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545F4914F6CDD1DULL;
}

/* Keeps a value alive without letting the compiler fold the work away. */
#define KEEP(x) __asm__ volatile("" : : "r"(x) : "memory")
#endif
