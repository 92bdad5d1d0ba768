/*
 * warm.c - a daemon's spare sessions, made warm before their request.
 *
 * A spare is a fork of the daemon. Left alone, its request would take the
 * page faults of a new process, and on a virtual machine that shadows page
 * tables a fault costs tens of microseconds (seen: 24-38 us a copy on
 * write, 4.5 us the first touch of a present page). So the spare takes them
 * before accept():
 * - writable memory is copied: after the fork it is shared with the daemon,
 *   write-protected, and each first write would fault. Small mappings (the
 *   guest's data and bss, the runtime's) are written whole, so that pages
 *   first touched by the request are there too; large ones (the guest's
 *   heap and stack area) only where resident, plus the guest's stack just
 *   below its rsp, the heads of the request and report buffers, and the
 *   learned pages;
 * - the runtime's file-backed text and read-only data are mapped: a fork
 *   does not copy their page tables, so each page the request runs would
 *   fault;
 * - then every readable resident page is read once.
 * All best effort: a failure only leaves a fault where it was.
 *
 * The learned set: the guest pages that the first WARM_LEARN requests left
 * resident, a bitmap shared by the daemon and its sessions. Memory a
 * request takes after the fork (a heap that grows, buffers allocated per
 * request) is not resident in the daemon, so the spare cannot see it; the
 * set names it. A spare writes at most WARM_MAX_PAGES of those pages that
 * it does not have already. Only the first requests teach, so the set is
 * bounded and later requests cannot change how spares are prepared.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "linux.h"
#include "mem.h"
#include "warm.h"
#include "x86_64/arch.h"

#define WHOLE (256ul << 10) /* writable mappings up to this size: every page */
#define STACK (64ul << 10)  /* and the guest's stack below its rsp */
#define PAGES (MEM_GUEST_SIZE / MEM_PAGE)

struct learned {
	int sessions;              /* requests that have taught (atomic) */
	uint64_t bit[PAGES / 64];  /* guest page p is bit p % 64 of bit[p / 64] */
};

static struct learned *learned;
static unsigned char vec[1 << 16]; /* mincore's answer, a page a byte */

