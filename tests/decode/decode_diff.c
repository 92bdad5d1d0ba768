/*
 * decode_diff.c - differential test of val_decode_length() against objdump.
 *
 * Two modes. Both compare instruction lengths only where our decoder accepts
 * the bytes (objdump decodes some invalid encodings, so its opinion on bytes we
 * reject means nothing), and report every disagreement with the bytes and both
 * lengths.
 *
 *   decode-diff random SEED COUNT WORKDIR LABEL
 *     Generates random instruction-shaped candidates (legacy prefixes, REX,
 *     opcode from one of the four maps, random ModRM/SIB/disp/imm bytes),
 *     keeps the first COUNT that our decoder accepts, lays them out in chunks
 *     of CHUNK instructions separated by runs of hlt, disassembles the stream
 *     with one objdump call and compares every boundary. On a disagreement
 *     the rest of the chunk is skipped (objdump may be out of step until the
 *     hlt run). Also checks that the decoder needs exactly its length: with
 *     one byte less it must refuse (truncated), with exactly its length it
 *     must give the same answer.
 *
 *   decode-diff objects LABEL GAPFILE OBJ...
 *     Runs objdump -d on each object and, for each instruction objdump lists,
 *     asks our decoder for the length at that offset of the section. Lengths
 *     must agree where we accept; instructions we reject are counted per
 *     mnemonic and written to GAPFILE ("count<TAB>mnemonic<TAB>example bytes
 *     <TAB>reason" lines) for the whitelist-gap table.
 *
 * Prints "PASS decode/LABEL: ..." or "FAIL decode/LABEL: ..." lines.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "validator/validator.h"

static unsigned long CHUNK = 1000; /* instructions between hlt runs (env DECODE_CHUNK) */
#define MARKER    16   /* hlt bytes after each chunk */
static unsigned long MAXREPORT = 40; /* disagreements printed (env DECODE_REPORT) */

static const char *objdump_cmd(void)
{
	const char *o = getenv("OBJDUMP");
	return o && *o ? o : "objdump";
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p) {
		fprintf(stderr, "decode-diff: out of memory\n");
		exit(2);
	}
	return p;
}

/* ---- parsing objdump's listing -------------------------------------------- */

/*
 * One instruction line of `objdump --insn-width=16`: "  addr:\tbytes \tinsn".
 * Returns 1 and fills addr, the bytes and the text after the second tab.
 */
struct oline {
	unsigned long addr;
	uint8_t bytes[16];
	int n;
	const char *text;
};

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static int parse_line(char *s, struct oline *o)
{
	char *e;
	while (*s == ' ')
		s++;
	if (hexval((unsigned char)*s) < 0)
		return 0;
	o->addr = strtoul(s, &e, 16);
	if (e[0] != ':' || e[1] != '\t')
		return 0;
	s = e + 2;
	o->n = 0;
	for (;;) {
		int h = hexval((unsigned char)s[0]), l = h < 0 ? -1 : hexval((unsigned char)s[1]);
		if (h < 0 || l < 0 || (s[2] != ' ' && s[2] != '\t' && s[2] != '\n' && s[2]))
			break;
		if (o->n == 16)
			return 0;
		o->bytes[o->n++] = (uint8_t)(h << 4 | l);
		s += 2;
		while (*s == ' ')
			s++;
	}
	if (o->n == 0)
		return 0;
	if (*s == '\t')
		s++;
	s[strcspn(s, "\n")] = 0;
	o->text = s;
	return 1;
}

/* A prefix that objdump prints as a word of its own. */
static int is_prefix_word(const char *w, size_t len)
{
	static const char *const words[] = { "lock", "data16", "addr32", "notrack", "bnd",
					     "cs", "ds", "es", "ss", "fs", "gs", 0 };
	for (int i = 0; words[i]; i++)
		if (strlen(words[i]) == len && !memcmp(w, words[i], len))
			return 1;
	return (len >= 3 && (!memcmp(w, "rep", 3) || !memcmp(w, "rex", 3)));
}

