/* hello_musl.c - the hosted hello for the start-time benchmarks: ZRT and
 * musl's start-up, then stdio. */
#include <stdio.h>

int main(void)
{
	puts("hello, world");
	return 0;
}
