/*
 * rw_parse.c - lexing AT&T assembly into statements, and operand parsing.
 *
 * A line is cleaned of comments ('#' to the end of the line, C-style
 * comments that may span lines), split on ';' (outside strings and character
 * constants), and each piece becomes zero or more labels followed by one
 * directive, assignment or instruction. Lines of the form `# 12 "file.S"`
 * (preprocessor line markers) set the position used in messages.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "toolchain/rw.h"

/* ---- registers ------------------------------------------------------------ */

static const char *const R64[16] = { "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
				     "r8",  "r9",  "r10", "r11", "r12", "r13", "r14", "r15" };
static const char *const R32[16] = { "eax", "ecx", "edx",  "ebx",  "esp",  "ebp",  "esi",  "edi",
				     "r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d" };
static const char *const R16[16] = { "ax",  "cx",  "dx",   "bx",   "sp",   "bp",   "si",   "di",
				     "r8w", "r9w", "r10w", "r11w", "r12w", "r13w", "r14w", "r15w" };
static const char *const R8[16] = { "al",  "cl",  "dl",   "bl",   "spl",  "bpl",  "sil",  "dil",
				    "r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b", "r15b" };
static const char *const R8H[4] = { "ah", "ch", "dh", "bh" };
static const char *const SEGS[6] = { "es", "cs", "ss", "ds", "fs", "gs" };

static int lookup(const char *const *tab, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(tab[i], name) == 0)
			return i;
	return -1;
}

/* "prefix" followed by decimal digits only (at least one). */
static int prefixed_number(const char *name, const char *prefix)
{
	size_t n = strlen(prefix);
	if (strncmp(name, prefix, n) != 0 || !name[n])
		return 0;
	for (const char *p = name + n; *p; p++)
		if (!isdigit((unsigned char)*p))
			return 0;
	return 1;
}

struct rw_reg rw_reg_info(const char *name)
{
	char low[24];
	size_t i;
	int k;

	for (i = 0; name[i] && i < sizeof low - 1; i++)
		low[i] = (char)tolower((unsigned char)name[i]);
	if (name[i])
		return (struct rw_reg){ RC_NONE, 0 };
	low[i] = 0;
	if ((k = lookup(R64, 16, low)) >= 0)
		return (struct rw_reg){ RC_GPR64, k };
	if ((k = lookup(R32, 16, low)) >= 0)
		return (struct rw_reg){ RC_GPR32, k };
	if ((k = lookup(R16, 16, low)) >= 0)
		return (struct rw_reg){ RC_GPR16, k };
	if ((k = lookup(R8, 16, low)) >= 0)
		return (struct rw_reg){ RC_GPR8, k };
	if ((k = lookup(R8H, 4, low)) >= 0)
		return (struct rw_reg){ RC_GPR8H, k + 4 };
	if (low[0] == 'r' && isdigit((unsigned char)low[1])) { /* r8l .. r15l */
		char *end;
		long v = strtol(low + 1, &end, 10);
		if (v >= 8 && v <= 15 && strcmp(end, "l") == 0)
			return (struct rw_reg){ RC_GPR8, (int)v };
	}
	if (strcmp(low, "rip") == 0)
		return (struct rw_reg){ RC_RIP, 0 };
	if (strcmp(low, "eip") == 0)
		return (struct rw_reg){ RC_EIP, 0 };
	if (strcmp(low, "riz") == 0)
		return (struct rw_reg){ RC_RIZ, 0 };
	if (strcmp(low, "eiz") == 0)
		return (struct rw_reg){ RC_EIZ, 0 };
	if ((k = lookup(SEGS, 6, low)) >= 0)
		return (struct rw_reg){ RC_SEG, k };
	if (prefixed_number(low, "cr") || prefixed_number(low, "dr") || prefixed_number(low, "db"))
		return (struct rw_reg){ RC_CTLDBG, 0 };
	if (strcmp(low, "st") == 0 || strncmp(low, "st(", 3) == 0 ||
	    prefixed_number(low, "mm") || prefixed_number(low, "xmm") ||
	    prefixed_number(low, "ymm") || prefixed_number(low, "zmm") ||
	    prefixed_number(low, "k") || prefixed_number(low, "bnd") ||
	    prefixed_number(low, "tmm"))
		return (struct rw_reg){ RC_OTHER, 0 };
	return (struct rw_reg){ RC_NONE, 0 };
}

