/*
 * zvm-rewrite - turns x32 AT&T assembly into sandboxed assembly.
 *
 *   zvm-rewrite [-mret=inplace|pop] [-mavx] [-o OUT] [IN]
 *
 * Reads what `clang --target=x86_64-linux-gnux32 -S` emits (or hand-written
 * .s / preprocessed .S) and writes assembly that, assembled by clang's
 * integrated assembler, obeys the validator's rules (DESIGN.md section 3):
 *
 *  - `.bundle_align_mode 5` first: no instruction crosses a 32-byte bundle.
 *  - Every memory operand is 32-bit addressed, so the assembler emits 0x67:
 *    (%rdi) -> (%edi), x(%rip) -> x(%eip), a bare absolute `sym` ->
 *    `sym(,%eiz,1)`. lea computes no access and keeps its 64-bit address
 *    (rewriting it would change 64-bit arithmetic done with lea); long nops
 *    keep theirs too. Null segment overrides (cs ds es ss) are dropped;
 *    %fs/%gs are refused (TLS goes through -femulated-tls).
 *  - String instructions and xlat become `addr32 [rep] movsq` inside a
 *    .bundle_lock: LLVM MC emits `addr32` as a separate prefix instruction
 *    that bundle padding could separate from its instruction, and its
 *    explicit-operand forms encode `rep stosq %rax,%es:(%edi)` with REX.W
 *    before 0x67 (REX.W then ignored): both checked with objdump.
 *  - Indirect branches are masked in one locked bundle
 *    (andl $-32,%eR; jmp/call *%rR); memory-indirect ones load %r11 first.
 *  - Calls are `.bundle_lock align_to_end`, so they end at a bundle end and
 *    return addresses are bundle starts.
 *  - `ret` becomes the in-place return (the default, -mret=inplace):
 *    movl (%esp),%r11d; andl $-32,%r11d; movq %r11,(%esp); ret, one locked
 *    group, which keeps the CPU's return-address prediction, and whose one
 *    8-byte store can forward to ret's 8-byte load; or with -mret=pop,
 *    `popq %r11` + a masked jmp. `ret $N` always uses the pop form with
 *    `addl $N,%esp`. Both are rule 5's forms (make bench's return-form
 *    tables measure them against each other and a plain ret).
 *  - 64-bit writes to rsp become 32-bit writes to esp (subq $N,%rsp ->
 *    subl $N,%esp, leave -> movl %ebp,%esp; popq %rbp); others are refused.
 *  - Functions, global labels and every code label whose address is taken
 *    (referenced from data, such as jump tables and computed-goto tables,
 *    or from a non-branch operand) are aligned to 32 bytes.
 *  - Instructions and directives that cannot be made safe (syscall, int,
 *    rdtsc, cpuid, pushf, xsave, endbr64, segment registers, data in code,
 *    assembler macros, ...) are refused: "file:line: cannot sandbox 'INSN':
 *    why" on stderr, exit status 1 and no output.
 *
 * %r11 is the rewriter's scratch register. clang 14 has no option to reserve
 * it on x86 (-ffixed-r11 is rejected, and -mllvm --reserve-r11 exists only in
 * LFI's patched LLVM), so the rewriter only clobbers it where the SysV ABI
 * makes it dead: at a return, and right before a call or a jump
 * through memory. A jump through memory could also be an intra-function jump
 * with %r11 live, so it is refused when the file uses %r11 anywhere.
 * clang's x32 output never branches through memory (pointers are 4 bytes,
 * an indirect branch through memory reads 8), so this only concerns
 * hand-written assembly.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/version.h"
#include "toolchain/rw.h"

struct opts {
	int ret_pop;   /* -mret=pop, or -mret=inplace (the default) */
	int avx;       /* -mavx: let VEX-encoded AVX/AVX2 through */
};

struct ctx {
	struct rw_prog prog;
	struct opts o;
	struct rw_set funcs;   /* .type NAME,@function */
	struct rw_set globals; /* .globl / .weak */
	struct rw_set refs;    /* names referenced other than as a direct branch target */
	char *numref;          /* per statement: a numeric label referenced that way */
	int uses_r11;
	int nerr;
	struct rw_buf out;
};

/* ---- small helpers ------------------------------------------------------- */

static int streq(const char *a, const char *b) { return strcmp(a, b) == 0; }
static int starts(const char *s, const char *p) { return strncmp(s, p, strlen(p)) == 0; }

/* "name" followed by one of the suffixes in sfx (a string of letters), or alone. */
static int is_sized(const char *m, const char *name, const char *sfx)
{
	size_t n = strlen(name);
	if (strncmp(m, name, n) != 0)
		return 0;
	return m[n] == 0 || (m[n + 1] == 0 && strchr(sfx, m[n]) != 0);
}