/* The mnemonic of an instruction text: words up to the first operand, with
 * repeated prefixes counted once. */
static void mnemonic(const char *text, char *out, size_t outlen)
{
	size_t k = 0, prevlen = 0;
	const char *s = text, *prev = NULL;
	while (*s) {
		const char *w = s;
		size_t len;
		while (*s == ' ')
			s++;
		w = s;
		len = strcspn(s, " ");
		if (!len || strchr("%$*(-0123456789", w[0]) || (len > 1 && w[0] == '0' && w[1] == 'x') ||
		    memchr(w, ',', len) || memchr(w, '<', len))
			break;
		s = w + len;
		if (prev && prevlen == len && !memcmp(prev, w, len))
			continue; /* "data16 data16 cs nopw" groups with "data16 cs nopw" */
		prev = w;
		prevlen = len;
		if (k && k + 1 < outlen)
			out[k++] = ' ';
		for (size_t j = 0; j < len && k + 1 < outlen; j++)
			out[k++] = w[j];
		/* prefixes are words of their own; anything else ends the mnemonic */
		if (!is_prefix_word(w, len))
			break;
	}
	out[k] = 0;
	if (!k)
		snprintf(out, outlen, "%s", "?");
}

/* "0f 1f 00": at most 16 bytes, into out[64]. */
static void hexdump(char *out, const uint8_t *p, int n)
{
	int k = 0;
	out[0] = 0;
	for (int i = 0; i < n && i < 16; i++)
		k += sprintf(out + k, i ? " %02x" : "%02x", p[i]);
}

/* ---- random mode ------------------------------------------------------------ */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

static unsigned rndn(unsigned n)
{
	return (unsigned)((rnd() >> 32) % n);
}

/* A candidate: instruction-shaped random bytes. Returns its buffer length. */
static int candidate(uint8_t *b)
{
	static const uint8_t legacy[] = { 0x66, 0x67, 0xF2, 0xF3, 0xF0, 0x2E, 0x3E };
	int n = 0, np;
	unsigned r = rndn(100);

	if (rndn(20) == 0) { /* now and then plain random bytes */
		for (; n < 16; n++)
			b[n] = (uint8_t)rnd();
		return n;
	}
	np = r < 45 ? 0 : r < 80 ? 1 : r < 95 ? 2 : 3;
	if (rndn(50) == 0) /* now and then a REX before the legacy prefixes */
		b[n++] = (uint8_t)(0x40 | rndn(16));
	for (int i = 0; i < np; i++)
		b[n++] = legacy[rndn(sizeof legacy)];
	if (rndn(100) < 40)
		b[n++] = (uint8_t)(0x40 | rndn(16));
	r = rndn(100);
	if (r >= 55) {
		b[n++] = 0x0F;
		if (r >= 93)
			b[n++] = 0x3A;
		else if (r >= 85)
			b[n++] = 0x38;
	}
	b[n++] = (uint8_t)rnd();
	/* ModRM, SIB, displacement, immediate: random. Some short displacements
	 * and small immediates, as compilers write them. */
	for (int i = 0; i < 14; i++)
		b[n++] = (uint8_t)(rndn(4) ? rnd() : rndn(16));
	return n;
}

struct lstats {
	unsigned long compared, disagree, chunks_bad, fwait;
};

/*
 * objdump's one known way of disagreeing with the CPU on valid code: it
 * prints a lone fwait (9b) followed by an x87 instruction as one instruction
 * (9b d9 /7 is "fstcw"), while the CPU runs two, and a jump may land on the
 * second. Such a pair agrees when objdump's length is the sum of ours.
 */
static int fwait_pair(const uint8_t *p, unsigned len, unsigned next, unsigned olen)
{
	return len == 1 && p[0] == 0x9B && next && olen == 1 + next;
}

