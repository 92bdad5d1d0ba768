/* memcpy/memset/memmove calls and inlined copies, byte loops. */
typedef unsigned size_t;
void *memcpy(void *, const void *, size_t);
void *memset(void *, int, size_t);
void *memmove(void *, const void *, size_t);

struct blob { char b[300]; };
char gbuf[4096];

void copy_n(char *d, const char *s, size_t n) { memcpy(d, s, n); }
void clear_n(char *d, size_t n) { memset(d, 0, n); }
void move_n(char *d, size_t n) { memmove(d + 1, d, n); }
void copy_fixed(struct blob *d, const struct blob *s) { memcpy(d, s, sizeof *d); }
void clear_fixed(struct blob *d) { memset(d, 0xab, sizeof *d); }
void copy16(char *d, const char *s) { __builtin_memcpy(d, s, 16); }
void clear_global(void) { memset(gbuf, 0, sizeof gbuf); }

void *my_memcpy(void *d, const void *s, size_t n)
{
	char *dp = d;
	const char *sp = s;
	while (n--)
		*dp++ = *sp++;
	return d;
}

void *my_memset(void *d, int c, size_t n)
{
	unsigned char *p = d;
	while (n--)
		*p++ = (unsigned char)c;
	return d;
}

int my_memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}
