/* string.c - string processing with the program's own routines: build a
 * text of words, split it into tokens, count distinct words in a small
 * hash set, search for substrings, reverse and compare. */
#include "common.h"

enum { TEXT = 1 << 18 };
static char text[TEXT + 1];

static size_t slen(const char *s)
{
	const char *p = s;
	while (*p)
		p++;
	return (size_t)(p - s);
}

static int scmp(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return (unsigned char)a[i] - (unsigned char)b[i];
	return 0;
}

static size_t count_sub(const char *hay, size_t hn, const char *needle)
{
	size_t nn = slen(needle), c = 0;
	for (size_t i = 0; i + nn <= hn; i++)
		if (hay[i] == needle[0] && !scmp(hay + i, needle, nn))
			c++;
	return c;
}

int main(int argc, char **argv)
{
	static const char *const syl[] = { "ka", "lo", "mi", "ne", "ro", "su", "ta", "vi" };
	static uint32_t set[1 << 14];
	long n = scale(argc, argv);
	uint64_t s = 3, sum = 0;
	size_t len = 0;

	while (len < TEXT - 16) { /* words of 1-4 syllables */
		int k = 1 + (int)(rnd(&s) % 4);
		for (int i = 0; i < k; i++) {
			const char *y = syl[rnd(&s) % 8];
			text[len++] = y[0];
			text[len++] = y[1];
		}
		text[len++] = rnd(&s) % 9 ? ' ' : '\n';
	}
	text[len] = 0;
	for (long r = 0; r < n; r++) {
		size_t tl = slen(text), words = 0, distinct = 0;
		for (size_t i = 0; i < sizeof set / sizeof set[0]; i++)
			set[i] = 0;
		for (size_t i = 0; i < tl;) {
			while (i < tl && (text[i] == ' ' || text[i] == '\n'))
				i++;
			uint32_t h = 2166136261u;
			size_t st = i;
			while (i < tl && text[i] != ' ' && text[i] != '\n')
				h = (h ^ (unsigned char)text[i++]) * 16777619u;
			if (i == st)
				continue;
			words++;
			h |= 1;
			uint32_t j = h & 16383;
			while (set[j] && set[j] != h)
				j = (j + 1) & 16383;
			if (!set[j]) {
				set[j] = h;
				distinct++;
			}
		}
		size_t hits = count_sub(text, tl, "kalo") + count_sub(text, tl, "vi\nta");
		/* reverse a window in place and back again */
		size_t off = (size_t)r % (tl / 2), w = tl / 4;
		for (int t = 0; t < 2; t++)
			for (size_t i = 0, j = w - 1; i < j; i++, j--) {
				char c = text[off + i];
				text[off + i] = text[off + j];
				text[off + j] = c;
			}
		sum = sum * 131 + words * 7 + distinct * 3 + hits;
	}
	return report("string", sum);
}
