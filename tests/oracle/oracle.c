/*
 * oracle.c - the soundness oracle: executes code that the validator accepts
 * and checks, one instruction at a time, that it stays in the sandbox.
 *
 * It does not reuse any of the validator's reasoning. A child process builds
 * the sandbox's address space and then removes everything else it had:
 *
 *   [0x10000, 0x20000)        trampoline slots, all hlt          R+X
 *   [0x20000, 0x20000+16M)    the code under test (rest zero)     R+X
 *   [0x20000+16M, 4 GiB)      anonymous memory                    RW
 *   [4 GiB, 5 GiB)            guard                               PROT_NONE
 *   everything else           unmapped (only [vsyscall] remains)
 *
 * The unmapping runs from a stub in the trampoline page at 0x18000, which ends
 * in int3; from then on the child is only a puppet for the tracer, which writes
 * each program through /proc/PID/mem, loads random registers (the high 32
 * bits random too, mostly canonical, so that a missing address truncation
 * faults far above 4 GiB) and single-steps the code with
 * PTRACE_SYSEMU_SINGLESTEP. Before and after every instruction it checks:
 *
 *   - no system call is made (a SYSEMU stop);
 *   - rsp stays at or below 4 GiB (a pop at 4 GiB - 8 legitimately reaches
 *     4 GiB; the next stack access then faults in the guard);
 *   - segment selectors and the fs/gs bases never change;
 *   - rip lies on an instruction start of the code (as objdump decodes it, an
 *     independent decoder), or is a trampoline slot start (the run stops:
 *     ok), or is below 4 GiB in non-executable memory (the next fetch must
 *     fault there: contained); anything else, above 4 GiB in particular, is a
 *     violation;
 *   - after a direct branch, rip is an instruction start or a slot start;
 *     after an indirect branch or ret, rip is a multiple of 32;
 *   - a fault (SIGSEGV/SIGBUS) at an address below 4 GiB is contained, as is
 *     one at exactly 4 GiB (an access that starts below 4 GiB and straddles
 *     it) or in the top 16 bytes of the address space when rsp < 16 (a push
 *     or call with rsp < 8 wraps there: a kernel page, which no process can
 *     map); any other fault address is a violation. A fault without an
 *     address (#GP/#SS) is fine on hlt; otherwise the instruction runs again
 *     with the upper 32 bits of every register cleared: a truncated address
 *     does not change, so the same #GP means a misaligned operand (or the
 *     like), while a changed outcome means a non-canonical address from an
 *     untruncated register: a violation.
 *
 * Modes:
 *   oracle controls                  negative controls (code the validator must
 *                                    reject, run unvalidated: each must be
 *                                    flagged) and positive ones
 *   oracle random [opts]             generated programs, validated, run
 *   oracle files [opts] FILE...      raw code files, loaded at 0x20000
 *   oracle nexe [opts] NEXE...       the text of nexes, from the entry point and
 *                                    from random bundle starts
 *   oracle emit [--seed --count] DIR generated programs, to seed fuzz corpora
 * Options: --seed N --count N (accepted inputs) --time SEC --steps N (per run)
 *          --runs N (per input) --save DIR (violating inputs) --no-validate
 *          --no-objdump -q
 * Exit status: 0 no violation, 1 violations (or failed controls), 2 error.
 */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/rseq.h>
#include <sys/syscall.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "oracle.h"
#include "validator/validator.h"

#define GIB          (1ull << 30)
#define SANDBOX_END  (4 * GIB)
#define GUARD_END    (5 * GIB)
#define TRAMP_START  0x10000ull
#define TRAMP_END    0x20000ull
#define CODE_START   0x20000ull
#define CODE_MAX     (16ull << 20)
#define DATA_START   (CODE_START + CODE_MAX)
#define STUB         0x18000ull
#define STUB_TABLE   (STUB + 0x800)
#define STUB_SLOTS   ((0x1000 - 0x800) / 16 - 1)
#define FS_BASE_VAL  0x600000000000ull /* unmapped, far above the sandbox */
#define GS_BASE_VAL  0x610000000000ull
#define KERNEL_TOP   0xFFFFFFFFFFFFFFF0ull /* where pushes below 0 land */

/* What objdump says about each byte of a program. */
#define K_START    0x01u /* an instruction starts here */
#define K_DIRECT   0x02u /* a direct jmp/jcc/call/loop/jrcxz */
#define K_INDIRECT 0x04u /* jmp/call through a register or memory, ret */
#define K_ALIGNGP  0x08u /* may #GP on a misaligned operand */
#define K_HLT      0x10u
#define K_SYSCALL  0x20u /* syscall, sysenter, int $0x80: a way into the kernel */

struct input {
	char name[96];
	uint8_t *code;
	size_t n;
	uint8_t *kind; /* n bytes, or NULL when unknown */
	uint64_t entry; /* offset of the first run's start */
	int nregs;     /* fixed register values (controls) */
	int reg[4];
	uint64_t val[4];
};

/* Register numbers for fixed values. */
enum { RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8, R9, R10, R11, R12, R13, R14, R15 };

enum outcome {
	O_TRAMP,  /* reached a trampoline slot start */
	O_PAST,   /* reached the hlt padding after the code */
	O_HLT,    /* executed hlt */
	O_FAULT,  /* fault at an address below 4 GiB */
	O_GUARD,  /* fault in the first page of the guard */
	O_WRAP,   /* push below address 0: the kernel's top page */
	O_ALIGN,  /* #GP on an alignment-sensitive instruction */
	O_GP,     /* another #GP/#SS that does not depend on the upper halves */
	O_ILL,
	O_FPE,
	O_TRAP,
	O_LIMIT,  /* step limit */
	O_OTHER,  /* another signal */
	O_VIOL,   /* a violation */
	O_ERROR,  /* the tracer failed */
	O_COUNT
};

static const char *const outcome_name[O_COUNT] = {
	"trampoline", "past-end", "hlt", "fault<4G", "guard-straddle", "stack-wrap",
	"gp-align", "gp-other", "sigill", "sigfpe", "sigtrap", "step-limit", "other-signal",
	"VIOLATION", "error",
};

static struct {
	unsigned long steps_max, runs_per_input;
	int validate, objdump, quiet, verbose;
	const char *save;
} opt = { 10000, 2, 1, 1, 0, 0, NULL };

static struct {
	unsigned long generated, accepted, executions, steps, violations;
	unsigned long outcome[O_COUNT];
} stats;

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "oracle: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(2);
}

/* ---- objdump: an independent view of instruction starts ----------------- */

static int is_prefix_word(const char *w, size_t n)
{
	static const char *const words[] = {
		"addr32", "data16", "data32", "lock", "rep", "repz", "repnz", "repe",
		"repne", "bnd", "notrack", "cs", "ds", "ss", "es", "fs", "gs",
		"xacquire", "xrelease", "{disp32}", "{vex}", "{vex3}", "{evex}", "{rex}",
	};
	if (n >= 3 && strncmp(w, "rex", 3) == 0)
		return 1;
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (strlen(words[i]) == n && strncmp(w, words[i], n) == 0)
			return 1;
	return 0;
}

