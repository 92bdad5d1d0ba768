/*
 * pipe IN OUT [CRASH-AFTER] - copies IN to OUT in 64 KiB pieces (a node of
 * the network tests); with CRASH-AFTER, dies by a fault once that many
 * bytes are written. Prints how many bytes it copied on stderr.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	static char buf[65536];
	long long total = 0, crash = argc > 3 ? atoll(argv[3]) : -1;
	int in = open(argv[1], O_RDONLY), out = open(argv[2], O_WRONLY);
	ssize_t n;
	if (in < 0 || out < 0) {
		perror("open");
		return 2;
	}
	while ((n = read(in, buf, sizeof buf)) > 0) {
		for (ssize_t done = 0; done < n;) {
			ssize_t w = write(out, buf + done, (size_t)(n - done));
			if (w <= 0) {
				perror("write");
				return 3;
			}
			done += w;
			total += w;
			if (crash >= 0 && total >= crash)
				*(volatile int *)16 = 1;
		}
	}
	if (n < 0) {
		perror("read");
		return 4;
	}
	fprintf(stderr, "%lld bytes\n", total);
	return 0;
}
