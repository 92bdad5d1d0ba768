/* Anonymous memory: mmap gives zeroed pages, munmap, mremap grows and moves
 * keeping the contents, MAP_PRIVATE of a file reads its contents, mprotect
 * of read/write succeeds; pages that were used come back zeroed. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static int zeroes(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

int main(void)
{
	size_t mb = 1 << 20;
	for (int round = 0; round < 3; round++) {
		unsigned char *a = mmap(0, 3 * mb, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		printf("round %d: mmap ok %d zero %d\n", round, a != MAP_FAILED, zeroes(a, 3 * mb));
		memset(a, 0xab, 3 * mb);
		printf("munmap middle %d\n", munmap(a + mb, mb));
		unsigned char *b = mremap(a, mb, 5 * mb, MREMAP_MAYMOVE);
		printf("mremap ok %d kept %d new zero %d\n", b != MAP_FAILED, b[0] == 0xab && b[mb - 1] == 0xab,
		       zeroes(b + mb, 4 * mb));
		memset(b, 0xcd, 5 * mb);
		unsigned char *c = mremap(b, 5 * mb, 2 * mb, 0);
		printf("shrink in place %d\n", c == b);
		printf("mprotect rw %d\n", mprotect(c, mb, PROT_READ | PROT_WRITE));
		printf("munmap %d %d\n", munmap(c, 2 * mb), munmap(a + 2 * mb, mb));
	}
	printf("bad munmap %d\n", munmap((void *)1, 10));
	int fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0644);
	char text[5000];
	for (int i = 0; i < 5000; i++)
		text[i] = (char)('a' + i % 26);
	write(fd, text, sizeof text);
	char *m = mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	printf("file map ok %d same %d tail zero %d\n", m != MAP_FAILED, !memcmp(m, text, sizeof text),
	       zeroes((unsigned char *)m + 5000, 8192 - 5000));
	munmap(m, 8192);
	m = mmap(0, 4096, PROT_READ, MAP_PRIVATE, fd, 4096);
	printf("offset map [%.4s]\n", m);
	close(fd);
	unlink("f");
	return 0;
}