/* Flags for one line of objdump text; *prefix_only when it has no mnemonic. */
static unsigned classify(const char *text, int *prefix_only)
{
	const char *p = text, *m = NULL;
	size_t mn = 0;
	unsigned k = 0;

	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p || *p == '\n' || *p == '#')
			break;
		const char *w = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\n')
			p++;
		if (!is_prefix_word(w, (size_t)(p - w))) {
			m = w;
			mn = (size_t)(p - w);
			break;
		}
	}
	*prefix_only = m == NULL;
	if (!m)
		return 0;
	while (*p == ' ' || *p == '\t')
		p++;
	const char *ops = p;
#define MN(s) (mn == sizeof(s) - 1 && strncmp(m, s, mn) == 0)
#define MNP(s) (mn >= sizeof(s) - 1 && strncmp(m, s, sizeof(s) - 1) == 0)
	if (MNP("ret") || MNP("lret") || MNP("iret") || MNP("ljmp") || MNP("lcall") ||
	    MNP("sysret") || MNP("sysexit"))
		k |= K_INDIRECT;
	else if (MNP("j") || MNP("call") || MNP("loop"))
		k |= *ops == '*' ? K_INDIRECT : K_DIRECT;
	if (MN("hlt"))
		k |= K_HLT;
	if (MN("syscall") || MN("sysenter") || (MN("int") && strncmp(ops, "$0x80", 5) == 0))
		k |= K_SYSCALL;
	if (strchr(ops, '(') &&
	    (strstr(ops, "%xmm") || strstr(ops, "%ymm") || MNP("ldmxcsr") || MNP("fxrstor") ||
	     MNP("fxsave") || MNP("xrstor") || MNP("xsave") || MNP("cmpxchg16b") ||
	     MNP("cvtpd2pi") || MNP("cvttpd2pi")))
		k |= K_ALIGNGP;
#undef MN
#undef MNP
	return k;
}

/* Fills in[i]->kind for a batch, with one objdump run. */
static void disassemble(struct input **in, size_t count)
{
	char path[] = "/tmp/zvm-oracle-XXXXXX";
	static const uint8_t sep[32] = { [0 ... 31] = 0xF4 };
	size_t *off = malloc((count + 1) * sizeof *off), pos = 0;
	int fd = mkstemp(path);
	if (fd < 0 || !off)
		die("mkstemp: %s", strerror(errno));
	FILE *f = fdopen(fd, "w");
	for (size_t i = 0; i < count; i++) {
		off[i] = pos;
		fwrite(in[i]->code, 1, in[i]->n, f);
		fwrite(sep, 1, sizeof sep, f);
		pos += in[i]->n + sizeof sep;
		free(in[i]->kind);
		in[i]->kind = calloc(in[i]->n ? in[i]->n : 1, 1);
		if (!in[i]->kind)
			die("out of memory");
	}
	off[count] = pos;
	if (fclose(f) != 0)
		die("write %s: %s", path, strerror(errno));
	char cmd[256];
	snprintf(cmd, sizeof cmd,
		 "objdump -D -z -w -b binary -m i386:x86-64 --no-show-raw-insn %s", path);
	FILE *p = popen(cmd, "r");
	if (!p)
		die("cannot run objdump");
	char line[1024];
	size_t cur = 0, lines = 0;
	struct input *pend = NULL; /* a prefix printed on a line of its own */
	size_t pend_at = 0;
	while (fgets(line, sizeof line, p)) {
		char *e;
		unsigned long a = strtoul(line, &e, 16);
		if (e == line || *e != ':' || e[1] != '\t')
			continue;
		lines++;
		while (cur + 1 < count && a >= off[cur + 1])
			cur++;
		int prefix_only;
		unsigned k = classify(e + 2, &prefix_only);
		if (pend) {
			pend->kind[pend_at] |= k;
			pend = NULL;
		}
		if (a < off[cur] || a - off[cur] >= in[cur]->n)
			continue;
		in[cur]->kind[a - off[cur]] |= K_START | k;
		/* objdump prints fwait (9B) and the x87 instruction after it as one
		 * (fstsw for fnstsw); the CPU executes them as two. */
		if (in[cur]->code[a - off[cur]] == 0x9B && a - off[cur] + 1 < in[cur]->n)
			in[cur]->kind[a - off[cur] + 1] |= K_START | k;
		if (prefix_only) {
			pend = in[cur];
			pend_at = a - off[cur];
		}
	}
	int rc = pclose(p);
	unlink(path);
	free(off);
	if (rc != 0 || (count && !lines))
		die("objdump failed (status %d)", rc);
}

/* ---- the child: a sandbox and nothing else ------------------------------- */

static const uint8_t stub_code[] = {
	0x48, 0x8d, 0x1d, 0xf9, 0x07, 0x00, 0x00, /* lea table(%rip),%rbx */
	0x48, 0x8b, 0x3b,                         /* 1: mov (%rbx),%rdi */
	0x48, 0x8b, 0x73, 0x08,                   /* mov 8(%rbx),%rsi */
	0x48, 0x85, 0xf6,                         /* test %rsi,%rsi */
	0x74, 0x0d,                               /* je 2f */
	0xb8, 0x0b, 0x00, 0x00, 0x00,             /* mov $SYS_munmap,%eax */
	0x0f, 0x05,                               /* syscall */
	0x48, 0x83, 0xc3, 0x10,                   /* add $16,%rbx */
	0xeb, 0xe7,                               /* jmp 1b */
	0xcc,                                     /* 2: int3 */
};

static char maps_buf[1 << 16];

static void child_body(void)
{
	const int anon = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0);
	if (ptrace(PTRACE_TRACEME, 0, 0, 0) != 0)
		_exit(20);
	/* glibc registered an rseq area in our TLS, which goes away below; the
	 * kernel would then answer a preemption with SIGSEGV. */
	if (__rseq_size > 0) {
		void *area = (char *)__builtin_thread_pointer() + __rseq_offset;
		if (syscall(SYS_rseq, area, __rseq_size, 1 /* unregister */, RSEQ_SIG) != 0 &&
		    syscall(SYS_rseq, area, 32, 1, RSEQ_SIG) != 0)
			_exit(28);
	}
	if (mmap((void *)TRAMP_START, GUARD_END - TRAMP_START, PROT_NONE,
		 anon | MAP_FIXED_NOREPLACE, -1, 0) != (void *)TRAMP_START)
		_exit(21);
	if (mmap((void *)TRAMP_START, DATA_START - TRAMP_START, PROT_READ | PROT_WRITE,
		 anon | MAP_FIXED, -1, 0) != (void *)TRAMP_START)
		_exit(22);
	if (mmap((void *)DATA_START, SANDBOX_END - DATA_START, PROT_READ | PROT_WRITE,
		 anon | MAP_FIXED, -1, 0) != (void *)DATA_START)
		_exit(23);
	madvise((void *)DATA_START, SANDBOX_END - DATA_START, MADV_NOHUGEPAGE);
	memset((void *)TRAMP_START, 0xF4, TRAMP_END - TRAMP_START);

	/* Everything we have outside [0, 5 GiB) goes, except [vsyscall]. */
	int fd = open("/proc/self/maps", O_RDONLY);
	size_t len = 0;
	ssize_t got;
	if (fd < 0)
		_exit(24);
	while ((got = read(fd, maps_buf + len, sizeof maps_buf - 1 - len)) > 0)
		len += (size_t)got;
	close(fd);
	maps_buf[len] = 0;
	uint64_t *table = (uint64_t *)STUB_TABLE;
	unsigned nt = 0;
	for (char *l = maps_buf; *l;) {
		char *e;
		uint64_t lo = strtoull(l, &e, 16), hi = strtoull(e + 1, NULL, 16);
		if (lo >= GUARD_END && lo < 0xFFFF800000000000ull) {
			if (nt >= STUB_SLOTS)
				_exit(25);
			table[2 * nt] = lo;
			table[2 * nt + 1] = hi - lo;
			nt++;
		}
		char *nl = strchr(l, '\n');
		if (!nl)
			break;
		l = nl + 1;
	}
	table[2 * nt] = table[2 * nt + 1] = 0;
	memcpy((void *)STUB, stub_code, sizeof stub_code);
	if (mprotect((void *)TRAMP_START, DATA_START - TRAMP_START, PROT_READ | PROT_EXEC))
		_exit(26);
	((void (*)(void))STUB)();
	_exit(27);
}