static int run_random(uint64_t seed, unsigned long count, const char *dir, const char *label)
{
	char path[4096], cmd[8192], *line = NULL;
	size_t cap = 0, linecap = 0, size = 0;
	uint8_t *stream = NULL, *lens = NULL;
	unsigned long ninsn = 0, tried = 0, truncfail = 0;
	FILE *f;

	if (getenv("DECODE_REPORT"))
		MAXREPORT = strtoul(getenv("DECODE_REPORT"), NULL, 0);
	if (getenv("DECODE_CHUNK"))
		CHUNK = strtoul(getenv("DECODE_CHUNK"), NULL, 0);
	if (!CHUNK)
		CHUNK = 1000;
	rng_state = seed * 0x9E3779B97F4A7C15ULL + 1;
	lens = xrealloc(NULL, count);
	while (ninsn < count) {
		uint8_t b[32], *exact;
		const char *why;
		int n = candidate(b), len;

		tried++;
		len = val_decode_length(b, (size_t)n, &why);
		if (len <= 0)
			continue;
		/* The decoder must need exactly len bytes: refuse len-1, accept len. */
		exact = xrealloc(NULL, (size_t)len);
		memcpy(exact, b, (size_t)len);
		if (val_decode_length(exact, (size_t)len, NULL) != len ||
		    val_decode_length(exact, (size_t)len - 1, NULL) != 0) {
			char hx[64];
			hexdump(hx, b, len);
			if (truncfail++ < 10)
				printf("  truncation mismatch: %s: length %d, with exactly %d bytes %d, "
				       "with %d bytes %d\n", hx, len, len,
				       val_decode_length(exact, (size_t)len, NULL), len - 1,
				       val_decode_length(exact, (size_t)len - 1, NULL));
		}
		free(exact);
		if (size + 64 > cap) {
			cap = cap ? cap * 2 : 1 << 20;
			stream = xrealloc(stream, cap);
		}
		memcpy(stream + size, b, (size_t)len);
		size += (size_t)len;
		lens[ninsn++] = (uint8_t)len;
		if (ninsn % CHUNK == 0 || ninsn == count) {
			memset(stream + size, 0xF4, MARKER);
			size += MARKER;
		}
	}
	if (truncfail)
		printf("FAIL decode/%s-truncation: %lu of %lu accepted instructions decode "
		       "differently with exactly their length or one byte less\n",
		       label, truncfail, ninsn);
	else
		printf("PASS decode/%s-truncation: %lu accepted instructions need exactly "
		       "their length\n", label, ninsn);

	snprintf(path, sizeof path, "%s/%s.bin", dir, label);
	f = fopen(path, "wb");
	if (!f || fwrite(stream, 1, size, f) != size || fclose(f)) {
		printf("FAIL decode/%s: cannot write %s\n", label, path);
		return 1;
	}

	/* objdump's view: for each offset, the length of the instruction it
	 * starts there (0: none) and its text. */
	uint8_t *olen = calloc(size + 1, 1);
	char **otext = calloc(size + 1, sizeof *otext);
	if (!olen || !otext) {
		fprintf(stderr, "decode-diff: out of memory\n");
		return 2;
	}
	snprintf(cmd, sizeof cmd, "%s -D -z -b binary -m i386:x86-64 --insn-width=16 '%s'",
		 objdump_cmd(), path);
	FILE *p = popen(cmd, "r");
	if (!p) {
		printf("FAIL decode/%s: cannot run %s\n", label, cmd);
		return 1;
	}
	unsigned long olines = 0;
	while (getline(&line, &linecap, p) > 0) {
		struct oline o;
		if (!parse_line(line, &o) || o.addr >= size)
			continue;
		olen[o.addr] = (uint8_t)o.n;
		otext[o.addr] = strdup(o.text);
		olines++;
	}
	if (pclose(p) != 0 || olines == 0) {
		printf("FAIL decode/%s: %s failed\n", label, cmd);
		return 1;
	}

	struct lstats st = { 0, 0, 0, 0 };
	size_t off = 0;
	unsigned long k = 0;
	while (k < ninsn) {
		unsigned long end = k + CHUNK < ninsn ? k + CHUNK : ninsn;
		int bad = 0;
		for (; k < end; k++) {
			unsigned len = lens[k];
			if (!bad && fwait_pair(stream + off, len, k + 1 < end ? lens[k + 1] : 0,
					       olen[off])) {
				st.compared += 2;
				st.fwait++;
				off += len + lens[++k];
				continue;
			}
			if (!bad) {
				const char *t = otext[off] ? otext[off] : "(no instruction starts here)";
				if (olen[off] != len || strstr(t, "(bad)")) {
					char hx[64];
					hexdump(hx, stream + off, (int)len);
					if (st.disagree < MAXREPORT)
						printf("  disagree at 0x%zx: %s: ours %u, objdump %u: %s\n",
						       off, hx, len, olen[off], t);
					st.disagree++;
					bad = 1;
				} else {
					st.compared++;
				}
			}
			off += len;
		}
		off += MARKER;
		if (bad)
			st.chunks_bad++;
	}
	if (st.disagree)
		printf("FAIL decode/%s: %lu disagreements with objdump (%lu chunks of %lu "
		       "resynced); %lu instructions agreed, %lu accepted of %lu candidates\n",
		       label, st.disagree, st.chunks_bad, CHUNK, st.compared, ninsn, tried);
	else
		printf("PASS decode/%s: %lu accepted instructions (of %lu random candidates, "
		       "%zu bytes) agree with objdump (%lu fwait+x87 pairs it prints as one)\n",
		       label, st.compared, tried, size, st.fwait);
	for (size_t i = 0; i <= size; i++)
		free(otext[i]);
	free(otext);
	free(olen);
	free(stream);
	free(lens);
	free(line);
	return st.disagree || truncfail;
}

