/*
 * mapper.c - word count, the map step: counts the words of /dev/input (or
 * stdin when there is none) and sends "word count" lines to the reducers,
 * word w to the (fnv(w) % R)-th entry of /dev/out in name order.
 */
#include "wc.h"

int main(void)
{
	static char buf[1 << 16];
	char carry[256];
	struct wc_table t = { 0 };
	size_t n, clen = 0;
	int nout;
	FILE *in = fopen(wc_dev("input"), "rb");

	if (!in)
		in = stdin;
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		clen = wc_count_text(&t, buf, n, carry, clen, sizeof carry);
	if (clen)
		wc_add(&t, carry, clen, 1);
	char **peers = wc_peers("out", &nout);
	if (nout == 0) {
		fputs("mapper: no reducer in /dev/out\n", stderr);
		return 1;
	}
	FILE **out = wc_xalloc(NULL, (size_t)nout * sizeof *out);
	for (int i = 0; i < nout; i++) {
		if (!(out[i] = fopen(peers[i], "wb"))) {
			fprintf(stderr, "mapper: cannot open %s\n", peers[i]);
			return 1;
		}
		setvbuf(out[i], NULL, _IOFBF, 1 << 16); /* fewer, larger writes */
	}
	for (size_t k = 0; k < t.cap; k++) {
		struct wc_entry *e = &t.e[k];
		if (e->len)
			fprintf(out[e->hash % (uint32_t)nout], "%s %lu\n", wc_word(&t, e), e->count);
	}
	for (int i = 0; i < nout; i++)
		if (fclose(out[i]) != 0) {
			fprintf(stderr, "mapper: cannot write %s\n", peers[i]);
			return 1;
		}
	return 0;
}
