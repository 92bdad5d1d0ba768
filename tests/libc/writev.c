// puts: 5
/* writev.c - vector writes to a channel: a small writev is one trap, a large
 * one goes piece by piece (the runner checks the report's count of channel
 * writes, "puts"); the bytes are those of a native run either way. musl's
 * stdout flushes its buffer and the new bytes as one writev. */
#include <stdio.h>
#include <string.h>
#include <sys/uio.h>

int main(void)
{
	static char big[5000];
	struct iovec small[3] = { { "one ", 4 }, { "", 0 }, { "three\n", 6 } };
	struct iovec large[2] = { { big, sizeof big }, { "tail\n", 5 } };
	ssize_t r;

	memset(big, 'b', sizeof big);
	big[sizeof big - 1] = '\n';
	r = writev(1, small, 3);       /* 1 */
	printf("small %zd\n", r);      /* 1: "small 10" and "\n", the first line */
	r = writev(1, large, 2);       /* 2 */
	printf("large %zd\n", r);      /* buffered now (not a tty) */
	printf("buffered\n");
	return 0;                      /* 1: the buffer at exit */
}
