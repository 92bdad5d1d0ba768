/* hello.c - writes "hello" on /dev/stdout and exits 0. */
#include "t.h"

int main(void)
{
	return zvm_pwrite(1, "hello\n", 6, 0) == 6 ? 0 : 1;
}