struct child {
	pid_t pid;
	int mem;
	struct user_regs_struct base;
	struct user_fpregs_struct fp;
	unsigned runs;
	size_t written; /* code bytes written so far (to clear) */
};

static void child_kill(struct child *c)
{
	if (c->pid > 0) {
		kill(c->pid, SIGKILL);
		waitpid(c->pid, NULL, __WALL);
	}
	if (c->mem >= 0)
		close(c->mem);
	c->pid = -1;
	c->mem = -1;
}

/* The child's mappings must be the sandbox's and [vsyscall] only. */
static void check_maps(pid_t pid)
{
	char path[64], line[512];
	snprintf(path, sizeof path, "/proc/%d/maps", (int)pid);
	FILE *f = fopen(path, "r");
	if (!f)
		die("%s: %s", path, strerror(errno));
	while (fgets(line, sizeof line, f)) {
		unsigned long long lo, hi;
		char perm[8];
		if (sscanf(line, "%llx-%llx %7s", &lo, &hi, perm) != 3)
			continue;
		if (strstr(line, "[vsyscall]"))
			continue;
		if (hi > GUARD_END || lo < TRAMP_START)
			die("child mapping outside the sandbox survived: %s", line);
		if (perm[2] == 'x' && (lo < TRAMP_START || hi > DATA_START))
			die("unexpected executable mapping: %s", line);
		if (perm[1] == 'w' && lo < DATA_START)
			die("unexpected writable mapping: %s", line);
	}
	fclose(f);
}

