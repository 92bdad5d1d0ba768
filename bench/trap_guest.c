/* The trap-heavy guest of the filter's cost (bench/seccomp.sh): 100000
 * one-byte zvm_pwrite calls to stdout (/dev/null), one host write(2) each. */
#include <zvm.h>
int main(void)
{
	static const char b[1] = { 'x' };
	for (int i = 0; i < 100000; i++)
		if (zvm_pwrite(1, b, 1, 0) != 1)
			return 1;
	return 0;
}