static void refuse(struct ctx *c, const struct rw_stmt *st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void refuse(struct ctx *c, const struct rw_stmt *st, const char *fmt, ...)
{
	char why[300];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	if (c->nerr < 100)
		rw_error(st, "cannot sandbox '%s': %s", st->text, why);
	c->nerr++;
}

static void emit(struct ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void emit(struct ctx *c, const char *fmt, ...)
{
	char small[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < sizeof small) {
		rw_buf_add(&c->out, small, (size_t)n);
		return;
	}
	va_start(ap, fmt);
	n = vsnprintf(0, 0, fmt, ap);
	va_end(ap);
	char *p = rw_alloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	rw_buf_add(&c->out, p, (size_t)n);
}

/* ---- sections ------------------------------------------------------------ */

struct sect {
	int exec, debug;
};

/* The section a .section/.pushsection argument list names. */
static struct sect section_of(const char *args)
{
	struct sect s = { 0, 0 };
	char name[256];
	size_t n = 0;
	const char *p = args;

	if (*p == '"') {
		for (p++; *p && *p != '"' && n < sizeof name - 1; p++)
			name[n++] = *p;
		if (*p == '"')
			p++;
	} else {
		while (*p && *p != ',' && !isspace((unsigned char)*p) && n < sizeof name - 1)
			name[n++] = *p++;
	}
	name[n] = 0;
	s.debug = starts(name, ".debug") || starts(name, ".zdebug");
	while (*p && *p != ',')
		p++;
	if (*p == ',') {
		p++;
		while (isspace((unsigned char)*p))
			p++;
		if (*p == '"') {
			for (p++; *p && *p != '"'; p++)
				if (*p == 'x')
					s.exec = 1;
			return s;
		}
	}
	s.exec = starts(name, ".text") || streq(name, ".init") || streq(name, ".fini");
	return s;
}

/* ---- the analysis: which labels need 32-byte alignment ------------------- */

struct numlabel {
	char name[24];
	long last;        /* statement index of the latest definition, -1 none */
	size_t pending;   /* forward references waiting for the next definition */
};

struct numtab {
	struct numlabel *v;
	size_t n, cap;
};

static struct numlabel *numlabel(struct numtab *t, const char *name, size_t len)
{
	if (len >= sizeof t->v[0].name)
		return 0;
	for (size_t i = 0; i < t->n; i++)
		if (strlen(t->v[i].name) == len && memcmp(t->v[i].name, name, len) == 0)
			return &t->v[i];
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		struct numlabel *v = rw_alloc(cap * sizeof *v);
		if (t->n)
			memcpy(v, t->v, t->n * sizeof *v);
		t->v = v;
		t->cap = cap;
	}
	struct numlabel *l = &t->v[t->n++];
	memset(l, 0, sizeof *l);
	memcpy(l->name, name, len);
	l->last = -1;
	return l;
}

/* A reference to numeric label NAME, backward ("1b") or forward ("1f"). */
static void numref(struct ctx *c, struct numtab *t, const char *name, size_t len, int fwd)
{
	struct numlabel *l = numlabel(t, name, len);
	if (!l)
		return;
	if (fwd)
		l->pending++;
	else if (l->last >= 0)
		c->numref[l->last] = 1;
}

static void numdef(struct ctx *c, struct numtab *t, const char *name, long idx)
{
	struct numlabel *l = numlabel(t, name, strlen(name));
	if (!l)
		return;
	if (l->pending)
		c->numref[idx] = 1;
	l->pending = 0;
	l->last = idx;
}

static int ident_start(int ch) { return isalpha(ch) || ch == '_' || ch == '.' || ch == '$'; }
static int ident_char(int ch) { return isalnum(ch) || ch == '_' || ch == '.' || ch == '$'; }

/* Records every symbol an expression mentions as referenced. */
static void collect_refs(struct ctx *c, struct numtab *t, const char *s)
{
	size_t n = strlen(s), i = 0;
	while (i < n) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == '"') {
			size_t j = i + 1;
			while (j < n && s[j] != '"')
				j += s[j] == '\\' ? 2 : 1;
			if (j > n)
				j = n;
			rw_set_add(&c->refs, s + i, j < n ? j - i + 1 : j - i);
			i = j + 1;
		} else if (ch == '%' || ch == '@') { /* register, relocation specifier */
			i++;
			while (i < n && ident_char((unsigned char)s[i]))
				i++;
		} else if (ch == '\'') { /* character constant */
			i += (i + 1 < n && s[i + 1] == '\\') ? 3 : 2;
		} else if (ident_start(ch)) {
			size_t j = i;
			while (j < n && ident_char((unsigned char)s[j]))
				j++;
			if (j - i > 1 || ch != '.')
				rw_set_add(&c->refs, s + i, j - i);
			i = j;
		} else if (isdigit(ch)) {
			size_t j = i;
			while (j < n && isdigit((unsigned char)s[j]))
				j++;
			size_t k = j;
			while (k < n && (isalnum((unsigned char)s[k]) || s[k] == '_'))
				k++;
			if (k == j + 1 && (s[j] == 'b' || s[j] == 'f'))
				numref(c, t, s + i, j - i, s[j] == 'f');
			i = k;
		} else {
			i++;
		}
	}
}

static const char *const DATA_DIRECTIVES[] = {
	".byte", ".short", ".hword", ".word", ".value", ".2byte", ".long", ".int", ".4byte",
	".quad", ".8byte", ".octa", ".ascii", ".asciz", ".string", ".string8", ".string16",
	".string32", ".string64", ".zero", ".skip", ".space", ".fill", ".float", ".single",
	".double", ".tfloat", ".uleb128", ".sleb128", ".incbin", ".org", ".insn", ".inst",
	".dc", ".dc.a", ".dc.b", ".dc.d", ".dc.l", ".dc.s", ".dc.w", ".dc.x", ".ds", ".ds.b",
	".ds.d", ".ds.l", ".ds.p", ".ds.s", ".ds.w", ".ds.x", ".dcb", ".bss_zero", 0
};

static int in_list(const char *const *list, const char *s)
{
	for (int i = 0; list[i]; i++)
		if (streq(list[i], s))
			return 1;
	return 0;
}

/*
 * Statements that emit nothing and may sit between labels of one address
 * (alignment directives and .size, which closes the previous function, end
 * a group).
 */
static int transparent(const struct rw_stmt *st)
{
	static const char *const D[] = { ".type", ".globl", ".global", ".weak", ".hidden",
					 ".protected", ".internal", ".local", ".loc", ".file", 0 };
	if (st->kind == ST_LABEL)
		return 1;
	if (st->kind != ST_DIRECTIVE)
		return 0;
	return in_list(D, st->name) || starts(st->name, ".cfi_");
}

/* Is this instruction a branch whose operand is a code address? */
static int direct_branch(const char *m)
{
	if (m[0] == 'j' || starts(m, "call") || starts(m, "loop") || starts(m, "xbegin"))
		return 1;
	return 0;
}

static void add_names(struct rw_set *set, const char *args)
{
	const char *p = args;
	while (*p) {
		while (*p == ',' || isspace((unsigned char)*p))
			p++;
		const char *q = p;
		while (*q && *q != ',' && !isspace((unsigned char)*q))
			q++;
		if (q > p)
			rw_set_add(set, p, (size_t)(q - p));
		p = q;
	}
}

static void note_r11(struct ctx *c, struct rw_reg r)
{
	if ((r.cls == RC_GPR64 || r.cls == RC_GPR32 || r.cls == RC_GPR16 || r.cls == RC_GPR8) &&
	    r.num == R_R11)
		c->uses_r11 = 1;
}

