/*
 * zrt_mem.c - brk and anonymous mmap over the heap the manifest gives.
 *
 * The heap is [heap_ptr, heap_ptr + heap_size). The break grows up from its
 * bottom (after what startup took with zrt_early_alloc); mappings are placed
 * top down, first fit, and kept in a sorted table of extents. The break may
 * grow up to the lowest mapping; MAP_FIXED over pages of the break zeroes
 * them in place (they stay part of the break). Memory handed out is zero: the heap starts
 * zeroed, and pages that were in use before (below the highest break, or at
 * or above the lowest mapping ever made) are cleared when handed out again.
 * mprotect cannot change protections (no trap does): it accepts R/W requests
 * and refuses PROT_EXEC (dynamic code goes through zvm_jail).
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#include "zrt.h"

#define PAGE 4096u
#define MAX_MAPS 16384

struct ext { uintptr_t start, end; };

static uintptr_t lo, hi;            /* heap bounds, page aligned */
static uintptr_t early;             /* bump pointer of zrt_early_alloc */
static uintptr_t brk_base, brk_cur, brk_max;
static uintptr_t fresh_low;         /* [fresh_low, hi) has been mapped before */
static struct ext maps[MAX_MAPS];   /* sorted by start, disjoint */
static int nmaps;

static uintptr_t up(uintptr_t x) { return (x + PAGE - 1) & ~(uintptr_t)(PAGE - 1); }

void zrt_mem_init(uintptr_t heap, uint32_t size)
{
	lo = up(heap);
	hi = (heap + size) & ~(uintptr_t)(PAGE - 1);
	if (hi < lo)
		hi = lo;
	early = lo;
	brk_base = brk_cur = brk_max = lo;
	fresh_low = hi;
	nmaps = 0;
}

void *zrt_early_alloc(size_t size)
{
	uintptr_t p = (early + 15) & ~(uintptr_t)15;
	if (size > hi - p)
		return 0;
	early = p + size;
	brk_base = brk_cur = brk_max = up(early);
	return (void *)p;
}

static uintptr_t lowest_map(void)
{
	return nmaps ? maps[0].start : hi;
}

/* Zeroes the parts of [s, e) that may hold old data. */
static void clear(uintptr_t s, uintptr_t e)
{
	if (s < brk_max)
		memset((void *)s, 0, (e < brk_max ? e : brk_max) - s);
	uintptr_t f = s > fresh_low ? s : fresh_low;
	if (f < e)
		memset((void *)f, 0, e - f);
}

long zrt_brk(uintptr_t addr)
{
	if (addr == 0 || addr < brk_base || up(addr) > lowest_map())
		return (long)brk_cur;
	if (addr > brk_cur)
		clear(brk_cur, addr);
	brk_cur = addr;
	if (up(addr) > brk_max)
		brk_max = up(addr);
	return (long)brk_cur;
}

static int insert(uintptr_t s, uintptr_t e)
{
	int i = 0;
	if (nmaps == MAX_MAPS)
		return -ENOMEM;
	while (i < nmaps && maps[i].start < s)
		i++;
	memmove(&maps[i + 1], &maps[i], sizeof maps[0] * (size_t)(nmaps - i));
	maps[i].start = s;
	maps[i].end = e;
	nmaps++;
	/* merge with touching neighbours */
	if (i + 1 < nmaps && maps[i].end == maps[i + 1].start) {
		maps[i].end = maps[i + 1].end;
		memmove(&maps[i + 1], &maps[i + 2], sizeof maps[0] * (size_t)(nmaps - i - 2));
		nmaps--;
	}
	if (i > 0 && maps[i - 1].end == maps[i].start) {
		maps[i - 1].end = maps[i].end;
		memmove(&maps[i], &maps[i + 1], sizeof maps[0] * (size_t)(nmaps - i - 1));
		nmaps--;
	}
	return 0;
}

/* Removes [s, e) from the table, splitting extents as needed. */
static int remove_range(uintptr_t s, uintptr_t e)
{
	for (int i = 0; i < nmaps; i++) {
		struct ext *m = &maps[i];
		if (m->end <= s || m->start >= e)
			continue;
		if (m->start < s && m->end > e) { /* split */
			if (nmaps == MAX_MAPS)
				return -ENOMEM;
			uintptr_t oe = m->end;
			m->end = s;
			return insert(e, oe);
		}
		if (m->start < s) {
			m->end = s;
		} else if (m->end > e) {
			m->start = e;
		} else {
			memmove(m, m + 1, sizeof maps[0] * (size_t)(nmaps - i - 1));
			nmaps--;
			i--;
		}
	}
	return 0;
}

