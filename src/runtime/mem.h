/*
 * mem.h - the guest address space: reservation, mappings, access checks.
 *
 * Invariant: from the first thing the process does until it exits, every byte
 * of [0, MEM_RESERVED) belongs to the sandbox: it is either a guest mapping
 * listed in the region table or reserved PROT_NONE. No trusted mapping can
 * land there. The region table mirrors the real protections exactly, so trap
 * arguments are checked against it without asking the kernel.
 */
#ifndef ZVM_MEM_H
#define ZVM_MEM_H

#include <stddef.h>
#include <stdint.h>

#define MEM_GUEST_SIZE  ((uint64_t)1 << 32)
#define MEM_GUARD_SIZE  ((uint64_t)1 << 30)
#define MEM_RESERVED    (MEM_GUEST_SIZE + MEM_GUARD_SIZE)
#define MEM_CHUNK       0x10000u /* jail/unjail and heap granularity */
#define MEM_PAGE        0x1000u

/* Reserves [0, MEM_RESERVED) PROT_NONE; 0 or -errno. Idempotent. */
int mem_reserve(void);

/* Maps zeroed memory over [start, end) with prot (PROT_* bits); 0 or -errno. */
int mem_map(uint64_t start, uint64_t end, int prot);

/* Maps [start, end) of the file fd (from offset 0) shared, over memory
 * already mapped with the same prot: the contents change, the table does
 * not. 0 or -errno. */
int mem_map_file(uint64_t start, uint64_t end, int prot, int fd);

/* Changes the protection of mapped memory; 0 or -errno. */
int mem_protect(uint64_t start, uint64_t end, int prot);

/* Does guest [p, p+n) lie in memory that has every bit of prot? n may be 0. */
int mem_check(uint64_t p, uint64_t n, int prot);

/* Calls fn for every guest region with all bits of prot, in address order. */
void mem_foreach(int prot, void (*fn)(void *ctx, uint64_t start, uint64_t end), void *ctx);

/* Protection of the page holding p (0 when unmapped). */
int mem_prot_at(uint64_t p);

/* Host pointer to guest address p (the sandbox is zero based). */
static inline void *mem_ptr(uint64_t p) { return (void *)(uintptr_t)p; }

#endif