static void analyse(struct ctx *c)
{
	struct rw_prog *p = &c->prog;
	struct sect cur = { 1, 0 }, prev = { 0, 0 }, stack[64];
	int depth = 0;
	struct numtab nt = { 0, 0, 0 };

	c->numref = rw_alloc(p->n + 1);
	for (size_t i = 0; i < p->n; i++) {
		struct rw_stmt *st = &p->s[i];
		st->exec = cur.exec;
		st->debug = cur.debug;
		switch (st->kind) {
		case ST_LABEL:
			if (isdigit((unsigned char)st->name[0]))
				numdef(c, &nt, st->name, (long)i);
			break;
		case ST_ASSIGN:
			collect_refs(c, &nt, st->args);
			break;
		case ST_INSN:
			if (!st->mnem || st->bad)
				break;
			for (int k = 0; k < st->nops; k++) {
				const struct rw_operand *o = &st->op[k];
				note_r11(c, o->ri);
				note_r11(c, o->bi);
				note_r11(c, o->ii);
				if (o->kind == OPK_IMM)
					collect_refs(c, &nt, o->imm);
				else if (o->kind == OPK_MEM &&
					 (o->star || o->group || o->seg >= 0 || !direct_branch(st->mnem)))
					collect_refs(c, &nt, o->disp);
			}
			break;
		case ST_DIRECTIVE: {
			const char *d = st->name;
			struct sect next = cur;
			if (streq(d, ".text"))
				next = (struct sect){ 1, 0 };
			else if (streq(d, ".data") || streq(d, ".bss") || streq(d, ".rodata"))
				next = (struct sect){ 0, 0 };
			else if (streq(d, ".section"))
				next = section_of(st->args);
			else if (streq(d, ".pushsection")) {
				if (depth < 64)
					stack[depth++] = cur;
				next = section_of(st->args);
			} else if (streq(d, ".popsection")) {
				if (depth > 0)
					next = stack[--depth];
			} else if (streq(d, ".previous")) {
				next = prev;
			} else if (streq(d, ".type")) {
				const char *comma = strchr(st->args, ',');
				if (comma && (strstr(comma, "function") || strstr(comma, "STT_FUNC"))) {
					size_t n = (size_t)(comma - st->args);
					while (n && isspace((unsigned char)st->args[n - 1]))
						n--;
					rw_set_add(&c->funcs, st->args, n);
				}
			} else if (streq(d, ".globl") || streq(d, ".global") || streq(d, ".weak")) {
				add_names(&c->globals, st->args);
			} else if (!cur.debug && (in_list(DATA_DIRECTIVES, d) || streq(d, ".set") ||
						  streq(d, ".equ") || streq(d, ".equiv") ||
						  streq(d, ".eqv") || streq(d, ".reloc"))) {
				const char *a = st->args;
				if (!in_list(DATA_DIRECTIVES, d) && strchr(a, ','))
					a = strchr(a, ',') + 1;
				collect_refs(c, &nt, a);
			}
			if (streq(d, ".text") || streq(d, ".data") || streq(d, ".bss") ||
			    streq(d, ".rodata") || streq(d, ".section") || streq(d, ".pushsection") ||
			    streq(d, ".popsection") || streq(d, ".previous")) {
				if (!streq(d, ".popsection"))
					prev = cur;
				cur = next;
			}
			break;
		}
		}
	}

	/* Decide which labels to align, and align the first label of their group. */
	for (size_t i = 0; i < p->n; i++) {
		struct rw_stmt *st = &p->s[i];
		if (st->kind != ST_LABEL || !st->exec)
			continue;
		const char *nm = st->name;
		size_t n = strlen(nm);
		int need;
		if (isdigit((unsigned char)nm[0]))
			need = c->numref[i];
		else
			need = rw_set_has(&c->funcs, nm, n) || rw_set_has(&c->globals, nm, n) ||
			       rw_set_has(&c->refs, nm, n);
		if (!need)
			continue;
		size_t first = i;
		for (size_t k = i; k-- > 0 && transparent(&p->s[k]);)
			if (p->s[k].kind == ST_LABEL)
				first = k;
		p->s[first].align = 1;
	}
}

/* ---- operands out -------------------------------------------------------- */

/* A memory operand with a 32-bit address; NULL (after refusing) if impossible. */
static const char *mem32(struct ctx *c, const struct rw_stmt *st, const struct rw_operand *o)
{
	const char *b = 0, *x = 0;

	if (o->seg == SEG_FS || o->seg == SEG_GS) {
		refuse(c, st, "%%%s: segment override (TLS must use -femulated-tls)", o->seg == SEG_FS ? "fs" : "gs");
		return 0;
	}
	if (o->base) {
		switch (o->bi.cls) {
		case RC_GPR64: b = rw_reg_name(RC_GPR32, o->bi.num); break;
		case RC_GPR32: b = rw_reg_name(RC_GPR32, o->bi.num); break;
		case RC_RIP:
		case RC_EIP: b = "eip"; break;
		default:
			refuse(c, st, "%%%s cannot be an address register", o->base);
			return 0;
		}
	}
	if (o->index) {
		switch (o->ii.cls) {
		case RC_GPR64:
		case RC_GPR32:
			if (o->ii.num == R_RSP) {
				refuse(c, st, "%%%s cannot be an index register", o->index);
				return 0;
			}
			x = rw_reg_name(RC_GPR32, o->ii.num);
			break;
		case RC_RIZ:
		case RC_EIZ: x = "eiz"; break;
		default:
			refuse(c, st, "%%%s cannot be an index register", o->index);
			return 0;
		}
	}
	if (o->base && o->index && o->bi.cls != RC_RIP && o->bi.cls != RC_EIP &&
	    (o->bi.cls == RC_GPR64) != (o->ii.cls == RC_GPR64 || o->ii.cls == RC_RIZ)) {
		refuse(c, st, "address registers of different sizes");
		return 0;
	}
	if (o->scale && !x) {
		refuse(c, st, "scale without an index register");
		return 0;
	}
	if (!b && !x) /* absolute: a SIB form with no base and no index, plus 0x67 */
		return rw_printf("%s(,%%eiz,1)", o->disp[0] ? o->disp : "0");
	return rw_printf("%s(%s%s%s%s%s%s)", o->disp, b ? "%" : "", b ? b : "", x ? ",%" : "",
			 x ? x : "", o->scale ? "," : "", o->scale ? o->scale : "");
}