void warm_init(void)
{
	void *p = mmap(0, sizeof *learned, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	learned = p == MAP_FAILED ? 0 : p;
}

static int is_learned(uint64_t page)
{
	return (__atomic_load_n(&learned->bit[page / 64], __ATOMIC_RELAXED) >> (page % 64)) & 1;
}

/* Calls fn for each run of resident pages (mincore) in [lo, hi). */
static void each_resident(uintptr_t lo, uintptr_t hi, void (*fn)(char *, uintptr_t))
{
	for (uintptr_t at = lo; at + 4096 <= hi;) {
		uintptr_t n = (hi - at) / 4096 < sizeof vec ? (hi - at) / 4096 : sizeof vec;
		if (mincore((void *)at, n * 4096, vec) != 0)
			return;
		for (uintptr_t i = 0; i < n;) {
			uintptr_t j = i;
			while (j < n && (vec[j] & 1))
				j++;
			if (j > i)
				fn((char *)(at + i * 4096), (j - i) * 4096);
			i = j + 1;
		}
		at += n * 4096;
	}
}

/* One read a page, from user mode: a virtual machine that shadows page
 * tables fills its entry for the page now, even with the page present. */
static void touch(char *p, uintptr_t n)
{
	for (uintptr_t i = 0; i < n; i += 4096)
		(void)*(volatile char *)(p + i);
}

/* Copies (or allocates) the pages now, then touches them. */
static void write_touch(char *p, uintptr_t n)
{
	madvise(p, n, MADV_POPULATE_WRITE);
	touch(p, n);
}

void warm_buffer(void *p, size_t n)
{
	uintptr_t lo = (uintptr_t)p & ~(uintptr_t)4095, hi = ((uintptr_t)p + n + 4095) & ~(uintptr_t)4095;
	write_touch((char *)lo, hi - lo);
}

/* Writes (and touches) the learned pages of the guest region [lo, hi) that
 * are not resident, while the budget (ctx, pages) lasts. */
static void write_learned(void *ctx, uint64_t lo, uint64_t hi)
{
	long *budget = ctx;
	for (uint64_t at = lo; at + 4096 <= hi && *budget > 0;) {
		uint64_t n = (hi - at) / 4096 < sizeof vec ? (hi - at) / 4096 : sizeof vec;
		uint64_t first = at / 4096, any = 0;
		for (uint64_t w = first / 64; w <= (first + n - 1) / 64 && !any; w++)
			any = __atomic_load_n(&learned->bit[w], __ATOMIC_RELAXED);
		if (any && mincore(mem_ptr(at), n * 4096, vec) != 0)
			return;
		for (uint64_t i = 0; any && i < n && *budget > 0;) {
			uint64_t j = i;
			while (j < n && j - i < (uint64_t)*budget && is_learned(first + j) && !(vec[j] & 1))
				j++;
			if (j > i) {
				write_touch(mem_ptr(at + i * 4096), (j - i) * 4096);
				*budget -= (long)(j - i);
			}
			i = j + 1;
		}
		at += n * 4096;
	}
}

void warm_prepare(void)
{
	char line[512];
	FILE *f = fopen("/proc/self/maps", "re");
	if (!f)
		return;
	uint64_t sp = zvm_ctx.guest_rsp & ~(uint64_t)4095, below = sp - STACK;
	if (sp > STACK && mem_check(below, STACK, PROT_READ | PROT_WRITE))
		madvise(mem_ptr(below), STACK, MADV_POPULATE_WRITE);
	int at_start = 1; /* a line longer than the buffer comes in pieces */
	while (fgets(line, sizeof line, f)) {
		unsigned long lo, hi, off, inode;
		char perm[5], dev[16];
		int first = at_start, name = 0;
		at_start = strchr(line, '\n') != 0;
		if (!first || sscanf(line, "%lx-%lx %4s %lx %15s %lu %n", &lo, &hi, perm, &off, dev,
				     &inode, &name) != 6 || perm[0] != 'r')
			continue;
		const char *what = line + name;
		if (what[0] == '[' && strncmp(what, "[heap]", 6) != 0 && strncmp(what, "[stack]", 7) != 0 &&
		    strncmp(what, "[vdso]", 6) != 0)
			continue; /* the kernel's ([vvar] is not all readable) */
		if (inode != 0 && perm[1] == '-' && perm[3] == 'p')
			madvise((void *)lo, hi - lo, MADV_POPULATE_READ);
		else if (hi - lo > MEM_GUEST_SIZE)
			continue; /* not ours: a sanitizer's shadow, terabytes */
		if (strcmp(perm, "rw-p") == 0 && hi - lo <= WHOLE)
			write_touch((char *)lo, hi - lo); /* all resident after: no mincore */
		else if (strcmp(perm, "rw-p") == 0)
			each_resident(lo, hi, write_touch);
		else
			each_resident(lo, hi, touch);
	}
	fclose(f);
	if (learned) { /* last: what the pass above wrote does not count */
		long budget = WARM_MAX_PAGES;
		mem_foreach(PROT_READ | PROT_WRITE, write_learned, &budget);
	}
}

static void mark(char *p, uintptr_t n)
{
	for (uintptr_t page = (uintptr_t)p / 4096, end = page + n / 4096; page < end; page++)
		__atomic_fetch_or(&learned->bit[page / 64], (uint64_t)1 << (page % 64), __ATOMIC_RELAXED);
}

static void learn_region(void *ctx, uint64_t lo, uint64_t hi)
{
	(void)ctx;
	each_resident(lo, hi, mark);
}

void warm_learn(void)
{
	if (learned && __atomic_fetch_add(&learned->sessions, 1, __ATOMIC_RELAXED) < WARM_LEARN)
		mem_foreach(PROT_READ | PROT_WRITE, learn_region, 0);
}