static void child_start(struct child *c)
{
	int st;

	c->pid = fork();
	if (c->pid < 0)
		die("fork: %s", strerror(errno));
	if (c->pid == 0)
		child_body();
	if (waitpid(c->pid, &st, __WALL) < 0)
		die("waitpid: %s", strerror(errno));
	if (!WIFSTOPPED(st) || WSTOPSIG(st) != SIGTRAP)
		die("child setup failed (status %#x, exit %d)", st,
		    WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	if (ptrace(PTRACE_SETOPTIONS, c->pid, 0,
		   (void *)(long)(PTRACE_O_EXITKILL | PTRACE_O_TRACESYSGOOD)) != 0)
		die("PTRACE_SETOPTIONS: %s", strerror(errno));
	if (ptrace(PTRACE_GETREGS, c->pid, 0, &c->base) != 0 ||
	    ptrace(PTRACE_GETFPREGS, c->pid, 0, &c->fp) != 0)
		die("PTRACE_GETREGS: %s", strerror(errno));
	if (c->base.rip != STUB + sizeof stub_code)
		die("child stopped at %#llx, not after the stub", c->base.rip);
	check_maps(c->pid);
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/mem", (int)c->pid);
	c->mem = open(path, O_RDWR);
	if (c->mem < 0)
		die("%s: %s", path, strerror(errno));
	uint8_t hlt[4096];
	memset(hlt, 0xF4, sizeof hlt);
	if (pwrite(c->mem, hlt, sizeof hlt, (off_t)STUB) != (ssize_t)sizeof hlt)
		die("cannot clear the stub: %s", strerror(errno));
	c->runs = 0;
	c->written = 0;
}

/* ---- one execution -------------------------------------------------------- */

static uint64_t rand_reg(struct rng *r)
{
	uint64_t lo = (uint32_t)rng_next(r), hi;

	switch (rng_below(r, 10)) {
	case 0: case 1: hi = 0; break;
	case 2: case 3: case 4: case 5: hi = 1 + rng_below(r, 0x7FF); break;
	case 6: case 7: hi = 0xFFFFF800u + rng_below(r, 0x800); break;
	default: hi = (uint32_t)rng_next(r); break;
	}
	switch (rng_below(r, 10)) {
	case 0: lo = rng_below(r, 64); break;
	case 1: lo = CODE_START + rng_below(r, 0x400); break;
	case 2: lo = 0xFFFFFF00u + rng_below(r, 0x100); break;
	default: break;
	}
	return hi << 32 | lo;
}

static unsigned long long *reg_slot(struct user_regs_struct *u, int i)
{
	switch (i) {
	case RAX: return &u->rax;
	case RCX: return &u->rcx;
	case RDX: return &u->rdx;
	case RBX: return &u->rbx;
	case RSP: return &u->rsp;
	case RBP: return &u->rbp;
	case RSI: return &u->rsi;
	case RDI: return &u->rdi;
	case R8: return &u->r8;
	case R9: return &u->r9;
	case R10: return &u->r10;
	case R11: return &u->r11;
	case R12: return &u->r12;
	case R13: return &u->r13;
	case R14: return &u->r14;
	default: return &u->r15;
	}
}

struct verdict {
	enum outcome o;
	char why[256];
	uint64_t rip, prev_rip, addr;
};

static int in_code(const struct input *in, uint64_t a)
{
	return a >= CODE_START && a < CODE_START + in->n;
}

static int slot_start(uint64_t a)
{
	return a >= TRAMP_START && a < TRAMP_END && a % 32 == 0;
}

static unsigned kind_at(const struct input *in, uint64_t a)
{
	if (!in->kind || !in_code(in, a))
		return 0;
	return in->kind[a - CODE_START];
}

static int is_start(const struct input *in, uint64_t a)
{
	return in_code(in, a) && (!in->kind || (kind_at(in, a) & K_START));
}

#define VIOL(...) (v->o = O_VIOL, snprintf(v->why, sizeof v->why, __VA_ARGS__), 1)

/* Where is rip about to execute? Returns 1 when the run ends here. */
static int check_position(const struct input *in, const struct user_regs_struct *u,
			  struct verdict *v, int *nonexec)
{
	uint64_t ip = u->rip;

	*nonexec = 0;
	if (in_code(in, ip)) {
		if (!is_start(in, ip))
			return VIOL("execution reached %#" PRIx64 ", which is not an instruction "
				    "start (objdump)", ip);
		return 0;
	}
	if (ip >= CODE_START + in->n && ip < DATA_START) {
		v->o = O_PAST; /* hlt padding in the real runtime */
		return 1;
	}
	if (ip >= TRAMP_START && ip < TRAMP_END) {
		if (slot_start(ip)) {
			v->o = O_TRAMP;
			return 1;
		}
		return VIOL("execution reached %#" PRIx64 ", inside a trampoline slot", ip);
	}
	if (ip < SANDBOX_END) {
		*nonexec = 1; /* the next fetch must fault */
		return 0;
	}
	return VIOL("control left the sandbox: rip = %#" PRIx64, ip);
}

/* Checks the effect of one instruction (before: a, after: b). */
static int check_transfer(const struct input *in, const struct user_regs_struct *a,
			  const struct user_regs_struct *b, const struct user_regs_struct *base,
			  struct verdict *v)
{
	unsigned k = kind_at(in, a->rip);

	if (b->rsp > SANDBOX_END)
		return VIOL("rsp = %#llx is above 4 GiB", b->rsp);
	if (b->cs != base->cs || b->ss != base->ss || b->ds != base->ds || b->es != base->es ||
	    b->fs != base->fs || b->gs != base->gs)
		return VIOL("a segment register changed");
	if (b->fs_base != FS_BASE_VAL || b->gs_base != GS_BASE_VAL)
		return VIOL("the fs or gs base changed (%#llx, %#llx)", b->fs_base, b->gs_base);
	if ((k & K_DIRECT) && !is_start(in, b->rip) && !slot_start(b->rip))
		return VIOL("direct branch at %#llx went to %#llx: neither an instruction start "
			    "nor a trampoline slot", a->rip, b->rip);
	if ((k & K_INDIRECT) && b->rip % 32 != 0)
		return VIOL("indirect branch or ret at %#llx went to %#llx, which is not "
			    "32-byte aligned", a->rip, b->rip);
	return 0;
}

static void classify_fault(const struct input *in, const siginfo_t *si,
			   const struct user_regs_struct *u, struct verdict *v)
{
	uint64_t a = (uint64_t)(uintptr_t)si->si_addr;
	v->addr = a;

	if (si->si_code == SI_KERNEL) { /* #GP or #SS: no address */
		if ((in_code(in, u->rip) && in->code[u->rip - CODE_START] == 0xF4) ||
		    (kind_at(in, u->rip) & K_HLT))
			v->o = O_HLT;
		else
			v->o = O_GP; /* the caller re-runs it (recheck_gp) */
		return;
	}
	if (a < SANDBOX_END)
		v->o = O_FAULT;
	else if (a == SANDBOX_END)
		v->o = O_GUARD; /* an access from just below 4 GiB, straddling it */
	else if (a >= KERNEL_TOP && u->rsp < 16)
		v->o = O_WRAP;  /* push/call with rsp < 8 */
	else
		(void)VIOL("memory access at %#" PRIx64 " outside the sandbox (rip %#llx)", a, u->rip);
}

/* 0: stopped; -1: ptrace failed (the child is still ours); -2: it is gone
 * and reaped (its pid must not be signalled again). */
static int step(struct child *c, int *st)
{
	*st = 0;
	if (ptrace(PTRACE_SYSEMU_SINGLESTEP, c->pid, 0, 0) != 0)
		return -1;
	if (waitpid(c->pid, st, __WALL) < 0)
		return -1;
	return WIFSTOPPED(*st) ? 0 : -2;
}

/*
 * A #GP or #SS has no address, so it cannot tell a misaligned operand from a
 * non-canonical address, which only an untruncated register can make. The
 * same instruction runs again with the upper 32 bits of every register
 * cleared: an address-size-truncated access computes the same address and
 * faults the same way; an untruncated one becomes canonical and the fault
 * changes or goes away.
 */
static void recheck_gp(struct child *c, const struct input *in,
		       const struct user_regs_struct *u, struct verdict *v)
{
	struct user_regs_struct w = *u;
	siginfo_t si;
	int st;

	for (int i = 0; i < 16; i++)
		*reg_slot(&w, i) &= 0xFFFFFFFFull;
	if (ptrace(PTRACE_SETREGS, c->pid, 0, &w) != 0)
		die("PTRACE_SETREGS: %s", strerror(errno));
	if (step(c, &st) != 0) {
		v->o = O_ERROR;
		snprintf(v->why, sizeof v->why, "the child died re-running a #GP");
		return;
	}
	memset(&si, 0, sizeof si);
	ptrace(PTRACE_GETSIGINFO, c->pid, 0, &si);
	if ((WSTOPSIG(st) == SIGSEGV || WSTOPSIG(st) == SIGBUS) && si.si_code == SI_KERNEL) {
		v->o = (kind_at(in, u->rip) & K_ALIGNGP) ? O_ALIGN : O_GP;
		return;
	}
	(void)VIOL("#GP/#SS at %#llx went away (signal %d, address %p) when the upper halves "
		   "of the registers were cleared: a non-canonical address from an untruncated "
		   "register", u->rip, WSTOPSIG(st), si.si_addr);
}

static void run_one(struct child *c, const struct input *in, uint64_t entry, uint64_t seed,
		    struct verdict *v)
{
	struct rng r = { seed };
	struct user_regs_struct u = c->base, next;
	unsigned long n = 0;
	int st;

	memset(v, 0, sizeof *v);
	v->o = O_LIMIT;
	if (in->n > CODE_MAX) {
		v->o = O_ERROR;
		snprintf(v->why, sizeof v->why, "code larger than %llu bytes", CODE_MAX);
		return;
	}
	/* The code, and zeros over what an earlier, longer program left. */
	if (pwrite(c->mem, in->code, in->n, (off_t)CODE_START) != (ssize_t)in->n)
		die("writing the code: %s", strerror(errno));
	if (c->written > in->n) {
		size_t left = c->written - in->n;
		static const uint8_t zero[4096];
		for (size_t o = 0; o < left; o += sizeof zero) {
			size_t k = left - o < sizeof zero ? left - o : sizeof zero;
			if (pwrite(c->mem, zero, k, (off_t)(CODE_START + in->n + o)) != (ssize_t)k)
				die("clearing the code: %s", strerror(errno));
		}
	}
	c->written = in->n;

	for (int i = 0; i < 16; i++)
		*reg_slot(&u, i) = rand_reg(&r);
	u.rsp = 0xFFFFFF00u - 16 * (uint64_t)rng_below(&r, 4096) - 8 * rng_below(&r, 2);
	u.rip = CODE_START + entry;
	u.eflags = 0x202 | (rng_pct(&r, 10) ? 0x400 : 0);
	u.fs_base = FS_BASE_VAL;
	u.gs_base = GS_BASE_VAL;
	u.orig_rax = (unsigned long long)-1;
	for (int i = 0; i < in->nregs; i++)
		*reg_slot(&u, in->reg[i]) = in->val[i];
	if (ptrace(PTRACE_SETREGS, c->pid, 0, &u) != 0 ||
	    ptrace(PTRACE_SETFPREGS, c->pid, 0, &c->fp) != 0)
		die("PTRACE_SETREGS: %s", strerror(errno));
	if (ptrace(PTRACE_GETREGS, c->pid, 0, &u) != 0)
		die("PTRACE_GETREGS: %s", strerror(errno));
	c->runs++;
	stats.executions++;

	for (;;) {
		int nonexec;
		v->rip = u.rip;
		if (check_position(in, &u, v, &nonexec))
			break;
		if (n >= opt.steps_max) {
			v->o = O_LIMIT;
			break;
		}
		int sr = step(c, &st);
		if (sr != 0) {
			v->o = O_ERROR;
			snprintf(v->why, sizeof v->why, "the child died (status %#x)", st);
			if (sr == -2) { /* reaped: forget it */
				close(c->mem);
				c->mem = -1;
				c->pid = -1;
			}
			break;
		}
		n++;
		stats.steps++;
		int sig = WSTOPSIG(st);
		if (ptrace(PTRACE_GETREGS, c->pid, 0, &next) != 0)
			die("PTRACE_GETREGS: %s", strerror(errno));
		if (sig == (SIGTRAP | 0x80)) {
			(void)VIOL("a system call (rax %llu) was made at %#llx", next.orig_rax, u.rip);
			break;
		}
		/* A kernel without the 32-bit entry turns int $0x80 into a #GP:
		 * contained there, but the instruction must never have run. */
		if (in_code(in, u.rip) && (kind_at(in, u.rip) & K_SYSCALL)) {
			(void)VIOL("a system-call instruction was executed at %#llx (signal %d)",
				   u.rip, sig);
			break;
		}
		siginfo_t si;
		memset(&si, 0, sizeof si);
		if (ptrace(PTRACE_GETSIGINFO, c->pid, 0, &si) != 0)
			die("PTRACE_GETSIGINFO: %s", strerror(errno));
		if (getenv("ORACLE_DEBUG"))
			fprintf(stderr, "sig %d code %d addr %p rip %llx cs %llx ss %llx ds %llx fsb %llx\n", sig, si.si_code, si.si_addr, next.rip, next.cs, next.ss, next.ds, next.fs_base);
		if (sig == SIGSEGV || sig == SIGBUS) {
			classify_fault(in, &si, &u, v);
			if (v->o == O_GP)
				recheck_gp(c, in, &u, v);
			break;
		}
		if (nonexec) {
			(void)VIOL("executed non-executable memory at %#llx without a fault", u.rip);
			break;
		}
		if (sig == SIGILL || sig == SIGFPE) {
			v->o = sig == SIGILL ? O_ILL : O_FPE;
			break;
		}
		if (sig != SIGTRAP) {
			v->o = O_OTHER;
			snprintf(v->why, sizeof v->why, "signal %d", sig);
			break;
		}
		if (si.si_code == SI_KERNEL) { /* int3 and the like */
			v->o = O_TRAP;
			break;
		}
		v->prev_rip = u.rip;
		if (check_transfer(in, &u, &next, &c->base, v)) {
			v->rip = next.rip;
			break;
		}
		u = next;
	}
}

/* ---- reporting ------------------------------------------------------------ */

static void hexdump(FILE *f, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s%02x", i % 32 == 0 ? (i ? "\n    " : "    ") : " ", p[i]);
	fprintf(f, "\n");
}

static void show_disasm(const struct input *in, uint64_t rip, uint64_t prev)
{
	char path[] = "/tmp/zvm-oracle-dis-XXXXXX", cmd[256], line[512];
	int fd = mkstemp(path);
	if (fd < 0)
		return;
	if (write(fd, in->code, in->n) != (ssize_t)in->n) {
		close(fd);
		unlink(path);
		return;
	}
	close(fd);
	snprintf(cmd, sizeof cmd,
		 "objdump -D -z -w -b binary -m i386:x86-64 --adjust-vma=%#llx %s", CODE_START,
		 path);
	FILE *p = popen(cmd, "r");
	if (p) {
		printf("  disassembly (objdump; > marks rip, - the instruction before):\n");
		while (fgets(line, sizeof line, p)) {
			char *e;
			unsigned long a = strtoul(line, &e, 16);
			if (e == line || *e != ':')
				continue;
			printf("  %c %s", a == rip ? '>' : a == prev ? '-' : ' ', line);
		}
		pclose(p);
	}
	unlink(path);
}

static void report_violation(const struct input *in, uint64_t entry, uint64_t seed,
			     const struct verdict *v)
{
	printf("VIOLATION in %s (entry %#llx, register seed %#" PRIx64 "): %s\n", in->name,
	       (unsigned long long)(CODE_START + entry), seed, v->why);
	printf("  rip %#" PRIx64 ", previous instruction %#" PRIx64 "\n", v->rip, v->prev_rip);
	printf("  code (%zu bytes at %#llx):\n", in->n, CODE_START);
	hexdump(stdout, in->code, in->n);
	if (opt.objdump)
		show_disasm(in, v->rip, v->prev_rip);
	if (opt.save) {
		char path[512];
		mkdir(opt.save, 0755);
		snprintf(path, sizeof path, "%s/%s.bin", opt.save, in->name);
		for (char *q = path + strlen(opt.save) + 1; *q; q++)
			if (*q == '/')
				*q = '_';
		FILE *f = fopen(path, "wb");
		if (f) {
			fwrite(in->code, 1, in->n, f);
			fclose(f);
			printf("  saved as %s\n", path);
		}
	}
	fflush(stdout);
}

/* Runs one input opt.runs_per_input times (first from its start, then from
 * random bundle starts); returns the number of violations. */
static unsigned run_input(struct child *c, struct input *in, uint64_t seed, enum outcome *last)
{
	unsigned bad = 0;

	for (unsigned long k = 0; k < opt.runs_per_input; k++) {
		struct verdict v;
		uint64_t rs = seed * 0x100000001B3ull + k;
		struct rng pick = { rs ^ 0xABCDEF };
		uint64_t entry = k == 0 ? in->entry
				       : 32 * (uint64_t)rng_below(&pick, (uint32_t)(in->n / 32));
		if (c->pid <= 0 || c->runs >= 400) {
			child_kill(c);
			child_start(c);
		}
		run_one(c, in, entry, rs, &v);
		stats.outcome[v.o]++;
		if (last)
			*last = v.o;
		if (v.o == O_VIOL) {
			bad++;
			stats.violations++;
			report_violation(in, entry, rs, &v);
			child_kill(c);
		} else if (v.o == O_ERROR) {
			printf("oracle error on %s: %s\n", in->name, v.why);
			child_kill(c);
		}
	}
	return bad;
}

/* Why generated programs were rejected (-v). */
static struct {
	const char *reason[64];
	unsigned long count[64];
	uint8_t example[64][8];
	unsigned n;
} rejects;

static int accepted(const struct input *in)
{
	struct val_result res;
	int rc = val_validate(in->code, in->n, (uint32_t)CODE_START, 0, NULL, NULL, &res);
	if (rc != 0 && res.reason) {
		unsigned i;
		for (i = 0; i < rejects.n && strcmp(rejects.reason[i], res.reason); i++)
			;
		if (i == rejects.n && rejects.n < 64) {
			rejects.reason[rejects.n++] = res.reason;
			size_t o = res.addr - CODE_START;
			for (size_t j = 0; j < 8; j++)
				rejects.example[i][j] = o + j < in->n ? in->code[o + j] : 0;
		}
		if (i < rejects.n)
			rejects.count[i]++;
	}
	return rc == 0;
}

static void print_summary(const char *what)
{
	printf("oracle: %lu inputs accepted, %lu executions, %lu single steps, %lu violations",
	       stats.accepted, stats.executions, stats.steps, stats.violations);
	if (stats.generated)
		printf(" (%s: %lu generated)", what, stats.generated);
	printf("\n  outcomes:");
	for (int i = 0; i < O_COUNT; i++)
		if (stats.outcome[i])
			printf(" %s=%lu", outcome_name[i], stats.outcome[i]);
	printf("\n");
}

/* ---- modes ---------------------------------------------------------------- */

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

static int mode_random(uint64_t seed, unsigned long count, double seconds)
{
	enum { BATCH = 128, POOL = 64 };
	struct child c = { .pid = -1, .mem = -1 };
	struct rng r = { seed };
	static uint8_t pool[POOL][GEN_MAX];
	static size_t pool_n[POOL];
	unsigned npool = 0;
	double t0 = now();
	struct input *batch[BATCH];
	unsigned long index = 0;

	for (int i = 0; i < BATCH; i++) {
		batch[i] = calloc(1, sizeof **batch);
		batch[i]->code = malloc(GEN_MAX);
		if (!batch[i]->code)
			die("out of memory");
	}
	while ((count && stats.accepted < count) || (seconds > 0 && now() - t0 < seconds)) {
		unsigned nb = 0;
		unsigned long attempts = 0;
		while (nb < BATCH && attempts < 200000) {
			struct input *in = batch[nb];
			attempts++;
			stats.generated++;
			if (npool && rng_pct(&r, 35)) {
				unsigned k = rng_below(&r, npool);
				memcpy(in->code, pool[k], pool_n[k]);
				in->n = pool_n[k];
				gen_mutate(&r, in->code, in->n);
			} else {
				in->n = gen_program(&r, in->code);
			}
			if (!opt.validate || accepted(in)) {
				snprintf(in->name, sizeof in->name, "random-%" PRIu64 "-%lu", seed,
					 index);
				index++;
				if (npool < POOL) {
					memcpy(pool[npool], in->code, in->n);
					pool_n[npool++] = in->n;
				} else {
					unsigned k = rng_below(&r, POOL);
					memcpy(pool[k], in->code, in->n);
					pool_n[k] = in->n;
				}
				nb++;
				if (count && stats.accepted + nb >= count && seconds <= 0)
					break;
			}
		}
		if (nb == 0)
			die("the generator made no accepted program in %lu attempts", attempts);
		if (opt.objdump)
			disassemble(batch, nb);
		for (unsigned i = 0; i < nb; i++) {
			stats.accepted++;
			run_input(&c, batch[i], seed ^ (stats.accepted * 0x9E3779B97F4A7C15ull), NULL);
		}
		if (!opt.quiet) {
			fprintf(stderr, "\r%lu accepted of %lu generated, %lu steps, %lu violations",
				stats.accepted, stats.generated, stats.steps, stats.violations);
		}
	}
	if (!opt.quiet)
		fprintf(stderr, "\n");
	child_kill(&c);
	if (opt.verbose)
		for (unsigned i = 0; i < rejects.n; i++)
			printf("  rejected %8lu  %-60s e.g. %02x %02x %02x %02x %02x %02x %02x %02x\n",
			       rejects.count[i], rejects.reason[i], rejects.example[i][0],
			       rejects.example[i][1], rejects.example[i][2], rejects.example[i][3],
			       rejects.example[i][4], rejects.example[i][5], rejects.example[i][6],
			       rejects.example[i][7]);
	print_summary("random");
	return stats.violations ? 1 : 0;
}

static uint8_t *read_file(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 4096, len = 0;
	uint8_t *b = malloc(cap);
	size_t got;
	while (b && (got = fread(b + len, 1, cap - len, f)) > 0) {
		len += got;
		if (len == cap) {
			uint8_t *nb = realloc(b, cap *= 2);
			if (!nb) {
				free(b);
				b = NULL;
			}
			b = nb;
		}
	}
	fclose(f);
	*n = len;
	return b;
}

static int mode_files(int argc, char **argv)
{
	enum { BATCH = 128 };
	struct child c = { .pid = -1, .mem = -1 };
	struct input *batch[BATCH];
	unsigned long skipped = 0;
	unsigned nb = 0;

	for (int i = 0; i <= argc; i++) {
		if (i < argc) {
			struct input *in = calloc(1, sizeof *in);
			if (!in)
				die("out of memory");
			snprintf(in->name, sizeof in->name, "%s", argv[i]);
			in->code = read_file(argv[i], &in->n);
			if (!in->code || in->n == 0 || in->n > CODE_MAX ||
			    (opt.validate && !accepted(in))) {
				if (!in->code)
					printf("cannot read %s\n", argv[i]);
				skipped++;
				free(in->code);
				free(in);
				continue;
			}
			batch[nb++] = in;
			if (nb < BATCH)
				continue;
		}
		if (opt.objdump && nb)
			disassemble(batch, nb);
		for (unsigned k = 0; k < nb; k++) {
			stats.accepted++;
			run_input(&c, batch[k], 0x5EED0000u + stats.accepted, NULL);
			free(batch[k]->code);
			free(batch[k]->kind);
			free(batch[k]);
		}
		nb = 0;
	}
	child_kill(&c);
	printf("files: %d given, %lu not run (unreadable, empty or rejected)\n", argc, skipped);
	print_summary("files");
	return stats.violations ? 1 : 0;
}

/* The text segments of nexes: run from the entry point, then from random
 * bundle starts (every one is a legitimate indirect branch target). */
static int mode_nexe(int argc, char **argv)
{
	struct child c = { .pid = -1, .mem = -1 };
	unsigned long skipped = 0;

	for (int i = 0; i < argc; i++) {
		size_t size;
		uint8_t *img = read_file(argv[i], &size);
		struct val_nexe nx;
		char err[256];
		if (!img || val_elf_check(img, size, &nx, err, sizeof err) != 0) {
			printf("%s: not a nexe: %s\n", argv[i], img ? err : strerror(errno));
			free(img);
			skipped++;
			continue;
		}
		const struct val_segment *t = &nx.seg[nx.text];
		struct input in = { .code = img + t->offset, .n = t->filesz };
		snprintf(in.name, sizeof in.name, "%s", argv[i]);
		in.entry = nx.entry - t->vaddr;
		if (t->vaddr != CODE_START || in.n > CODE_MAX || (opt.validate && !accepted(&in))) {
			printf("%s: text not at %#llx, too large, or rejected by the validator\n",
			       argv[i], CODE_START);
			free(img);
			skipped++;
			continue;
		}
		stats.accepted++;
		if (opt.objdump) {
			struct input *one = &in;
			disassemble(&one, 1);
		}
		run_input(&c, &in, 0x4E3E0000u + (uint64_t)i, NULL);
		free(in.kind);
		free(img);
	}
	child_kill(&c);
	printf("nexes: %d given, %lu not run\n", argc, skipped);
	print_summary("nexe");
	return stats.violations ? 1 : 0;
}

/* ---- controls ------------------------------------------------------------- */

struct control {
	const char *name;
	const char *hex;
	int bad;                /* 1: must be rejected and flagged; 2: a probe */
	int expect;             /* for good ones: the expected outcome, or -1 */
	int nregs;
	int reg[3];
	uint64_t val[3];
};

#define NOP7 "0f 1f 80 00 00 00 00 "
static const struct control controls[] = {
	/* Negative: the oracle must flag each one. */
	{ "load-without-67", "48 8b 00", 1, -1, 1, { RAX }, { 0x500000000ull } },
	{ "store-without-67", "48 89 18", 1, -1, 1, { RAX }, { 0x700000010ull } },
	{ "load-kernel-half", "48 8b 00", 1, -1, 1, { RAX }, { 0xFFFF900000000000ull } },
	{ "load-non-canonical", "48 8b 00", 1, -1, 1, { RAX }, { 0x8000000000001000ull } },
	{ "jmp-unmasked", "ff e0", 1, -1, 1, { RAX }, { 0x500000000ull } },
	{ "jmp-unmasked-misaligned", "ff e0", 1, -1, 1, { RAX }, { 0x20005 } },
	{ "jmp-masked-64bit-and", "48 83 e0 e0 ff e0", 1, -1, 1, { RAX }, { 0x500000040ull } },
	/* found by this oracle in an early validator: the mask on r11, the jump
	 * through rbx (a REX of 0x40 has no B bit) */
	{ "jmp-mask-r11-jump-rbx", "41 83 e3 e0 40 ff e3", 1, -1, 2, { RBX, R11 },
	  { 0x500000000ull, 0x20040 } },
	{ "movaps-non-canonical", "0f 28 00", 1, -1, 1, { RAX }, { 0x8000000010000000ull } },
	{ "rsp-64bit-write", "48 bc 00 00 00 00 05 00 00 00 50", 1, -1, 0, { 0 }, { 0 } },
	{ "ret-imm16", "c2 00 01", 1, -1, 1, { RSP }, { 0xFFFFFFF8ull } },
	{ "syscall", "0f 05", 1, -1, 1, { RAX }, { 39 } },
	{ "int80", "cd 80", 1, -1, 1, { RAX }, { 20 } },
	{ "jmp-vsyscall", "e9 fb ff 5d ff", 1, -1, 0, { 0 }, { 0 } },
	{ "jmp-direct-to-data", "e9 fb ff fd 3f", 1, -1, 0, { 0 }, { 0 } },
	{ "ret-unmasked", "48 b8 00 00 00 00 05 00 00 00 50 c3", 1, -1, 0, { 0 }, { 0 } },
	/* the in-place return without its mask: ret to a misaligned address */
	{ "ret-inplace-no-mask", "48 b8 45 00 02 00 05 00 00 00 50 67 44 8b 1c 24 67 4c 89 1c 24 c3",
	  1, -1, 0, { 0 }, { 0 } },
	/* with a 4-byte store: the slot's high half stays, ret leaves 4 GiB */
	{ "ret-inplace-4-byte-store",
	  "48 b8 40 00 02 00 05 00 00 00 50 67 44 8b 1c 24 41 83 e3 e0 67 44 89 1c 24 c3", 1, -1, 0,
	  { 0 }, { 0 } },
	/* the dropped two-store form, without its second store */
	{ "ret-two-store-half", "48 b8 40 00 02 00 05 00 00 00 50 67 83 24 24 e0 c3", 1, -1, 0,
	  { 0 }, { 0 } },
	{ "gs-load", "65 67 8b 00", 1, -1, 1, { RAX }, { 0x100 } },
	{ "fs-store", "64 67 89 00", 1, -1, 1, { RAX }, { 0x100 } },
	{ "jmp-into-immediate", "eb 01 b8 90 90 90 90", 1, -1, 0, { 0 }, { 0 } },
	{ "rep-movs-without-67", "f3 48 a5", 1, -1, 3, { RSI, RDI, RCX },
	  { 0x500000000ull, 0x10000000, 4 } },
	{ "bt-reg-mem-without-67", "48 0f a3 08", 1, -1, 2, { RAX, RCX },
	  { 0, 0x2000000800ull } },
	{ "xlat-without-67", "d7", 1, -1, 1, { RBX }, { 0x500000000ull } },
	/* Positive: accepted by the validator, contained by the sandbox. */
	{ "load-67-truncates", "67 48 8b 00", 0, O_FAULT, 1, { RAX }, { 0x500000010ull } },
	{ "masked-jmp", "83 e0 e0 ff e0", 0, O_HLT, 1, { RAX }, { 0x500020040ull } },
	{ "masked-jmp-r11", "41 83 e3 e0 41 ff e3", 0, O_HLT, 1, { R11 }, { 0xFFFF000000020040ull } },
	{ "masked-jmp-to-data", "83 e0 e0 ff e0", 0, O_FAULT, 1, { RAX }, { 0x540000000ull } },
	{ "return-inplace",
	  "48 b8 40 00 02 00 05 00 00 00 50 " NOP7 NOP7 NOP7
	  "67 44 8b 1c 24 41 83 e3 e0 67 4c 89 1c 24 c3",
	  0, O_HLT, 0, { 0 }, { 0 } },
	{ "return-inplace-high-bits",
	  "48 b8 53 00 02 00 00 80 ff ff 50 " NOP7 NOP7 NOP7
	  "67 44 8b 1c 24 41 83 e3 e0 67 4c 89 1c 24 c3",
	  0, O_HLT, 0, { 0 }, { 0 } },
	{ "return-pop",
	  "48 b8 40 00 02 00 05 00 00 00 50 " NOP7 NOP7 NOP7
	  "41 5b 41 83 e3 e0 41 ff e3",
	  0, O_HLT, 0, { 0 }, { 0 } },
	{ "pop-at-top", "58", 0, O_GUARD, 1, { RSP }, { 0xFFFFFFFCull } },
	{ "pop-to-4g", "58 58", 0, O_GUARD, 1, { RSP }, { 0xFFFFFFF8ull } },
	{ "push-wraps", "bc 04 00 00 00 50", 0, O_WRAP, 0, { 0 }, { 0 } },
	{ "esp-write", "89 c4 50", 0, O_FAULT, 1, { RAX }, { 0x500001000ull } },
	{ "call-trampoline", NOP7 NOP7 NOP7 "66 0f 1f 44 00 00 e8 40 00 ff ff", 0, O_TRAMP, 0,
	  { 0 }, { 0 } },
	{ "rep-movs-67", "67 f3 48 a5", 0, O_FAULT, 3, { RSI, RDI, RCX },
	  { 0x500001000ull, 0x10000000, 2 } },
	{ "loop-forever", "eb fe", 0, O_LIMIT, 0, { 0 }, { 0 } },
	{ "movaps-misaligned", "67 0f 28 00", 0, O_ALIGN, 1, { RAX }, { 0x8000000010000001ull } },
	/* Probes: rejected by the validator, run unvalidated, the outcome only
	 * printed. Does the bit offset of bt reg,mem escape 0x67 truncation on
	 * this CPU? (address 0x100 if truncated, 0x400000100 if not) */
	{ "probe-bt-reg-mem-with-67", "67 48 0f a3 08", 2, -1, 2, { RAX, RCX },
	  { 0, 0x2000000800ull } },
	{ "probe-bts-reg-mem-with-67", "67 48 0f ab 08", 2, -1, 2, { RAX, RCX },
	  { 0, 0x2000000800ull } },
};

static size_t parse_hex(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;
	while (*s && n < cap) {
		while (*s == ' ')
			s++;
		if (!*s)
			break;
		unsigned v;
		if (sscanf(s, "%2x", &v) != 1)
			die("bad hex in a control: %s", s);
		out[n++] = (uint8_t)v;
		s += 2;
	}
	return n;
}

static int mode_controls(void)
{
	struct child c = { .pid = -1, .mem = -1 };
	int fails = 0;

	for (size_t i = 0; i < sizeof controls / sizeof *controls; i++) {
		const struct control *k = &controls[i];
		uint8_t code[256];
		memset(code, 0xF4, sizeof code);
		size_t len = parse_hex(k->hex, code, sizeof code);
		size_t n = (len + 31) / 32 * 32 + 64; /* two more bundles of hlt */
		struct input in = { .code = code, .n = n, .nregs = k->nregs };
		snprintf(in.name, sizeof in.name, "control-%s", k->name);
		for (int j = 0; j < k->nregs; j++) {
			in.reg[j] = k->reg[j];
			in.val[j] = k->val[j];
		}
		struct val_result res;
		int vr = val_validate(code, n, (uint32_t)CODE_START, 0, NULL, NULL, &res);
		if (k->bad && vr == 0) {
			printf("FAIL oracle/control-%s: the validator ACCEPTS it (validator bug)\n",
			       k->name);
			fails++;
		}
		if (!k->bad && vr != 0) {
			printf("FAIL oracle/control-%s: the validator rejects it at %#x: %s\n",
			       k->name, res.addr, res.reason ? res.reason : "?");
			fails++;
			continue;
		}
		if (opt.objdump) {
			struct input *one = &in;
			disassemble(&one, 1);
		}
		unsigned long before = stats.violations;
		enum outcome last = O_ERROR;
		if (c.pid <= 0) {
			child_kill(&c);
			child_start(&c);
		}
		struct verdict v;
		run_one(&c, &in, 0, 0xC0DE + i, &v);
		last = v.o;
		stats.outcome[v.o]++;
		if (k->bad == 2) {
			printf("note: probe %s: %s at %#" PRIx64 "%s%s\n", k->name + 6,
			       outcome_name[v.o], v.addr, v.why[0] ? ": " : "", v.why);
			if (v.o == O_VIOL)
				child_kill(&c);
		} else if (k->bad) {
			if (v.o == O_VIOL) {
				printf("PASS oracle/control-%s (flagged: %s)\n", k->name, v.why);
				child_kill(&c);
			} else {
				printf("FAIL oracle/control-%s: the oracle did not flag it (outcome %s)\n",
				       k->name, outcome_name[v.o]);
				fails++;
			}
		} else {
			if (v.o == O_VIOL) {
				stats.violations++;
				report_violation(&in, 0, 0xC0DE + i, &v);
				child_kill(&c);
			}
			if (stats.violations == before && (k->expect < 0 || (int)last == k->expect))
				printf("PASS oracle/control-%s (%s)\n", k->name, outcome_name[last]);
			else {
				printf("FAIL oracle/control-%s: outcome %s, expected %s%s%s\n", k->name,
				       outcome_name[last], k->expect >= 0 ? outcome_name[k->expect] : "no violation",
				       v.why[0] ? ": " : "", v.why);
				fails++;
			}
		}
		if (v.o == O_ERROR)
			child_kill(&c);
		free(in.kind);
	}
	child_kill(&c);
	return fails ? 1 : 0;
}

/* Writes generated programs to dir: count accepted, count/2 rejected (to seed
 * fuzz corpora). */
static int mode_emit(uint64_t seed, unsigned long count, const char *dir)
{
	struct rng r = { seed };
	uint8_t code[GEN_MAX];
	unsigned long acc = 0, rej = 0;

	mkdir(dir, 0755);
	while (acc < count || rej < count / 2) {
		struct input in = { .code = code };
		in.n = gen_program(&r, code);
		int ok = accepted(&in);
		if (ok ? acc >= count : rej >= count / 2)
			continue;
		char path[512];
		snprintf(path, sizeof path, "%s/gen-%s-%lu.bin", dir, ok ? "ok" : "bad",
			 ok ? acc++ : rej++);
		FILE *f = fopen(path, "wb");
		if (!f || fwrite(code, 1, in.n, f) != in.n || fclose(f) != 0)
			die("cannot write %s", path);
	}
	return 0;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: oracle controls\n"
		"       oracle random [--seed N] [--count N] [--time SEC] [options]\n"
		"       oracle files [--no-validate] [options] FILE...\n"
		"       oracle nexe [options] NEXE...\n"
		"       oracle emit [--seed N] [--count N] DIR\n"
		"options: --steps N  --runs N  --save DIR  --no-objdump  -q\n");
	exit(2);
}