/* ---- instruction classes ------------------------------------------------- */

/* Mnemonics refused outright (a trailing '*' matches any suffix). */
static const char *const FORBIDDEN[] = {
	"syscall", "sysenter", "sysexit*", "sysret*", "int", "int1", "int3", "into", "icebp",
	"iret*", "lret*", "ljmp*", "lcall*", "rdtsc", "rdtscp", "rdpmc", "rdpid", "rdpru",
	"rdrand*", "rdseed*", "cpuid", "xgetbv", "xsetbv", "pushf*", "popf*", "xsave*",
	"xrstor*", "fxsave*", "fxrstor*", "endbr64", "endbr32", "in", "inb", "inw", "inl",
	"out", "outb", "outw", "outl", "ins", "insb", "insw", "insl", "insd", "outs", "outsb",
	"outsw", "outsl", "outsd", "monitor*", "mwait*", "umonitor", "umwait", "tpause",
	"serialize", "ptwrite*", "xbegin*", "xend", "xabort", "xtest", "xsusldtrk", "xresldtrk",
	"wrpkru", "rdpkru", "clflush*", "clwb", "cldemote", "swapgs", "rdfsbase*", "rdgsbase*",
	"wrfsbase*", "wrgsbase*", "sgdt*", "sidt*", "sldt*", "str", "strl", "strq", "strw",
	"smsw*", "lgdt*", "lidt*", "lldt*", "ltr*", "lmsw*", "lar*", "lsl*", "verr", "verw",
	"cli", "sti", "clts", "invd", "wbinvd", "wbnoinvd", "invlpg*", "invpcid", "rdmsr",
	"wrmsr", "rsm", "ud0*", "ud1*", "enter*", "lds*", "les*", "lfs*", "lgs*", "lss*",
	"bound*", "arpl", "aaa", "aad", "aam", "aas", "daa", "das", "salc", "pusha*", "popa*",
	"movdir64b", "movdiri", "enqcmd*", "clzero", "maskmov*", "bndmk", "bndcl", "bndcu",
	"bndcn", "bndmov", "bndldx", "bndstx", "incssp*", "rdssp*", "wrss*", "wruss*",
	"setssbsy", "rstorssp", "saveprevssp", "clrssbsy", "uiret", "senduipi", "stui", "clui",
	"testui", "enclu", "encls", "enclv", "getsec", "hreset", "tileload*", "tilestore*",
	"ldtilecfg", "sttilecfg", "tilerelease", "tilezero", "tdp*", "movnt*", "vmcall",
	"vmlaunch", "vmresume", "vmxoff", "vmxon", "vmptrld", "vmptrst", "vmread", "vmwrite",
	"vmclear", "vmfunc", "vmrun", "vmload", "vmsave", "vmmcall", "stgi",
	"clgi", "skinit", "invlpga", "femms", "prefetch", "pf*", "pi2f*", "pswapd", "pmulhrw",
	"pavgusb", "movbe*", "adcx*", "adox*", "aes*", "sha1*", "sha256*", "pclmul*",
	"gf2p8*", "andn", "andnl", "andnq", "bextr*", "blsi*", "blsr*", "blsmsk*", "bzhi*",
	"mulx*", "pdep", "pdepl", "pdepq",
	"pext", "pextl", "pextq", "rorx*", "sarx*", "shlx*", "shrx*", 0
};

static int forbidden(const char *m)
{
	for (int i = 0; FORBIDDEN[i]; i++) {
		const char *f = FORBIDDEN[i];
		size_t n = strlen(f);
		if (f[n - 1] == '*' ? strncmp(m, f, n - 1) == 0 : streq(m, f))
			return 1;
	}
	return 0;
}

/* String instruction? Sets *base ("movs"...) and *size ('b','w','l','q' or 0). */
static int string_insn(const struct rw_stmt *st, const char **base, char *size)
{
	static const char *const S[] = { "movs", "stos", "lods", "scas", "cmps", 0 };
	const char *m = st->mnem;
	for (int i = 0; S[i]; i++) {
		if (!starts(m, S[i]))
			continue;
		const char *r = m + 4;
		*base = S[i];
		if (!*r) {
			*size = 0;
			return 1;
		}
		if (r[1])
			return 0;
		if (strchr("bwlq", r[0])) {
			*size = r[0];
			return 1;
		}
		if (r[0] == 'd') { /* movsd/cmpsd: SSE when a register operand is there */
			for (int k = 0; k < st->nops; k++)
				if (st->op[k].kind != OPK_MEM)
					return 0;
			*size = 'l';
			return 1;
		}
		return 0;
	}
	return 0;
}

/* Rewrites one string instruction (or xlat). */
static void do_string(struct ctx *c, const struct rw_stmt *st, const char *base, char size,
		      const char **pfx, int npfx)
{
	const char *rep = 0;
	int xlat = streq(base, "xlat");

	for (int i = 0; i < npfx; i++) {
		const char *p = pfx[i];
		if (!xlat && (streq(p, "rep") || streq(p, "repe") || streq(p, "repz") ||
			      streq(p, "repne") || streq(p, "repnz")) && !rep)
			rep = p;
		else if (!streq(p, "addr32") && !streq(p, "ds") && !streq(p, "es") &&
			 !streq(p, "cs") && !streq(p, "ss")) {
			refuse(c, st, "prefix '%s' on a string instruction", p);
			return;
		}
	}
	for (int k = 0; k < st->nops; k++) {
		const struct rw_operand *o = &st->op[k];
		if (o->kind == OPK_REG && o->ri.num == 0 &&
		    (o->ri.cls == RC_GPR8 || o->ri.cls == RC_GPR16 || o->ri.cls == RC_GPR32 ||
		     o->ri.cls == RC_GPR64) && !xlat) {
			char s = o->ri.cls == RC_GPR8 ? 'b' : o->ri.cls == RC_GPR16 ? 'w' :
				 o->ri.cls == RC_GPR32 ? 'l' : 'q';
			if (size && size != s) {
				refuse(c, st, "operand size does not match the mnemonic");
				return;
			}
			size = s;
			continue;
		}
		if (o->kind == OPK_MEM && !o->star && o->base && !o->index && !o->scale &&
		    (!o->disp[0] || streq(o->disp, "0")) &&
		    (o->bi.cls == RC_GPR64 || o->bi.cls == RC_GPR32) &&
		    (xlat ? o->bi.num == R_RBX : (o->bi.num == R_RSI || o->bi.num == R_RDI))) {
			if (o->seg == SEG_FS || o->seg == SEG_GS) {
				refuse(c, st, "%%fs/%%gs segment override");
				return;
			}
			continue;
		}
		refuse(c, st, "unexpected operand '%s' for a string instruction", o->text);
		return;
	}
	if (!xlat && !size) {
		refuse(c, st, "operand size unknown (use a b/w/l/q suffix)");
		return;
	}
	const char *insn = xlat ? "xlatb" : rw_printf("%s%c", base, size);
	emit(c, "\t.bundle_lock\n\taddr32 %s%s%s\n\t.bundle_unlock\n", rep ? rep : "",
	     rep ? " " : "", insn);
}

