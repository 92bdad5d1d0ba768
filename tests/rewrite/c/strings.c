/* String operations written in C (the compiler may turn some into builtins). */
typedef unsigned size_t;

size_t my_strlen(const char *s)
{
	const char *p = s;
	while (*p)
		p++;
	return (size_t)(p - s);
}

int my_strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

char *my_strchr(const char *s, int c)
{
	for (; *s; s++)
		if (*s == (char)c)
			return (char *)s;
	return c ? 0 : (char *)s;
}

char *my_strcpy(char *d, const char *s)
{
	char *r = d;
	while ((*d++ = *s++))
		;
	return r;
}

void reverse(char *s)
{
	size_t n = my_strlen(s);
	for (size_t i = 0; i < n / 2; i++) {
		char t = s[i];
		s[i] = s[n - 1 - i];
		s[n - 1 - i] = t;
	}
}

int atoi_(const char *s)
{
	int neg = 0, n = 0;
	while (*s == ' ')
		s++;
	if (*s == '-')
		neg = 1, s++;
	while (*s >= '0' && *s <= '9')
		n = n * 10 + (*s++ - '0');
	return neg ? -n : n;
}

static const char digits[] = "0123456789abcdef";
char *utoa_(unsigned v, char *buf, int base)
{
	char *p = buf + 32;
	*--p = 0;
	do
		*--p = digits[v % (unsigned)base];
	while (v /= (unsigned)base);
	return p;
}