const char *rw_reg_name(enum rw_rclass cls, int num)
{
	switch (cls) {
	case RC_GPR64: return R64[num & 15];
	case RC_GPR32: return R32[num & 15];
	case RC_GPR16: return R16[num & 15];
	case RC_GPR8: return R8[num & 15];
	case RC_GPR8H: return R8H[(num - 4) & 3];
	case RC_RIP: return "rip";
	case RC_EIP: return "eip";
	case RC_RIZ: return "riz";
	case RC_EIZ: return "eiz";
	case RC_SEG: return SEGS[num % 6];
	default: return "?";
	}
}

/* ---- operands ------------------------------------------------------------- */

static const char *trim(const char *s, size_t *n)
{
	while (*n && isspace((unsigned char)s[0]))
		s++, (*n)--;
	while (*n && isspace((unsigned char)s[*n - 1]))
		(*n)--;
	return s;
}

/* Reads "%name" at s (s[0] == '%'); returns the length consumed, 0 if none. */
static size_t reg_token(const char *s, size_t n, char *out, size_t outsz)
{
	size_t i = 1, o = 0;
	while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '_')) {
		if (o + 1 < outsz)
			out[o++] = s[i];
		i++;
	}
	if (o == 2 && tolower((unsigned char)out[0]) == 's' && tolower((unsigned char)out[1]) == 't') {
		/* %st(N) */
		size_t j = i;
		while (j < n && s[j] == ' ')
			j++;
		if (j < n && s[j] == '(') {
			size_t k = j + 1;
			while (k < n && s[k] != ')')
				k++;
			if (k < n) {
				for (size_t m = j; m <= k && o + 1 < outsz; m++)
					if (s[m] != ' ')
						out[o++] = s[m];
				i = k + 1;
			}
		}
	}
	out[o] = 0;
	return i == 1 ? 0 : i;
}

static const char *parse_reg_part(const char *s, size_t n, const char **name, struct rw_reg *ri)
{
	char buf[24];
	s = trim(s, &n);
	if (!n) {
		*name = 0;
		return 0;
	}
	if (s[0] != '%')
		return "expected a register in the address";
	size_t k = reg_token(s, n, buf, sizeof buf);
	if (!k || k != n)
		return "bad register in the address";
	*ri = rw_reg_info(buf);
	if (ri->cls == RC_NONE)
		return "unknown register in the address";
	*name = rw_strdup(buf);
	return 0;
}