int main(int argc, char **argv)
{
	uint64_t seed = 1;
	unsigned long count = 0;
	double seconds = 0;
	int i;

	if (argc < 2)
		usage();
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 2; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--seed") && val)
			seed = strtoull(val, NULL, 0), i++;
		else if (!strcmp(a, "--count") && val)
			count = strtoul(val, NULL, 0), i++;
		else if (!strcmp(a, "--time") && val)
			seconds = strtod(val, NULL), i++;
		else if (!strcmp(a, "--steps") && val)
			opt.steps_max = strtoul(val, NULL, 0), i++;
		else if (!strcmp(a, "--runs") && val)
			opt.runs_per_input = strtoul(val, NULL, 0), i++;
		else if (!strcmp(a, "--save") && val)
			opt.save = val, i++;
		else if (!strcmp(a, "--no-validate"))
			opt.validate = 0;
		else if (!strcmp(a, "--no-objdump"))
			opt.objdump = 0;
		else if (!strcmp(a, "-v"))
			opt.verbose = 1;
		else if (!strcmp(a, "-q"))
			opt.quiet = 1;
		else if (!strcmp(a, "--"))
			{ i++; break; }
		else
			usage();
	}
	if (opt.runs_per_input == 0)
		opt.runs_per_input = 1;
	signal(SIGPIPE, SIG_IGN);
	if (!strcmp(argv[1], "controls"))
		return mode_controls();
	if (!strcmp(argv[1], "random")) {
		if (!count && seconds <= 0)
			count = 1000;
		return mode_random(seed, count, seconds);
	}
	if (!strcmp(argv[1], "emit") && i < argc)
		return mode_emit(seed, count ? count : 20, argv[i]);
	if (!strcmp(argv[1], "files"))
		return mode_files(argc - i, argv + i);
	if (!strcmp(argv[1], "nexe"))
		return mode_nexe(argc - i, argv + i);
	usage();
}