/* ---- objects mode ----------------------------------------------------------- */

struct gap {
	char mn[48];
	unsigned long count;
	char example[64];
	const char *why;
};

struct gaps {
	struct gap *v;
	size_t n, cap;
};

static void add_gap(struct gaps *g, const char *mn, const uint8_t *b, int n, const char *why)
{
	for (size_t i = 0; i < g->n; i++)
		if (!strcmp(g->v[i].mn, mn)) {
			g->v[i].count++;
			return;
		}
	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 64;
		g->v = xrealloc(g->v, g->cap * sizeof *g->v);
	}
	struct gap *e = &g->v[g->n++];
	snprintf(e->mn, sizeof e->mn, "%s", mn);
	e->count = 1;
	hexdump(e->example, b, n > 15 ? 15 : n);
	e->why = why ? why : "?";
}

/* One section's instructions, gathered before comparing (our decoder needs
 * the bytes that follow each instruction too). */
struct sect {
	uint8_t *bytes;
	size_t size, cap;
	struct ins { size_t off; int n; char *text; } *ins;
	size_t nins, inscap;
	unsigned long base;
};

struct ostats {
	unsigned long total, accepted, agreed, disagree;
};

static void check_section(struct sect *s, const char *obj, const char *secname,
			  struct ostats *st, struct gaps *g)
{
	for (size_t i = 0; i < s->nins; i++) {
		struct ins *in = &s->ins[i];
		const char *why = NULL;
		int len;

		st->total++;
		len = val_decode_length(s->bytes + in->off, s->size - in->off, &why);
		if (len == 0) {
			char mn[48];
			mnemonic(in->text, mn, sizeof mn);
			add_gap(g, mn, s->bytes + in->off, in->n, why);
			continue;
		}
		st->accepted++;
		if (len == 1 && in->n > 1 &&
		    fwait_pair(s->bytes + in->off, 1,
			       (unsigned)val_decode_length(s->bytes + in->off + 1,
							   s->size - in->off - 1, NULL),
			       (unsigned)in->n)) {
			st->agreed++;
			continue;
		}
		if (len == in->n && !strstr(in->text, "(bad)")) {
			st->agreed++;
			continue;
		}
		if (st->disagree++ < MAXREPORT) {
			char hx[64];
			hexdump(hx, s->bytes + in->off, len > in->n ? len : in->n);
			printf("  disagree in %s %s+0x%zx: %s: ours %d, objdump %d: %s\n", obj,
			       secname, in->off, hx, len, in->n, in->text);
		}
	}
	for (size_t i = 0; i < s->nins; i++)
		free(s->ins[i].text);
	s->nins = 0;
	s->size = 0;
}

