/*
 * merger.c - word count, the last step: gathers the reducers' sums from
 * /dev/in, writes every word with its count, sorted by word, to /dev/output
 * (when there is one) and prints the 20 most frequent words on stdout.
 */
#include "wc.h"

static const struct wc_table *tab;

static int by_word(const struct wc_entry *x, const struct wc_entry *y)
{
	return strcmp(wc_word(tab, x), wc_word(tab, y));
}

static int by_count(const struct wc_entry *x, const struct wc_entry *y)
{
	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return by_word(x, y);
}

int main(void)
{
	struct wc_table t = { 0 };
	int nin;
	char **in = wc_peers("in", &nin);
	unsigned long total = 0;

	for (int i = 0; i < nin; i++) {
		FILE *f = fopen(in[i], "rb");
		if (!f) {
			fprintf(stderr, "merger: cannot open %s\n", in[i]);
			return 1;
		}
		wc_read_pairs(&t, f);
		fclose(f);
	}
	struct wc_entry **v = wc_xalloc(NULL, (t.n + 1) * sizeof *v);
	size_t n = 0;
	for (size_t k = 0; k < t.cap; k++)
		if (t.e[k].len) {
			v[n++] = &t.e[k];
			total += t.e[k].count;
		}
	tab = &t;
	FILE *out = fopen(wc_dev("output"), "wb");
	static char obuf[1 << 16];
	if (out) {
		setvbuf(out, obuf, _IOFBF, sizeof obuf);
		wc_sort(v, n, by_word);
		for (size_t k = 0; k < n; k++)
			fprintf(out, "%s %lu\n", wc_word(&t, v[k]), v[k]->count);
		if (fclose(out) != 0)
			return 1;
	}
	wc_sort(v, n, by_count);
	printf("top 20 of %zu words (%lu in all), from %d reducers:\n", n, total, nin);
	for (size_t k = 0; k < n && k < 20; k++)
		printf("%9lu %s\n", v[k]->count, wc_word(&t, v[k]));
	return 0;
}