/* The return sequence; imm is NULL for a plain ret. */
static void do_ret(struct ctx *c, const char *imm)
{
	if (!c->o.ret_pop && !imm) {
		emit(c, "\t.bundle_lock\n\tmovl\t(%%esp), %%r11d\n\tandl\t$-32, %%r11d\n"
			"\tmovq\t%%r11, (%%esp)\n\tret\n\t.bundle_unlock\n");
		return;
	}
	emit(c, "\tpopq\t%%r11\n");
	if (imm)
		emit(c, "\taddl\t$%s, %%esp\n", imm);
	emit(c, "\t.bundle_lock\n\tandl\t$-32, %%r11d\n\tjmpq\t*%%r11\n\t.bundle_unlock\n");
}

/* call/jmp in all their forms. */
static void do_branch(struct ctx *c, const struct rw_stmt *st, int call, const char **pfx, int npfx)
{
	const char *m = st->mnem;
	for (int i = 0; i < npfx; i++) {
		const char *p = pfx[i];
		if (!streq(p, "notrack") && !streq(p, "bnd") && !streq(p, "addr32") &&
		    !streq(p, "cs") && !streq(p, "ds")) {
			refuse(c, st, "prefix '%s' on a branch", p);
			return;
		}
	}
	if (st->nops != 1) {
		refuse(c, st, "expected one operand");
		return;
	}
	const struct rw_operand *o = &st->op[0];
	const char *lock = call ? "\t.bundle_lock align_to_end\n" : "\t.bundle_lock\n";
	if (o->kind == OPK_REG) {
		if (o->ri.cls != RC_GPR64) {
			refuse(c, st, "indirect branch needs a 64-bit register");
			return;
		}
		emit(c, "%s\tandl\t$-32, %%%s\n\t%s\t*%%%s\n\t.bundle_unlock\n", lock,
		     rw_reg_name(RC_GPR32, o->ri.num), m, rw_reg_name(RC_GPR64, o->ri.num));
		return;
	}
	if (o->kind != OPK_MEM) {
		refuse(c, st, "bad branch operand");
		return;
	}
	if (o->star) {
		/*
		 * Branch through memory. In 64-bit mode an indirect jmp/call
		 * always reads 8 bytes (there is no 32-bit form), but the masked
		 * target is `andl $-32` of the low 4 bytes, which zero-extends:
		 * the upper 4 bytes never matter, so loading 4 bytes (an x32
		 * pointer) into %r11d gives the same target and reads nothing
		 * past the pointer.
		 */
		if (!call && c->uses_r11) {
			refuse(c, st, "a jump through memory needs %%r11 as scratch, and this file uses %%r11");
			return;
		}
		const char *a = mem32(c, st, o);
		if (!a)
			return;
		emit(c, "\tmovl\t%s, %%r11d\n%s\tandl\t$-32, %%r11d\n\t%s\t*%%r11\n\t.bundle_unlock\n",
		     a, lock, m);
		return;
	}
	if (o->group || o->seg >= 0) {
		refuse(c, st, "indirect branch without '*'");
		return;
	}
	if (call)
		emit(c, "\t.bundle_lock align_to_end\n\t%s\t%s\n\t.bundle_unlock\n", m, o->disp);
	else
		emit(c, "\t%s\t%s\n", m, o->disp);
}

/* Mnemonics that may be narrowed when they write %rsp (base name, q suffix). */
static const char *narrowable(const char *m)
{
	static const char *const N[] = { "mov", "add", "sub", "and", "or", "xor", "adc", "sbb",
					 "lea", "neg", "not", "inc", "dec", "shl", "sal", "shr",
					 "sar", "rol", "ror", "imul", 0 };
	for (int i = 0; N[i]; i++)
		if (is_sized(m, N[i], "q"))
			return N[i];
	return 0;
}

/* Which register operands does the instruction write? (bit k: operand k) */
static unsigned written(const struct rw_stmt *st)
{
	const char *m = st->mnem;
	int n = st->nops;
	if (n == 0)
		return 0;
	if ((starts(m, "cmp") && !starts(m, "cmpxchg")) || starts(m, "test") ||
	    is_sized(m, "bt", "wlq") || starts(m, "push") || starts(m, "ptest") ||
	    starts(m, "ucomis") || starts(m, "comis") || starts(m, "vptest") ||
	    starts(m, "vtest") || starts(m, "vucomis") || starts(m, "vcomis"))
		return 0;
	if (n == 1 && (is_sized(m, "mul", "bwlq") || is_sized(m, "div", "bwlq") ||
		       is_sized(m, "idiv", "bwlq") || is_sized(m, "imul", "bwlq")))
		return 0;
	if (starts(m, "xchg") || starts(m, "xadd"))
		return (1u << n) - 1;
	if (starts(m, "mulx") && n >= 2)
		return 3u << (n - 2);
	return 1u << (n - 1);
}

