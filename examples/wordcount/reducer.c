/*
 * reducer.c - word count, the reduce step: sums the "word count" lines of
 * every /dev/in entry (one per mapper) and sends the sums to its one
 * /dev/out entry (the merger), or to stdout when there is none.
 */
#include "wc.h"

int main(void)
{
	struct wc_table t = { 0 };
	int nin, nout;
	char **in = wc_peers("in", &nin), **out = wc_peers("out", &nout);
	static char buf[1 << 16];

	for (int i = 0; i < nin; i++) {
		FILE *f = fopen(in[i], "rb");
		if (!f) {
			fprintf(stderr, "reducer: cannot open %s\n", in[i]);
			return 1;
		}
		setvbuf(f, buf, _IOFBF, sizeof buf);
		wc_read_pairs(&t, f);
		fclose(f);
	}
	FILE *o = nout ? fopen(out[0], "wb") : stdout;
	if (!o) {
		fprintf(stderr, "reducer: cannot open %s\n", out[0]);
		return 1;
	}
	setvbuf(o, NULL, _IOFBF, 1 << 16);
	for (size_t k = 0; k < t.cap; k++)
		if (t.e[k].len)
			fprintf(o, "%s %lu\n", wc_word(&t, &t.e[k]), t.e[k].count);
	return fclose(o) != 0;
}
