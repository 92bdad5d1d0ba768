/*
 * arch.h - the x86-64 seam of the runtime: entering the guest, the trap gate
 * and the trampoline bytes. Everything machine-specific lives in this folder.
 */
#ifndef ZVM_ARCH_H
#define ZVM_ARCH_H

#include <stdint.h>

/* Layout shared with switch.S (offsets checked in tramp.c). */
struct zvm_ctx {
	uint64_t host_rsp;  /*  0: trusted stack at the gate */
	uint64_t guest_rsp; /*  8: guest rsp at the last trap */
	uint64_t rbx, rbp, r12, r13, r14, r15; /* 16..56: guest callee-saved */
	uint32_t mxcsr;     /* 64: guest MXCSR while the runtime runs */
	uint16_t fcw;       /* 68: guest x87 control word */
	uint8_t has_avx;    /* 70: zero vectors with vzeroall */
	uint8_t pad;
};
extern struct zvm_ctx zvm_ctx;

/* Starts the guest at entry with the given rsp; never returns. */
__attribute__((noreturn)) void zvm_enter(uint32_t entry, uint32_t rsp);

/* The trap handler the gate calls on the trusted stack (trap.c). */
int32_t zvm_trap(uint32_t argp);

#define TRAMP_SLOT_SIZE 32u

/* The springboard: one page at a fixed address just above the sandbox
 * reservation that jumps to the gate. Slot 0 jumps to it, so the guest-
 * visible bytes never depend on where ASLR put the runtime (determinism)
 * and the runtime's address stays out of guest memory. */
#define ARCH_SPRINGBOARD 0x140000000ull

/* Maps the springboard; 0 or errno. */
int arch_map_springboard(void);

/* Writes trampoline slot 0 (the trap) into a 32-byte buffer. */
void arch_write_trap_slot(uint8_t slot[TRAMP_SLOT_SIZE]);

/* Sets up what the gate needs (CPU features). */
void arch_init(void);

#endif