/* Instructions that take a lock prefix (with a memory destination). */
static int lockable(const char *m)
{
	static const char *const L[] = { "add", "adc", "and", "btc", "btr", "bts", "cmpxchg",
					 "dec", "inc", "neg", "not", "or", "sbb", "sub", "xor",
					 "xadd", "xchg", 0 };
	for (int i = 0; L[i]; i++)
		if (is_sized(m, L[i], "bwlq"))
			return 1;
	return streq(m, "cmpxchg8b") || streq(m, "cmpxchg16b");
}

static const char *const HINTS[] = { "notrack", "bnd", "cs", "ds", "es", "ss", 0 };

/* Everything that is not a branch, a return or a string instruction. */
static void do_general(struct ctx *c, const struct rw_stmt *st, const char **pfx, int npfx)
{
	const char *m = st->mnem;
	const char *keep[RW_MAX_PFX];
	int nkeep = 0, locked = 0, addr32 = 0;

	for (int i = 0; i < npfx; i++) {
		const char *p = pfx[i];
		if (in_list(HINTS, p))
			continue;
		if (streq(p, "fs") || streq(p, "gs")) {
			refuse(c, st, "%s prefix (TLS must use -femulated-tls)", p);
			return;
		}
		if (streq(p, "xacquire") || streq(p, "xrelease") || streq(p, "addr16")) {
			refuse(c, st, "prefix '%s'", p);
			return;
		}
		if (streq(p, "addr32")) {
			addr32 = 1;
			continue;
		}
		if (!streq(p, "lock") && !starts(p, "rep") && p[0] != '{')
			locked = 1; /* data16, rex...: LLVM emits them as separate instructions */
		keep[nkeep++] = p;
	}

	int lea = is_sized(m, "lea", "wlq");
	int nop = starts(m, "nop");
	int hasmem = 0;
	const char *ops[RW_MAX_OPS];

	if (starts(m, "movabs")) {
		for (int k = 0; k < st->nops; k++)
			if (st->op[k].kind == OPK_MEM)
				m = rw_printf("mov%s", m + 6); /* moffs form: plain mov + SIB */
	}
	if (is_sized(m, "bt", "wlq") || is_sized(m, "btc", "wlq") || is_sized(m, "btr", "wlq") ||
	    is_sized(m, "bts", "wlq")) {
		if (st->nops == 2 && st->op[0].kind == OPK_REG && st->op[1].kind == OPK_MEM) {
			refuse(c, st, "bit test of memory with a register bit offset (the offset escapes the 32-bit address)");
			return;
		}
	}

	if (streq(m, "pushw") || streq(m, "popw") ||
	    ((streq(m, "push") || streq(m, "pop")) && st->nops == 1 &&
	     st->op[0].kind == OPK_REG && st->op[0].ri.cls == RC_GPR16)) {
		refuse(c, st, "16-bit push or pop");
		return;
	}
	for (int i = 0; i < nkeep; i++) {
		if (starts(keep[i], "rep") && !streq(m, "nop") && !is_sized(m, "bsf", "wlq") &&
		    !is_sized(m, "bsr", "wlq")) {
			/* rep nop is pause, rep bsf/bsr are tzcnt/lzcnt */
			refuse(c, st, "%s prefix on a non-string instruction", keep[i]);
			return;
		}
		if (!streq(keep[i], "lock"))
			continue;
		if (!lockable(m) || !st->nops || st->op[st->nops - 1].kind != OPK_MEM) {
			refuse(c, st, "lock needs a lockable instruction with a memory destination");
			return;
		}
	}

	/* Writes to rsp: 32-bit writes to esp are fine, 64-bit ones are narrowed. */
	unsigned w = written(st);
	int narrow = 0;
	for (int k = 0; k < st->nops; k++) {
		const struct rw_operand *o = &st->op[k];
		if (!(w >> k & 1) || o->kind != OPK_REG || o->ri.num != R_RSP)
			continue;
		if (o->ri.cls == RC_GPR16 || o->ri.cls == RC_GPR8) {
			refuse(c, st, "8- or 16-bit write to the stack pointer");
			return;
		}
		if (o->ri.cls == RC_GPR64) {
			if (!narrowable(m) || k != st->nops - 1) {
				refuse(c, st, "64-bit write to %%rsp");
				return;
			}
			narrow = 1;
		}
	}
	if (narrow) {
		for (int k = 0; k < st->nops; k++) {
			const struct rw_operand *o = &st->op[k];
			if (o->kind == OPK_REG && o->ri.cls != RC_GPR64 && o->ri.cls != RC_GPR8) {
				refuse(c, st, "cannot narrow the write to %%rsp");
				return;
			}
		}
		m = rw_printf("%sl", narrowable(m));
	}

	for (int k = 0; k < st->nops; k++) {
		const struct rw_operand *o = &st->op[k];
		if (o->star) {
			refuse(c, st, "'*' operand on a non-branch");
			return;
		}
		if (o->kind == OPK_REG) {
			if (o->ri.cls == RC_SEG) {
				refuse(c, st, "segment register");
				return;
			}
			if (o->ri.cls == RC_CTLDBG) {
				refuse(c, st, "control or debug register");
				return;
			}
			if (o->ri.cls == RC_RIP || o->ri.cls == RC_EIP || o->ri.cls == RC_RIZ ||
			    o->ri.cls == RC_EIZ) {
				refuse(c, st, "bad register operand");
				return;
			}
			ops[k] = narrow && o->ri.cls == RC_GPR64
					 ? rw_printf("%%%s", rw_reg_name(RC_GPR32, o->ri.num))
					 : o->text;
		} else if (o->kind == OPK_IMM) {
			ops[k] = o->text;
		} else {
			hasmem = 1;
			if (o->seg == SEG_FS || o->seg == SEG_GS) {
				refuse(c, st, "%%%s: segment override (TLS must use -femulated-tls)",
				       o->seg == SEG_FS ? "fs" : "gs");
				return;
			}
			if ((lea && !addr32) || nop) { /* no access: the address stays as written */
				ops[k] = o->text;
				continue;
			}
			ops[k] = mem32(c, st, o);
			if (!ops[k])
				return;
		}
	}
	if (addr32 && !hasmem) {
		refuse(c, st, "addr32 prefix without a memory operand");
		return;
	}

	struct rw_buf *b = &c->out;
	if (locked)
		rw_buf_puts(b, "\t.bundle_lock\n");
	rw_buf_puts(b, "\t");
	for (int i = 0; i < nkeep; i++) {
		rw_buf_puts(b, keep[i]);
		rw_buf_puts(b, " ");
	}
	rw_buf_puts(b, m);
	for (int k = 0; k < st->nops; k++) {
		rw_buf_puts(b, k ? ", " : "\t");
		rw_buf_puts(b, ops[k]);
	}
	rw_buf_puts(b, "\n");
	if (locked)
		rw_buf_puts(b, "\t.bundle_unlock\n");
}