const char *rw_parse_operand(const char *s, size_t n, struct rw_operand *op)
{
	char buf[24];
	const char *e;

	memset(op, 0, sizeof *op);
	op->seg = -1;
	s = trim(s, &n);
	op->text = rw_strndup(s, n);
	if (!n)
		return "empty operand";
	if (s[0] == '*') {
		op->star = 1;
		s++, n--;
		s = trim(s, &n);
		if (!n)
			return "empty operand after '*'";
	}
	if (s[0] == '$') {
		if (op->star)
			return "'*' before an immediate";
		op->kind = OPK_IMM;
		s++, n--;
		s = trim(s, &n);
		op->imm = rw_strndup(s, n);
		return 0;
	}
	if (s[0] == '%') {
		size_t k = reg_token(s, n, buf, sizeof buf);
		if (!k)
			return "bad register";
		struct rw_reg ri = rw_reg_info(buf);
		if (ri.cls == RC_NONE)
			return "unknown register";
		size_t j = k;
		while (j < n && isspace((unsigned char)s[j]))
			j++;
		if (j == n) {
			op->kind = OPK_REG;
			op->reg = rw_strdup(buf);
			op->ri = ri;
			return 0;
		}
		if (s[j] != ':')
			return "unexpected text after a register";
		if (ri.cls != RC_SEG)
			return "segment override with a non-segment register";
		op->seg = ri.num;
		s += j + 1;
		n -= j + 1;
		s = trim(s, &n);
		if (!n)
			return "nothing after the segment override";
	}
	op->kind = OPK_MEM;
	if (n && s[n - 1] == ')') {
		/* Find the '(' that matches the last ')'. */
		size_t i = n - 1;
		int depth = 0;
		for (;;) {
			if (s[i] == ')')
				depth++;
			else if (s[i] == '(' && --depth == 0)
				break;
			if (i == 0)
				return "unbalanced parentheses";
			i--;
		}
		size_t cn = n - 2 - i;
		const char *c = trim(s + i + 1, &cn);
		if (cn == 0 || c[0] == '%' || c[0] == ',') {
			size_t dn = i;
			const char *d = trim(s, &dn);
			op->disp = rw_strndup(d, dn);
			op->group = 1;
			/* base, index, scale */
			const char *part[3] = { c, 0, 0 };
			size_t plen[3] = { cn, 0, 0 };
			int np = 1;
			for (size_t m = 0; m < cn; m++) {
				if (c[m] == ',') {
					if (np == 3)
						return "too many parts in the address";
					plen[np - 1] = (size_t)(c + m - part[np - 1]);
					part[np] = c + m + 1;
					plen[np] = cn - m - 1;
					np++;
				}
			}
			if ((e = parse_reg_part(part[0], plen[0], &op->base, &op->bi)))
				return e;
			if (np > 1 && (e = parse_reg_part(part[1], plen[1], &op->index, &op->ii)))
				return e;
			if (np > 2) {
				size_t sn = plen[2];
				const char *sc = trim(part[2], &sn);
				if (sn)
					op->scale = rw_strndup(sc, sn);
			}
			if (!op->base && !op->index && cn)
				return "address without registers";
			return 0;
		}
	}
	op->disp = rw_strndup(s, n);
	return 0;
}

/* ---- statements ----------------------------------------------------------- */

static const char *const PREFIXES[] = {
	"lock", "rep", "repe", "repz", "repne", "repnz", "addr32", "addr16", "data16", "data32",
	"rex", "rex64", "rex.w", "rex.r", "rex.x", "rex.b", "rex.wb", "rex.wr", "rex.wx",
	"rex.wrb", "rex.wrx", "rex.wxb", "rex.wrxb", "rex.rb", "rex.rx", "rex.xb", "rex.rxb",
	"notrack", "bnd", "xacquire", "xrelease", "cs", "ds", "es", "ss", "fs", "gs", 0
};

int rw_is_prefix(const char *w, size_t n)
{
	char low[16];
	if (n == 0)
		return 0;
	if (w[0] == '{')
		return w[n - 1] == '}';
	if (n >= sizeof low)
		return 0;
	for (size_t i = 0; i < n; i++)
		low[i] = (char)tolower((unsigned char)w[i]);
	low[n] = 0;
	for (int i = 0; PREFIXES[i]; i++)
		if (strcmp(PREFIXES[i], low) == 0)
			return 1;
	return 0;
}

void rw_error(const struct rw_stmt *st, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s:%d: ", st->file, st->line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static struct rw_stmt *new_stmt(struct rw_prog *p, enum rw_kind kind, const char *file, int line)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 1024;
		struct rw_stmt *s = realloc(p->s, cap * sizeof *s);
		if (!s) {
			fputs("zvm-rewrite: out of memory\n", stderr);
			exit(2);
		}
		p->s = s;
		p->cap = cap;
	}
	struct rw_stmt *st = &p->s[p->n++];
	memset(st, 0, sizeof *st);
	st->kind = kind;
	st->file = file;
	st->line = line;
	return st;
}

