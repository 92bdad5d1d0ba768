#define _GNU_SOURCE
/* string.h: copies, overlaps, searches, comparisons, tokens, case. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int sgn(int x) { return (x > 0) - (x < 0); }

int main(void)
{
	char buf[256], b2[256];
	unsigned sum = 0;

	for (int len = 0; len < 80; len++)
		for (int off = 0; off < 8; off++) {
			for (int i = 0; i < 256; i++)
				buf[i] = (char)i, b2[i] = 0;
			memcpy(b2 + off, buf + 3, (size_t)len);
			memmove(buf + off, buf + 5, (size_t)len);
			memmove(buf + 10 + off, buf + 8, (size_t)len);
			for (int i = 0; i < 256; i++)
				sum = sum * 31 + (unsigned char)buf[i] + (unsigned char)b2[i];
		}
	printf("copy checksum %u\n", sum);
	memset(buf, 'x', 100);
	buf[100] = 0;
	printf("strlen %zu memchr %td\n", strlen(buf), (char *)memchr(buf, 0, 200) - buf);
	strcpy(buf, "hello, world, and goodbye");
	printf("strchr %s | strrchr %s | strstr %s | %p\n", strchr(buf, ','), strrchr(buf, ','), strstr(buf, "and"),
	       (void *)strstr(buf, "nope"));
	printf("strspn %zu strcspn %zu strpbrk %s\n", strspn(buf, "helo"), strcspn(buf, ",d"), strpbrk(buf, "wy"));
	printf("cmp %d %d %d %d %d\n", sgn(strcmp("abc", "abd")), sgn(strcmp("b", "a")), sgn(strncmp("abcx", "abcy", 3)),
	       sgn(memcmp("\x80", "\x01", 1)), sgn(strcmp("", "a")));
	printf("case %d %d %d\n", sgn(strcasecmp("HeLLo", "hello")), sgn(strncasecmp("ABCd", "abce", 3)),
	       sgn(strcasecmp("a", "B")));
	char *save, *t;
	strcpy(buf, "  one two,,three ;four ");
	for (t = strtok_r(buf, " ,;", &save); t; t = strtok_r(0, " ,;", &save))
		printf("[%s]", t);
	printf("\n");
	strcpy(buf, "a:b::c");
	char *p = buf;
	while ((t = strsep(&p, ":")))
		printf("<%s>", t);
	printf("\n");
	memset(b2, 'z', sizeof b2);
	strncpy(b2, "abc", 6);
	printf("strncpy %d %d %d %c\n", b2[3], b2[4], b2[5], b2[6]);
	strcpy(buf, "foo");
	strcat(buf, "bar");
	strncat(buf, "bazqux", 3);
	printf("cat %s\n", buf);
	char *d = strdup("duplicate"), *n = strndup("duplicate", 3);
	printf("dup %s %s\n", d, n);
	free(d);
	free(n);
	printf("strnlen %zu %zu\n", strnlen("abcdef", 3), strnlen("ab", 10));
	printf("memrchr %s\n", (char *)memrchr("a.b.c", '.', 5));
	printf("stpcpy %td\n", stpcpy(buf, "12345") - buf);
	for (int e = 0; e < 40; e++)
		printf("%d: %s\n", e, strerror(e));
	printf("strsignal-ish: %s\n", strerror(ENOSYS));
	char big[5000];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = 0;
	big[4000] = 'b';
	printf("strstr long %td\n", strstr(big, "aab") - big);
	printf("ffs %d %d %d\n", ffs(0), ffs(8), ffs(-1));
	return 0;
}
