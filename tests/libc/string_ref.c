#define _GNU_SOURCE
/* string.h checked against plain reference loops over every alignment and
 * length (memcpy, memmove both ways, memset, memcmp, memchr, strlen, strchr,
 * strstr, memmem, strspn, strcspn), then the functions whose results are
 * printed as they are: strtok, strerror of the common errnos, strerror_r,
 * strcoll/strxfrm in the C locale, memccpy, strlcpy, strcasestr, strverscmp,
 * and the wide-character basics. A mismatch prints the case. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

static uint32_t s = 12345;
static uint32_t rnd(void) { return s = s * 1103515245 + 12345; }
static int sgn(int x) { return (x > 0) - (x < 0); }
static int fails;
static void fail(const char *what, int a, int b, int c)
{
	if (fails++ < 20)
		printf("MISMATCH %s %d %d %d\n", what, a, b, c);
}

static const char *ref_strstr(const char *h, const char *n)
{
	size_t nl = strlen(n);
	for (; ; h++) {
		if (!strncmp(h, n, nl))
			return h;
		if (!*h)
			return 0;
	}
}

int main(void)
{
	static unsigned char a[600], b[600], ref[600];
	for (int off = 0; off < 16; off++)
		for (int off2 = 0; off2 < 16; off2++)
			for (int len = 0; len < 300; len += len < 40 ? 1 : 37) {
				for (int i = 0; i < 600; i++)
					a[i] = (unsigned char)rnd(), b[i] = ref[i] = (unsigned char)(i * 7);
				memcpy(b + off2, a + off, (size_t)len);
				for (int i = 0; i < len; i++)
					ref[off2 + i] = a[off + i];
				if (memcmp(b, ref, 600))
					fail("memcpy", off, off2, len);
				/* overlapping moves, forward and backward */
				memcpy(b, a, 600);
				memcpy(ref, a, 600);
				memmove(b + 100 + off2, b + 100 + off, (size_t)len);
				unsigned char tmp[600];
				for (int i = 0; i < len; i++)
					tmp[i] = ref[100 + off + i];
				for (int i = 0; i < len; i++)
					ref[100 + off2 + i] = tmp[i];
				if (memcmp(b, ref, 600))
					fail("memmove", off, off2, len);
				int c = (int)(rnd() & 0xff);
				memset(b + off, c, (size_t)len);
				for (int i = 0; i < len; i++)
					ref[off + i] = (unsigned char)c;
				if (memcmp(b, ref, 600))
					fail("memset", off, c, len);
				/* memcmp: equal, then one byte changed anywhere */
				memcpy(b, a, 600);
				if (memcmp(a + off, b + off, (size_t)len))
					fail("memcmp eq", off, 0, len);
				if (len) {
					int k = off2 % len;
					b[off + k] ^= (unsigned char)(1 + (rnd() & 0x7f));
					int want = a[off + k] < b[off + k] ? -1 : 1;
					if (sgn(memcmp(a + off, b + off, (size_t)len)) != want)
						fail("memcmp ne", off, k, len);
					const unsigned char *p = memchr(b + off, b[off + k], (size_t)len);
					int j = 0;
					while (b[off + j] != b[off + k])
						j++;
					if (!p || p - (b + off) != j)
						fail("memchr", off, k, len);
				}
				/* strings of a small alphabet, so searches hit */
				char h[400], n[8];
				for (int i = 0; i < len; i++)
					h[off + i] = (char)('a' + rnd() % 3);
				h[off + len] = 0;
				int nl = off2 % 6;
				for (int i = 0; i < nl; i++)
					n[i] = (char)('a' + rnd() % 3);
				n[nl] = 0;
				if (strlen(h + off) != (size_t)len)
					fail("strlen", off, 0, len);
				if (strstr(h + off, n) != ref_strstr(h + off, n))
					fail("strstr", off, nl, len);
				const char *mm = memmem(h + off, (size_t)len, n, (size_t)nl);
				const char *rs = ref_strstr(h + off, n);
				if (nl && mm != rs)
					fail("memmem", off, nl, len);
				const char *sc = strchr(h + off, 'c'), *rc = h + off;
				while (*rc && *rc != 'c')
					rc++;
				if (sc != (*rc ? rc : 0))
					fail("strchr", off, 0, len);
				size_t sp = 0;
				while (h[off + sp] && strchr("ab", h[off + sp]))
					sp++;
				if (strspn(h + off, "ab") != sp || strcspn(h + off, "c") != (size_t)(rc - (h + off)))
					fail("strspn", off, 0, len);
			}
	printf("reference comparisons: %d mismatches\n", fails);

	char buf[200];
	strcpy(buf, ",,a,b;;c d,,;");
	for (char *t = strtok(buf, ",;"); t; t = strtok(0, ", ;"))
		printf("<%s>", t);
	printf("\n");
	strcpy(buf, ";;;");
	printf("strtok of delimiters only: %p\n", (void *)strtok(buf, ";"));
	static const int errs[] = { EPERM, ENOENT, ESRCH, EINTR, EIO, ENXIO, E2BIG, EBADF, EAGAIN, ENOMEM, EACCES,
				    EFAULT, EBUSY, EEXIST, EXDEV, ENOTDIR, EISDIR, EINVAL, ENFILE, EMFILE, ENOTTY,
				    EFBIG, ENOSPC, ESPIPE, EROFS, EMLINK, EPIPE, EDOM, ERANGE, EDEADLK, ENAMETOOLONG,
				    ENOSYS, ENOTEMPTY, ELOOP, EOVERFLOW, ENOTSUP, ETIMEDOUT, ECONNREFUSED, 0, -1, 4095 };
	for (size_t i = 0; i < sizeof errs / sizeof errs[0]; i++)
		printf("strerror(%d) = %s\n", errs[i], strerror(errs[i]));
	printf("strerror_r %d [%s]\n", strerror_r(ENOENT, buf, sizeof buf), buf);
	char small[8];
	int sr = strerror_r(ENOENT, small, sizeof small);
	printf("strerror_r small %d [%s]\n", sr, small);
	printf("strcoll %d %d strxfrm %zu\n", sgn(strcoll("abc", "abd")), sgn(strcoll("b", "B")),
	       strxfrm(buf, "xfrm", sizeof buf));
	memset(buf, 'z', sizeof buf);
	char *mc = memccpy(buf, "copy:until", ':', 20);
	printf("memccpy %td [%.6s]", mc - buf, buf);
	printf(" %p\n", memccpy(buf, "none", ':', 4));
	size_t l1 = strlcpy(small, "truncated text", sizeof small);
	printf("strlcpy %zu [%s]", l1, small);
	small[2] = 0;
	l1 = strlcat(small, "xyz", sizeof small);
	printf(" strlcat %zu [%s]\n", l1, small);
	printf("strcasestr %s | %p\n", strcasestr("Hello World", "WORLD"), (void *)strcasestr("abc", "d"));
	printf("strverscmp %d %d %d\n", sgn(strverscmp("a9", "a10")), sgn(strverscmp("1.01", "1.1")),
	       sgn(strverscmp("000", "00")));
	printf("index %s rindex %s bcmp %d\n", index("a.b.c", '.'), rindex("a.b.c", '.'), !!bcmp("ab", "ac", 2));
	printf("strchrnul %td\n", strchrnul("abc", 'z') - (char *)"abc" + 0);
	wchar_t w[32];
	wcscpy(w, L"wide string");
	printf("wcslen %zu wcscmp %d wcschr %ls wcsstr %ls\n", wcslen(w), sgn(wcscmp(w, L"wide")), wcschr(w, L's'),
	       wcsstr(w, L"str"));
	size_t mb = mbstowcs(w, "bytes", 32);
	size_t wb = wcstombs(buf, L"back", sizeof buf);
	printf("mbstowcs %zu %ls wcstombs %zu %s\n", mb, w, wb, buf);
	return 0;
}