static int ident_start(int c) { return isalpha(c) || c == '_' || c == '.' || c == '$'; }
static int ident_char(int c) { return isalnum(c) || c == '_' || c == '.' || c == '$'; }

/* Length of a label name at s (identifier, quoted name or digits), or 0. */
static size_t label_name(const char *s, size_t n)
{
	size_t i = 0;
	if (!n)
		return 0;
	if (s[0] == '"') {
		for (i = 1; i < n && s[i] != '"'; i++)
			if (s[i] == '\\')
				i++;
		return i < n ? i + 1 : 0;
	}
	if (isdigit((unsigned char)s[0])) {
		while (i < n && isdigit((unsigned char)s[i]))
			i++;
		return i;
	}
	if (!ident_start((unsigned char)s[0]))
		return 0;
	while (i < n && ident_char((unsigned char)s[i]))
		i++;
	return i;
}

/* Splits operands at top-level commas. */
static void parse_operands(struct rw_prog *p, struct rw_stmt *st, const char *s, size_t n)
{
	const char *part[RW_MAX_OPS + 1];
	size_t plen[RW_MAX_OPS + 1];
	int np = 0, depth = 0;
	size_t start = 0;

	s = trim(s, &n);
	st->optext = rw_strndup(s, n);
	if (!n)
		return;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] == '"') {
			for (i++; i < n && s[i] != '"'; i++)
				if (s[i] == '\\')
					i++;
			continue;
		}
		if (i < n && s[i] == '(')
			depth++;
		else if (i < n && s[i] == ')')
			depth--;
		else if (i == n || (s[i] == ',' && depth == 0)) {
			if (np == RW_MAX_OPS) {
				rw_error(st, "too many operands in '%s'", st->text);
				st->bad = 1;
				p->nerr++;
				return;
			}
			part[np] = s + start;
			plen[np] = i - start;
			np++;
			start = i + 1;
		}
	}
	st->op = rw_alloc((size_t)np * sizeof *st->op);
	st->nops = np;
	for (int i = 0; i < np; i++) {
		const char *e = rw_parse_operand(part[i], plen[i], &st->op[i]);
		if (e) {
			rw_error(st, "cannot parse operand '%s' of '%s': %s", st->op[i].text, st->text, e);
			st->bad = 1;
			p->nerr++;
		}
	}
}

