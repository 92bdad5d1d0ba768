/* alu.c - integer ALU: multiply, divide, shifts, rotates, compares, in
 * dependent chains. */
#include "common.h"

int main(int argc, char **argv)
{
	long n = scale(argc, argv) * 400000;
	uint64_t a = 1, b = 0x9e3779b97f4a7c15ULL, c = 12345;
	uint32_t d = 7;

	for (long i = 0; i < n; i++) {
		a = a * 6364136223846793005ULL + 1442695040888963407ULL;
		b ^= (a >> 17) | (a << 47);
		c += (b % 1000003) + (a > b ? 3 : 5);
		d = d * 1103515245u + (uint32_t)(c >> 7);
		d ^= d >> 13;
		c ^= (uint64_t)d / ((d & 1023) + 1);
		b += __builtin_popcountll(a ^ c);
	}
	return report("alu", a ^ b ^ c ^ d);
}
