/* The cold-start guest: the same single write as bench/hello_native.c. */
#include <zvm.h>
int main(void)
{
	static const char msg[] = "hello from the sandbox; my channels are:\n";
	return zvm_pwrite(1, msg, sizeof msg - 1, 0) == (int32_t)(sizeof msg - 1) ? 0 : 1;
}
