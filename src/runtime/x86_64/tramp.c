/*
 * tramp.c - trampoline bytes, the springboard, and CPU set-up for switch.S.
 *
 * Slot 0 holds `movabs $ARCH_SPRINGBOARD, %rax; jmp *%rax` followed by hlt;
 * the springboard (outside guest memory, so unreadable to the guest) holds
 * the same jump to zvm_trap_gate. The gate trusts nothing it finds in guest
 * registers but edi and the stack.
 */
#include <cpuid.h>
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>

#include "arch.h"

struct zvm_ctx zvm_ctx;
extern char zvm_trap_gate[];

_Static_assert(offsetof(struct zvm_ctx, host_rsp) == 0, "switch.S offsets");
_Static_assert(offsetof(struct zvm_ctx, guest_rsp) == 8, "switch.S offsets");
_Static_assert(offsetof(struct zvm_ctx, rbx) == 16, "switch.S offsets");
_Static_assert(offsetof(struct zvm_ctx, r15) == 56, "switch.S offsets");
_Static_assert(offsetof(struct zvm_ctx, mxcsr) == 64, "switch.S offsets");
_Static_assert(offsetof(struct zvm_ctx, fcw) == 68, "switch.S offsets");
_Static_assert(offsetof(struct zvm_ctx, has_avx) == 70, "switch.S offsets");

/* movabs $target, %rax; jmp *%rax; then hlt */
static void write_jump(uint8_t *p, size_t n, uint64_t target)
{
	memset(p, 0xF4, n);
	p[0] = 0x48;
	p[1] = 0xB8;
	memcpy(p + 2, &target, sizeof target);
	p[10] = 0xFF;
	p[11] = 0xE0;
}

int arch_map_springboard(void)
{
	void *want = (void *)(uintptr_t)ARCH_SPRINGBOARD;
	void *p = mmap(want, 4096, PROT_READ | PROT_WRITE, /* populated: written next */
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE | MAP_POPULATE, -1, 0);
	if (p == MAP_FAILED)
		return errno;
	if (p != want) {
		munmap(p, 4096);
		return EEXIST;
	}
	write_jump(p, 4096, (uint64_t)(uintptr_t)zvm_trap_gate);
	return mprotect(p, 4096, PROT_READ | PROT_EXEC) == 0 ? 0 : errno;
}

void arch_write_trap_slot(uint8_t slot[TRAMP_SLOT_SIZE])
{
	write_jump(slot, TRAMP_SLOT_SIZE, ARCH_SPRINGBOARD);
}

/* AVX usable: the CPU has it and the kernel saves its state (OSXSAVE, and
 * XCR0 holds SSE and AVX). One cpuid, not __builtin_cpu_supports, whose
 * start-up constructor makes a dozen: each cpuid is a VM exit, ~1.8 us
 * here. */
void arch_init(void)
{
	unsigned a, b, c, d;
	int avx = 0;
	if (__get_cpuid(1, &a, &b, &c, &d) && (c & bit_AVX) && (c & bit_OSXSAVE)) {
		unsigned lo, hi;
		__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
		avx = (lo & 6) == 6;
	}
	zvm_ctx.has_avx = avx;
}