static int run_objects(const char *label, const char *gapfile, int nobj, char **objs)
{
	struct ostats st = { 0, 0, 0, 0 };
	struct gaps g = { NULL, 0, 0 };
	struct sect s;
	char cmd[8192], secname[256] = "", *line = NULL;
	size_t linecap = 0;
	int failed = 0;

	memset(&s, 0, sizeof s);
	for (int k = 0; k < nobj; k++) {
		snprintf(cmd, sizeof cmd, "%s -d -z --insn-width=16 '%s'", objdump_cmd(), objs[k]);
		FILE *p = popen(cmd, "r");
		if (!p) {
			printf("  cannot run %s\n", cmd);
			failed = 1;
			continue;
		}
		int insec = 0;
		while (getline(&line, &linecap, p) > 0) {
			struct oline o;
			if (!strncmp(line, "Disassembly of section ", 23)) {
				if (insec)
					check_section(&s, objs[k], secname, &st, &g);
				snprintf(secname, sizeof secname, "%s", line + 23);
				secname[strcspn(secname, ":\n")] = 0;
				insec = 1;
				continue;
			}
			if (!insec || !parse_line(line, &o))
				continue;
			if (s.nins == 0)
				s.base = o.addr;
			size_t off = o.addr - s.base;
			if (off != s.size) {
				/* a gap in the listing: start a fresh run */
				check_section(&s, objs[k], secname, &st, &g);
				s.base = o.addr;
				off = 0;
			}
			if (s.size + 16 > s.cap) {
				s.cap = s.cap ? s.cap * 2 : 1 << 16;
				s.bytes = xrealloc(s.bytes, s.cap);
			}
			memcpy(s.bytes + s.size, o.bytes, (size_t)o.n);
			s.size += (size_t)o.n;
			if (s.nins == s.inscap) {
				s.inscap = s.inscap ? s.inscap * 2 : 4096;
				s.ins = xrealloc(s.ins, s.inscap * sizeof *s.ins);
			}
			s.ins[s.nins++] = (struct ins){ off, o.n, strdup(o.text) };
		}
		if (insec)
			check_section(&s, objs[k], secname, &st, &g);
		if (pclose(p) != 0) {
			printf("  %s failed\n", cmd);
			failed = 1;
		}
	}

	FILE *gf = fopen(gapfile, "w");
	if (!gf) {
		printf("FAIL decode/%s: cannot write %s\n", label, gapfile);
		return 1;
	}
	for (size_t i = 0; i < g.n; i++)
		fprintf(gf, "%lu\t%s\t%s\t%s\n", g.v[i].count, g.v[i].mn, g.v[i].example, g.v[i].why);
	fclose(gf);

	if (failed || st.disagree || st.total == 0)
		printf("FAIL decode/%s: %lu disagreements with objdump on %lu accepted "
		       "instructions (%lu listed)%s\n", label, st.disagree, st.accepted, st.total,
		       failed ? "; objdump failed" : st.total ? "" : "; nothing disassembled");
	else
		printf("PASS decode/%s: %lu of %lu objdump instructions accepted, all lengths "
		       "agree (%d objects, %lu not accepted)\n", label, st.agreed, st.total, nobj,
		       st.total - st.accepted);
	free(g.v);
	free(s.bytes);
	free(s.ins);
	free(line);
	return failed || st.disagree || st.total == 0;
}

int main(int argc, char **argv)
{
	if (argc == 6 && !strcmp(argv[1], "random"))
		return run_random(strtoull(argv[2], NULL, 0), strtoul(argv[3], NULL, 0), argv[4],
				  argv[5]);
	if (argc >= 4 && !strcmp(argv[1], "objects"))
		return run_objects(argv[2], argv[3], argc - 4, argv + 4);
	fprintf(stderr, "usage: decode-diff random SEED COUNT WORKDIR LABEL\n"
			"       decode-diff objects LABEL GAPFILE OBJ...\n");
	return 2;
}
