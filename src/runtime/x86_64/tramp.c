/*
 * tramp.c - trampoline bytes and CPU feature set-up for switch.S.
 *
 * Slot 0 holds `movabs $zvm_trap_gate, %rax; jmp *%rax` followed by hlt. The
 * gate's address is the only trusted address the guest can read; the gate
 * itself trusts nothing it finds in guest registers but edi and the stack.
 */
#include <stddef.h>
#include <string.h>

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

void arch_write_trap_slot(uint8_t slot[TRAMP_SLOT_SIZE])
{
	uint64_t gate = (uint64_t)(uintptr_t)zvm_trap_gate;

	memset(slot, 0xF4, TRAMP_SLOT_SIZE);
	slot[0] = 0x48; /* movabs $gate, %rax */
	slot[1] = 0xB8;
	memcpy(slot + 2, &gate, sizeof gate);
	slot[10] = 0xFF; /* jmp *%rax */
	slot[11] = 0xE0;
}

void arch_init(void)
{
	__builtin_cpu_init();
	zvm_ctx.has_avx = __builtin_cpu_supports("avx") ? 1 : 0;
}
