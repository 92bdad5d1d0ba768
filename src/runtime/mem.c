/*
 * mem.c - the guest address space.
 *
 * The table is a short sorted array of disjoint regions with one protection
 * each; mapping or protecting a range overwrites whatever regions it covers.
 * Guests have a handful of regions (trampolines, text, rodata, data, heap,
 * manifest, stack) plus one per jailed range, so a linear scan is fast.
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#include "mem.h"

#define MAX_REGIONS 4096

struct region {
	uint64_t start, end;
	int prot;
};

static struct region regions[MAX_REGIONS];
static int nregions;
static int reserved;

/* Replaces the table's view of [start, end) with prot (or removes it when
 * prot < 0). Returns -ENOMEM when the table would overflow. */
static int table_set(uint64_t start, uint64_t end, int prot)
{
	struct region out[MAX_REGIONS];
	int n = 0, placed = 0;

	for (int i = 0; i < nregions; i++) {
		struct region r = regions[i];
		if (r.end <= start || r.start >= end) {
			if (!placed && r.start >= end && prot >= 0) {
				if (n == MAX_REGIONS)
					return -ENOMEM;
				out[n++] = (struct region){ start, end, prot };
				placed = 1;
			}
			if (n == MAX_REGIONS)
				return -ENOMEM;
			out[n++] = r;
			continue;
		}
		if (r.start < start) {
			if (n == MAX_REGIONS)
				return -ENOMEM;
			out[n++] = (struct region){ r.start, start, r.prot };
		}
		if (!placed && prot >= 0) {
			if (n == MAX_REGIONS)
				return -ENOMEM;
			out[n++] = (struct region){ start, end, prot };
			placed = 1;
		}
		if (r.end > end) {
			if (n == MAX_REGIONS)
				return -ENOMEM;
			out[n++] = (struct region){ end, r.end, r.prot };
		}
	}
	if (!placed && prot >= 0) {
		if (n == MAX_REGIONS)
			return -ENOMEM;
		out[n++] = (struct region){ start, end, prot };
	}
	/* Merge neighbours with equal protection. */
	int m = 0;
	for (int i = 0; i < n; i++) {
		if (m && out[m - 1].end == out[i].start && out[m - 1].prot == out[i].prot)
			out[m - 1].end = out[i].end;
		else
			out[m++] = out[i];
	}
	memcpy(regions, out, (size_t)m * sizeof *out);
	nregions = m;
	return 0;
}

int mem_reserve(void)
{
	if (reserved)
		return 0;
	/* Page 0 too when the kernel lets us; the first 64 KiB stay PROT_NONE. */
	static const uint64_t lows[] = { 0, MEM_PAGE, MEM_CHUNK };
	for (size_t i = 0; i < sizeof lows / sizeof lows[0]; i++) {
		void *want = (void *)(uintptr_t)lows[i];
		void *p = mmap(want, MEM_RESERVED - lows[i], PROT_NONE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE,
			       -1, 0);
		if (p == want) {
			reserved = 1;
			return 0;
		}
		if (p != MAP_FAILED) { /* an old kernel ignored the hint */
			munmap(p, MEM_RESERVED - lows[i]);
			return -EEXIST;
		}
		/* mmap_min_addr refuses low pages with EPERM; musl's mmap()
		 * reports that as ENOMEM when the address asked for is 0 */
		if (errno != EPERM && errno != EACCES && !(errno == ENOMEM && !want))
			return -errno;
	}
	return -EPERM;
}

static int valid_range(uint64_t start, uint64_t end)
{
	return start < end && end <= MEM_GUEST_SIZE && start >= MEM_CHUNK &&
	       start % MEM_PAGE == 0 && end % MEM_PAGE == 0;
}

int mem_map(uint64_t start, uint64_t end, int prot)
{
	if (!reserved || !valid_range(start, end))
		return -EINVAL;
	if (mmap(mem_ptr(start), end - start, prot,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0) == MAP_FAILED)
		return -errno;
	return table_set(start, end, prot);
}

int mem_map_file(uint64_t start, uint64_t end, int prot, int fd)
{
	if (!reserved || !valid_range(start, end) || !mem_check(start, end - start, prot) ||
	    mem_prot_at(start) != prot || mem_prot_at(end - 1) != prot)
		return -EINVAL;
	if (mmap(mem_ptr(start), end - start, prot, MAP_SHARED | MAP_FIXED, fd, 0) == MAP_FAILED)
		return -errno;
	return table_set(start, end, prot);
}

int mem_protect(uint64_t start, uint64_t end, int prot)
{
	if (!reserved || !valid_range(start, end) || !mem_check(start, end - start, 0))
		return -EINVAL;
	if (mprotect(mem_ptr(start), end - start, prot) != 0)
		return -errno;
	return table_set(start, end, prot);
}

int mem_check(uint64_t p, uint64_t n, int prot)
{
	uint64_t end = p + n;

	if (end < p || end > MEM_GUEST_SIZE)
		return 0;
	if (n == 0)
		return 1;
	for (int i = 0; i < nregions && p < end; i++) {
		const struct region *r = &regions[i];
		if (r->end <= p)
			continue;
		if (r->start > p || (r->prot & prot) != prot)
			return 0;
		p = r->end;
	}
	return p >= end;
}

void mem_foreach(int prot, void (*fn)(void *ctx, uint64_t start, uint64_t end), void *ctx)
{
	for (int i = 0; i < nregions; i++)
		if ((regions[i].prot & prot) == prot)
			fn(ctx, regions[i].start, regions[i].end);
}

int mem_prot_at(uint64_t p)
{
	for (int i = 0; i < nregions; i++)
		if (regions[i].start <= p && p < regions[i].end)
			return regions[i].prot;
	return 0;
}