static void do_insn(struct ctx *c, const struct rw_stmt *st, const char **pfx, int npfx)
{
	const char *m = st->mnem;
	const char *base;
	char size;

	for (int i = 0; i < npfx; i++)
		if (streq(pfx[i], "fs") || streq(pfx[i], "gs")) {
			refuse(c, st, "%s prefix (TLS must use -femulated-tls)", pfx[i]);
			return;
		}
	for (int k = 0; k < st->nops; k++)
		if (st->op[k].kind == OPK_MEM && (st->op[k].seg == SEG_FS || st->op[k].seg == SEG_GS)) {
			refuse(c, st, "%%%s: segment override (TLS must use -femulated-tls)",
			       st->op[k].seg == SEG_FS ? "fs" : "gs");
			return;
		}
	if (forbidden(m)) {
		refuse(c, st, "instruction not allowed in the sandbox");
		return;
	}
	if (m[0] == 'v') { /* VEX/EVEX (AVX) */
		if (!c->o.avx) {
			refuse(c, st, "AVX (VEX-encoded) instruction; not allowed without -mavx");
			return;
		}
		if (strstr(m, "gather") || strstr(m, "scatter") || strstr(m, "maskmov")) {
			refuse(c, st, "gathers, scatters and masked moves are not allowed");
			return;
		}
	}

	/* Returns. */
	if (streq(m, "ret") || streq(m, "retq")) {
		for (int i = 0; i < npfx; i++)
			if (!starts(pfx[i], "rep") && !in_list(HINTS, pfx[i])) {
				refuse(c, st, "prefix '%s' on ret", pfx[i]);
				return;
			}
		if (st->nops == 0)
			do_ret(c, 0);
		else if (st->nops == 1 && st->op[0].kind == OPK_IMM)
			do_ret(c, st->op[0].imm);
		else
			refuse(c, st, "bad operand for ret");
		return;
	}
	if (streq(m, "retl") || streq(m, "retw")) {
		refuse(c, st, "32- or 16-bit return");
		return;
	}
	/* Calls and jumps. */
	if (streq(m, "call") || streq(m, "callq") || streq(m, "jmp") || streq(m, "jmpq")) {
		do_branch(c, st, m[0] == 'c', pfx, npfx);
		return;
	}
	if (streq(m, "calll") || streq(m, "callw") || streq(m, "jmpl") || streq(m, "jmpw")) {
		refuse(c, st, "32- or 16-bit branch");
		return;
	}
	if (m[0] == 'j' || starts(m, "loop")) {
		if (streq(m, "jecxz") || streq(m, "jcxz") || streq(m, "loopl") || streq(m, "loopw")) {
			refuse(c, st, "branch with a 32-bit counter (addr32) cannot be validated");
			return;
		}
		for (int i = 0; i < npfx; i++)
			if (!in_list(HINTS, pfx[i])) {
				refuse(c, st, "prefix '%s' on a branch", pfx[i]);
				return;
			}
		if (st->nops != 1 || st->op[0].kind != OPK_MEM || st->op[0].star ||
		    st->op[0].group || st->op[0].seg >= 0) {
			refuse(c, st, "conditional branches take a label");
			return;
		}
		emit(c, "\t%s\t%s\n", m, st->op[0].disp);
		return;
	}
	/* String instructions. */
	if (string_insn(st, &base, &size)) {
		do_string(c, st, base, size, pfx, npfx);
		return;
	}
	if (streq(m, "xlat") || streq(m, "xlatb")) {
		do_string(c, st, "xlat", 0, pfx, npfx);
		return;
	}
	/* Frames. */
	if (streq(m, "leave") || streq(m, "leaveq")) {
		if (npfx || st->nops) {
			refuse(c, st, "unexpected prefix or operand");
			return;
		}
		emit(c, "\tmovl\t%%ebp, %%esp\n\tpopq\t%%rbp\n");
		return;
	}
	if (streq(m, "leavel") || streq(m, "leavew")) {
		refuse(c, st, "32- or 16-bit leave");
		return;
	}
	do_general(c, st, pfx, npfx);
}

/* ---- directives ---------------------------------------------------------- */

static void do_directive(struct ctx *c, const struct rw_stmt *st)
{
	static const char *const MACRO[] = {
		".macro", ".endm", ".exitm", ".purgem", ".irp", ".irpc", ".if", ".ifdef", ".ifndef",
		".ifnotdef", ".ifc", ".ifnc", ".ifeq", ".ifeqs", ".ifne", ".ifnes", ".ifge", ".ifgt",
		".ifle", ".iflt", ".ifb", ".ifnb", ".else", ".elseif", ".endif", ".altmacro",
		".noaltmacro", ".include", 0
	};
	const char *d = st->name;

	if (starts(d, ".bundle_")) {
		refuse(c, st, "the input already uses bundling directives");
		return;
	}
	if (streq(d, ".code16") || streq(d, ".code32") || streq(d, ".code16gcc")) {
		refuse(c, st, "only 64-bit code can be sandboxed");
		return;
	}
	if (streq(d, ".intel_syntax")) {
		refuse(c, st, "only AT&T syntax is understood");
		return;
	}
	if (in_list(MACRO, d)) {
		refuse(c, st, "assembler macros and conditionals are not supported");
		return;
	}
	if (st->exec && in_list(DATA_DIRECTIVES, d)) {
		refuse(c, st, "data in an executable section cannot be validated");
		return;
	}
	if (st->exec && (streq(d, ".p2align") || streq(d, ".align") || streq(d, ".balign") ||
			 streq(d, ".p2alignw") || streq(d, ".p2alignl") || streq(d, ".balignw") ||
			 streq(d, ".balignl"))) {
		/* Padding in code must be nops: drop any fill value. */
		const char *a = st->args, *c1 = strchr(a, ',');
		if (!c1) {
			emit(c, "\t%s\n", st->text);
			return;
		}
		const char *c2 = strchr(c1 + 1, ',');
		const char *nd = streq(d, ".p2align") || streq(d, ".p2alignw") || streq(d, ".p2alignl")
					 ? ".p2align" : streq(d, ".align") ? ".align" : ".balign";
		if (c2)
			emit(c, "\t%s\t%.*s,,%s\n", nd, (int)(c1 - a), a, c2 + 1);
		else
			emit(c, "\t%s\t%.*s\n", nd, (int)(c1 - a), a);
		return;
	}
	emit(c, "\t%s\n", st->text);
}

