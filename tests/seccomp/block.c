/*
 * block.c - a guest that waits, so that the suite can read its process's
 * /proc/PID/status: zvm_fork() (a daemon with a Job; nothing without), then
 * one byte from its last channel (a FIFO, or a TCP channel that waits for
 * its writer), then exit 0.
 */
#include <zvm.h>

int main(void)
{
	char b[1];
	zvm_fork();
	zvm_pread(MANIFEST->channels_count - 1, b, 1, 0);
	return 0;
}
