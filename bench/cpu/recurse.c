/* recurse.c - call/return heavy: naive Fibonacci and Ackermann, where almost
 * every instruction is near a call or a return. */
#include "common.h"

__attribute__((noinline)) static uint32_t fib(uint32_t n)
{
	return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

__attribute__((noinline)) static uint32_t ack(uint32_t m, uint32_t n)
{
	if (m == 0)
		return n + 1;
	if (n == 0)
		return ack(m - 1, 1);
	return ack(m - 1, ack(m, n - 1));
}

int main(int argc, char **argv)
{
	long n = scale(argc, argv);
	uint64_t sum = 0;

	for (long i = 0; i < n; i++) {
		sum += fib(22 + (uint32_t)(i & 1));
		sum = sum * 31 + ack(2, 200 + (uint32_t)(i & 3));
	}
	return report("recurse", sum);
}