static void parse_statement(struct rw_prog *p, const char *file, int line, const char *s, size_t n)
{
	for (;;) {
		s = trim(s, &n);
		if (!n)
			return;
		size_t k = label_name(s, n);
		if (k && k < n && s[k] == ':' && (k + 1 == n || s[k + 1] != ':')) {
			struct rw_stmt *st = new_stmt(p, ST_LABEL, file, line);
			st->name = rw_strndup(s, k);
			st->text = rw_strndup(s, k + 1);
			s += k + 1;
			n -= k + 1;
			continue;
		}
		if (k && s[0] != '"' && !isdigit((unsigned char)s[0])) {
			size_t j = k;
			while (j < n && isspace((unsigned char)s[j]))
				j++;
			if (j < n && s[j] == '=' && (j + 1 == n || s[j + 1] != '=')) {
				struct rw_stmt *st = new_stmt(p, ST_ASSIGN, file, line);
				size_t an = n - j - 1;
				const char *a = trim(s + j + 1, &an);
				st->text = rw_strndup(s, n);
				st->name = rw_strndup(s, k);
				st->args = rw_strndup(a, an);
				return;
			}
		}
		break;
	}
	if (s[0] == '.') {
		struct rw_stmt *st = new_stmt(p, ST_DIRECTIVE, file, line);
		size_t k = 0;
		while (k < n && !isspace((unsigned char)s[k]))
			k++;
		size_t an = n - k;
		const char *a = trim(s + k, &an);
		st->text = rw_strndup(s, n);
		char *name = rw_strndup(s, k);
		for (char *c = name; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		st->name = name;
		st->args = rw_strndup(a, an);
		return;
	}
	struct rw_stmt *st = new_stmt(p, ST_INSN, file, line);
	st->text = rw_strndup(s, n);
	size_t i = 0;
	for (;;) {
		while (i < n && isspace((unsigned char)s[i]))
			i++;
		size_t w = i;
		while (i < n && !isspace((unsigned char)s[i]))
			i++;
		if (w == i)
			return; /* prefixes only */
		char *word = rw_strndup(s + w, i - w);
		for (char *c = word; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		if (rw_is_prefix(s + w, i - w)) {
			if (st->npfx == RW_MAX_PFX) {
				rw_error(st, "too many prefixes in '%s'", st->text);
				st->bad = 1;
				p->nerr++;
				return;
			}
			st->pfx[st->npfx++] = word;
			continue;
		}
		st->mnem = word;
		parse_operands(p, st, s + i, n - i);
		return;
	}
}

/* Line markers such as: # 12 "file" (or #line 12 "file"); returns 1 if it was one. */
static int line_marker(const char *s, size_t n, int *line, const char **file)
{
	size_t i = 1;
	if (n < 2 || s[0] != '#')
		return 0;
	if (n > 5 && strncmp(s + 1, "line", 4) == 0)
		i = 5;
	if (i >= n || s[i] != ' ')
		return 0;
	while (i < n && s[i] == ' ')
		i++;
	if (i >= n || !isdigit((unsigned char)s[i]))
		return 0;
	long v = 0;
	while (i < n && isdigit((unsigned char)s[i]) && v < 100000000)
		v = v * 10 + (s[i++] - '0');
	while (i < n && s[i] == ' ')
		i++;
	if (i < n && s[i] == '"') {
		size_t j = ++i;
		while (j < n && s[j] != '"')
			j++;
		if (j < n && j > i)
			*file = rw_strndup(s + i, j - i);
	}
	*line = (int)v - 1;
	return 1;
}

void rw_parse(struct rw_prog *p, const char *fname, const char *src, size_t len)
{
	const char *file = rw_strdup(fname);
	int line = 0, in_comment = 0;
	struct rw_buf clean = { 0, 0, 0 };
	size_t pos = 0;

	while (pos < len) {
		size_t end = pos;
		while (end < len && src[end] != '\n')
			end++;
		const char *s = src + pos;
		size_t n = end - pos;
		pos = end + 1;
		if (n && s[n - 1] == '\r')
			n--;
		line++;
		if (!in_comment && line_marker(s, n, &line, &file))
			continue;
		/* Strip comments and split at ';'. */
		clean.len = 0;
		for (size_t i = 0; i < n; i++) {
			char c = s[i];
			if (in_comment) {
				if (c == '*' && i + 1 < n && s[i + 1] == '/') {
					in_comment = 0;
					i++;
					rw_buf_add(&clean, " ", 1);
				}
				continue;
			}
			if (c == '"') {
				size_t j = i + 1;
				while (j < n && s[j] != '"')
					j += s[j] == '\\' ? 2 : 1;
				if (j > n)
					j = n;
				rw_buf_add(&clean, s + i, j < n ? j - i + 1 : j - i);
				i = j;
				continue;
			}
			if (c == '\'') { /* character constant: 'c, 'c' or '\n' */
				size_t j = i + 1;
				if (j < n && s[j] == '\\')
					j++;
				if (j < n)
					j++;
				if (j < n && s[j] == '\'')
					j++;
				rw_buf_add(&clean, s + i, j - i);
				i = j - 1;
				continue;
			}
			if (c == '#')
				break;
			if (c == '/' && i + 1 < n && s[i + 1] == '*') {
				in_comment = 1;
				i++;
				continue;
			}
			if (c == ';') {
				parse_statement(p, file, line, clean.p, clean.len);
				clean.len = 0;
				continue;
			}
			rw_buf_add(&clean, &c, 1);
		}
		if (clean.len)
			parse_statement(p, file, line, clean.p, clean.len);
	}
	free(clean.p);
}