/* ---- driver -------------------------------------------------------------- */

static void rewrite(struct ctx *c)
{
	const char *pend[RW_MAX_PFX];
	int npend = 0;
	const struct rw_stmt *pst = 0;

	emit(c, "\t.bundle_align_mode 5\n");
	for (size_t i = 0; i < c->prog.n; i++) {
		const struct rw_stmt *st = &c->prog.s[i];
		if (npend && !(st->kind == ST_INSN)) {
			refuse(c, pst, "prefix without an instruction");
			npend = 0;
		}
		if (st->align)
			emit(c, "\t.p2align\t5\n");
		switch (st->kind) {
		case ST_LABEL:
			emit(c, "%s:\n", st->name);
			break;
		case ST_ASSIGN:
			emit(c, "\t%s\n", st->text);
			break;
		case ST_DIRECTIVE:
			do_directive(c, st);
			break;
		case ST_INSN:
			if (st->bad) {
				npend = 0;
				break;
			}
			if (!st->mnem) {
				for (int k = 0; k < st->npfx; k++) {
					if (npend == RW_MAX_PFX) {
						refuse(c, st, "too many prefixes");
						break;
					}
					pend[npend++] = st->pfx[k];
				}
				pst = st;
				break;
			}
			{
				const char *all[2 * RW_MAX_PFX];
				int n = 0;
				for (int k = 0; k < npend; k++)
					all[n++] = pend[k];
				for (int k = 0; k < st->npfx; k++)
					all[n++] = st->pfx[k];
				npend = 0;
				if (n > RW_MAX_PFX) {
					refuse(c, st, "too many prefixes");
					break;
				}
				do_insn(c, st, all, n);
			}
			break;
		}
	}
	if (npend)
		refuse(c, pst, "prefix without an instruction");
}

static char *slurp(FILE *f, size_t *len)
{
	struct rw_buf b = { 0, 0, 0 };
	char tmp[65536];
	size_t n;
	while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
		rw_buf_add(&b, tmp, n);
	if (ferror(f)) {
		free(b.p);
		return 0;
	}
	if (!b.p)
		rw_buf_add(&b, "", 0);
	*len = b.len;
	return b.p;
}

static void usage(void)
{
	fputs("usage: zvm-rewrite [-mret=inplace|pop] [-mavx] [-o OUT] [IN]\n", stderr);
	exit(2);
}

/* --help (on stdout, exit 0) and --version, the answers of every command. */
static void help_or_version(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (streq(argv[i], "--help")) {
			fputs("usage: zvm-rewrite [-mret=FORM] [-mavx] [-o OUT] [IN]\n"
			      "Rewrites clang's x32 assembly (IN or stdin) into sandboxed, bundled\n"
			      "assembly (OUT or stdout); zvm-cc runs it.\n", stdout);
			exit(0);
		}
		if (streq(argv[i], "--version")) {
			fputs(ZVM_VERSION_LINE("zvm-rewrite"), stdout);
			exit(0);
		}
	}
}

int main(int argc, char **argv)
{
	struct ctx c;
	const char *in = 0, *outname = 0;

	help_or_version(argc, argv);
	memset(&c, 0, sizeof c);
	c.o.ret_pop = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (streq(a, "-o") && i + 1 < argc)
			outname = argv[++i];
		else if (streq(a, "-mret=inplace"))
			c.o.ret_pop = 0;
		else if (streq(a, "-mret=pop"))
			c.o.ret_pop = 1;
		else if (streq(a, "-mavx"))
			c.o.avx = 1;
		else if (streq(a, "-h") || streq(a, "--help"))
			usage();
		else if (a[0] == '-' && a[1])
			usage();
		else if (!in)
			in = a;
		else
			usage();
	}

	FILE *f = stdin;
	const char *fname = "<stdin>";
	if (in && !streq(in, "-")) {
		f = fopen(in, "rb");
		if (!f) {
			fprintf(stderr, "zvm-rewrite: %s: %s\n", in, strerror(errno));
			return 2;
		}
		fname = in;
	}
	size_t len;
	char *src = slurp(f, &len);
	if (f != stdin)
		fclose(f);
	if (!src) {
		fprintf(stderr, "zvm-rewrite: %s: read error\n", fname);
		return 2;
	}

	rw_parse(&c.prog, fname, src, len);
	int status = 0;
	analyse(&c);
	rewrite(&c);
	if (c.nerr) {
		if (c.nerr > 100)
			fprintf(stderr, "zvm-rewrite: %d more errors\n", c.nerr - 100);
		status = 1;
	}
	if (c.prog.nerr)
		status = 1;
	if (!status) {
		FILE *o = stdout;
		if (outname && !streq(outname, "-")) {
			o = fopen(outname, "wb");
			if (!o) {
				fprintf(stderr, "zvm-rewrite: %s: %s\n", outname, strerror(errno));
				status = 2;
			}
		}
		if (o) {
			if (c.out.len)
				fwrite(c.out.p, 1, c.out.len, o);
			if ((o == stdout ? fflush(o) : fclose(o)) != 0) {
				fprintf(stderr, "zvm-rewrite: %s: write error\n", outname ? outname : "<stdout>");
				status = 2;
			}
		}
	}
	free(src);
	free(c.out.p);
	free(c.prog.s);
	rw_free_all();
	return status;
}