/* Top-down first fit; 0 when nothing fits. */
static uintptr_t find(size_t len)
{
	uintptr_t top = hi;
	uintptr_t floor = up(brk_cur);
	for (int i = nmaps - 1; i >= -1; i--) {
		uintptr_t bottom = i >= 0 ? maps[i].end : floor;
		if (bottom < floor)
			bottom = floor;
		if (top >= bottom && top - bottom >= len)
			return top - len;
		if (i >= 0)
			top = maps[i].start;
	}
	return 0;
}

static int is_free(uintptr_t s, uintptr_t e)
{
	if (s < up(brk_cur) || e > hi || e < s)
		return 0;
	for (int i = 0; i < nmaps; i++)
		if (maps[i].start < e && maps[i].end > s)
			return 0;
	return 1;
}

static uintptr_t map_new(size_t len)
{
	uintptr_t p = find(len);
	if (!p || insert(p, p + len))
		return 0;
	clear(p, p + len);
	if (p < fresh_low)
		fresh_low = p;
	return p;
}

long zrt_mmap(uintptr_t addr, size_t len, int prot, int flags, int fd, int64_t off)
{
	if (!len || len > hi - lo)
		return -ENOMEM;
	if (prot & PROT_EXEC)
		return -EACCES;
	len = up(len);
	struct zrt_node *file = 0;
	if (!(flags & MAP_ANONYMOUS)) {
		/* A private copy of a memory file's contents. */
		if (flags & MAP_SHARED && prot & PROT_WRITE)
			return -ENODEV;
		file = zrt_fd_node(fd);
		if (!file)
			return -EBADF;
		if (file->chan >= 0 || file->dev != DEV_NONE || off < 0 || (off & (PAGE - 1)))
			return -ENODEV;
	}
	uintptr_t p;
	if (flags & MAP_FIXED) {
		if (addr & (PAGE - 1))
			return -EINVAL;
		if (addr < brk_base || addr + len > hi || addr + len < addr)
			return -ENOMEM;
		/* Pages under the break are replaced in place, as Linux does
		 * (musl's malloc puts a guard page at the start of its break);
		 * the rest becomes a mapping. */
		uintptr_t m = addr > up(brk_cur) ? addr : up(brk_cur);
		if (m < addr + len) {
			if (remove_range(m, addr + len) || insert(m, addr + len))
				return -ENOMEM;
			if (m < fresh_low)
				fresh_low = m;
		}
		p = addr;
		memset((void *)p, 0, len);
	} else {
		p = map_new(len);
		if (!p)
			return -ENOMEM;
	}
	if (file && off < file->size) {
		int64_t n = file->size - off;
		if (n > (int64_t)len)
			n = (int64_t)len;
		memcpy((void *)p, file->data + off, (size_t)n);
	}
	return (long)p;
}

long zrt_munmap(uintptr_t addr, size_t len)
{
	if (addr & (PAGE - 1) || !len)
		return -EINVAL;
	len = up(len);
	if (addr < lo || addr + len > hi || addr + len < addr)
		return -EINVAL;
	return remove_range(addr, addr + len);
}

long zrt_mremap(uintptr_t old, size_t oldlen, size_t newlen, int flags, uintptr_t newaddr)
{
	(void)newaddr;
	if (old & (PAGE - 1) || !newlen || flags & ~MREMAP_MAYMOVE)
		return -EINVAL;
	oldlen = up(oldlen);
	newlen = up(newlen);
	int i;
	for (i = 0; i < nmaps; i++)
		if (maps[i].start <= old && old + oldlen <= maps[i].end)
			break;
	if (i == nmaps)
		return -EFAULT;
	if (newlen <= oldlen) {
		if (newlen < oldlen)
			remove_range(old + newlen, old + oldlen);
		return (long)old;
	}
	if (is_free(old + oldlen, old + newlen)) {
		if (insert(old + oldlen, old + newlen))
			return -ENOMEM;
		clear(old + oldlen, old + newlen);
		return (long)old;
	}
	if (!(flags & MREMAP_MAYMOVE))
		return -ENOMEM;
	uintptr_t p = map_new(newlen);
	if (!p)
		return -ENOMEM;
	memcpy((void *)p, (void *)old, oldlen);
	remove_range(old, old + oldlen);
	return (long)p;
}

long zrt_mprotect(uintptr_t addr, size_t len, int prot)
{
	(void)len;
	if (addr & (PAGE - 1))
		return -EINVAL;
	return prot & PROT_EXEC ? -EACCES : 0;
}
