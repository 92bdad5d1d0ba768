/*
 * rw.h - shared pieces of zvm-rewrite, the sandboxing assembly rewriter.
 *
 * The rewriter reads AT&T assembly, splits it into statements (labels,
 * directives, instructions), parses instruction operands into a small
 * structure, and writes assembly that the validator accepts once assembled
 * with `.bundle_align_mode 5` (see rewrite.c for the rules it applies).
 *
 * rw_util.c: arena allocation, growable strings, a string set.
 * rw_parse.c: lexing lines into statements, AT&T operands, register names.
 */
#ifndef ZVM_RW_H
#define ZVM_RW_H

#include <stddef.h>

/* ---- rw_util.c ---------------------------------------------------------- */

/* Everything the rewriter allocates lives in one arena, freed at exit. */
void *rw_alloc(size_t n);              /* zeroed; exits on out-of-memory */
char *rw_strndup(const char *s, size_t n);
char *rw_strdup(const char *s);
char *rw_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void rw_free_all(void);

struct rw_buf {
	char *p;
	size_t len, cap;
};
void rw_buf_add(struct rw_buf *b, const char *s, size_t n);
void rw_buf_puts(struct rw_buf *b, const char *s);
void rw_buf_printf(struct rw_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A set of strings (keys are copied into the arena). */
struct rw_set {
	char **slot;
	size_t cap, n;
};
void rw_set_add(struct rw_set *s, const char *key, size_t n);
int rw_set_has(const struct rw_set *s, const char *key, size_t n);

/* ---- rw_parse.c --------------------------------------------------------- */

/* Register classes. */
enum rw_rclass {
	RC_NONE,   /* not a register name */
	RC_GPR64,  /* rax..r15 (num 0..15) */
	RC_GPR32,  /* eax..r15d */
	RC_GPR16,  /* ax..r15w */
	RC_GPR8,   /* al..r15b, spl/bpl/sil/dil */
	RC_GPR8H,  /* ah ch dh bh (num 4..7) */
	RC_RIP,    /* rip */
	RC_EIP,    /* eip */
	RC_RIZ,    /* riz (no index) */
	RC_EIZ,    /* eiz */
	RC_SEG,    /* es cs ss ds fs gs (num 0..5) */
	RC_CTLDBG, /* cr*, dr* */
	RC_OTHER   /* st, st(i), mm, xmm, ymm, zmm, k, bnd, tmm */
};
enum { R_RSP = 4, R_RBP = 5, R_RSI = 6, R_RDI = 7, R_R11 = 11, R_RBX = 3 };
enum { SEG_ES = 0, SEG_CS, SEG_SS, SEG_DS, SEG_FS, SEG_GS };

struct rw_reg {
	enum rw_rclass cls;
	int num;
};
/* Classifies a register name given without '%'; case-insensitive. */
struct rw_reg rw_reg_info(const char *name);
const char *rw_reg_name(enum rw_rclass cls, int num); /* canonical name */

enum rw_opkind { OPK_REG, OPK_IMM, OPK_MEM };

/* One AT&T operand. Strings are arena copies without '%', '$' or '*'. */
struct rw_operand {
	enum rw_opkind kind;
	int star;          /* written with a leading '*' (indirect branch) */
	const char *text;  /* the operand as written (trimmed) */
	/* OPK_REG */
	const char *reg;
	struct rw_reg ri;
	/* OPK_IMM */
	const char *imm;
	/* OPK_MEM: [seg:]disp(base,index,scale); a bare expression is an
	 * absolute memory operand (or a direct branch target) with no group. */
	int seg;           /* -1, or SEG_* */
	const char *disp;  /* "" when absent */
	int group;         /* a (base,index,scale) group was written */
	const char *base, *index, *scale; /* NULL when absent */
	struct rw_reg bi, ii;
};

#define RW_MAX_OPS 6
#define RW_MAX_PFX 8

enum rw_kind { ST_LABEL, ST_DIRECTIVE, ST_INSN, ST_ASSIGN };

struct rw_stmt {
	enum rw_kind kind;
	const char *file;  /* source position, for messages */
	int line;
	const char *text;  /* the statement as written (trimmed, comments gone) */
	/* ST_LABEL: the name; ST_DIRECTIVE: the directive (".section"), args
	 * in `args`; ST_ASSIGN: `name = expr` (name in `name`, expr in args). */
	const char *name;
	const char *args;
	/* ST_INSN */
	int npfx;
	const char *pfx[RW_MAX_PFX];
	const char *mnem;  /* lower case; NULL for a prefix-only statement */
	const char *optext; /* operands as written */
	int nops;
	struct rw_operand *op; /* nops entries, arena-allocated */
	int bad;           /* an operand did not parse (already reported) */
	/* filled by the analysis */
	int exec;          /* inside an executable section */
	int debug;         /* inside a .debug* section */
	int align;         /* emit .p2align 5 before this statement */
};

struct rw_prog {
	struct rw_stmt *s;
	size_t n, cap;
	int nerr;          /* parse errors already reported */
};

/*
 * Splits the whole input into statements: strips comments (# and C style),
 * splits on ';' and after labels, honours "# LINE "FILE"" markers. Operand
 * parse errors are reported on stderr and counted in prog->nerr.
 */
void rw_parse(struct rw_prog *prog, const char *fname, const char *src, size_t len);

/* Parses one operand; returns 0 on success or an error text. */
const char *rw_parse_operand(const char *s, size_t n, struct rw_operand *op);

/* Is this word an instruction prefix (lock, rep, addr32, ...)? */
int rw_is_prefix(const char *w, size_t n);

/* Reports an error on stderr as "file:line: message". */
void rw_error(const struct rw_stmt *st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
