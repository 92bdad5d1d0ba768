/*
 * zvm.h - the guest API of ZeroVM (compatible with the original ZeroVM 1.0).
 *
 * A guest has one trap, at guest address 0x10000, called with a pointer to an
 * array {function, 0, arguments...}. Every function returns -errno on error;
 * pread/pwrite return the bytes transferred, jail/unjail and fork 0, and exit
 * does not return. MANIFEST points at the read-only user manifest.
 */
#ifndef ZVM_H
#define ZVM_H

#include <stdint.h>

enum TrapCalls {
	TrapRead = 0x64616552,   /* "Read" */
	TrapWrite = 0x74697257,  /* "Writ" */
	TrapJail = 0x6c69614a,   /* "Jail" */
	TrapUnjail = 0x6c6a6e55, /* "Unjl" */
	TrapExit = 0x74697845,   /* "Exit" */
	TrapFork = 0x6b726f46    /* "Fork" */
};

/* Channel types: bit 0 = random reads, bit 1 = random writes. */
enum ChannelType { SGetSPut = 0, RGetSPut = 1, SGetRPut = 2, RGetRPut = 3 };

enum ChannelLimits { GetsLimit, GetSizeLimit, PutsLimit, PutSizeLimit, LimitsNumber };

struct ZVMChannel {
	int64_t limits[LimitsNumber];
	int64_t size;          /* 0 for sequential channels, else the size at start */
	enum ChannelType type;
	char *name;            /* the alias, e.g. "/dev/stdin" */
};

struct UserManifest {
	void *heap_ptr;        /* first byte of the heap */
	uint32_t heap_size;
	uint32_t stack_size;
	int32_t channels_count;
	struct ZVMChannel *channels;
};

#define ZVM_TRAP_ADDRESS 0x10000u
#define ZVM_MANIFEST_POINTER 0xFEFFFFFCu

#define MANIFEST ((const struct UserManifest *)*((const uintptr_t *)ZVM_MANIFEST_POINTER))

#define TRAP ((int32_t (*)(uint64_t *))ZVM_TRAP_ADDRESS)

#define zvm_pread(desc, buffer, size, offset) \
	TRAP((uint64_t[]){ TrapRead, 0, (uint64_t)(desc), (uintptr_t)(buffer), (uint64_t)(size), (uint64_t)(offset) })
#define zvm_pwrite(desc, buffer, size, offset) \
	TRAP((uint64_t[]){ TrapWrite, 0, (uint64_t)(desc), (uintptr_t)(buffer), (uint64_t)(size), (uint64_t)(offset) })
#define zvm_jail(buffer, size) \
	TRAP((uint64_t[]){ TrapJail, 0, (uintptr_t)(buffer), (uint64_t)(size) })
#define zvm_unjail(buffer, size) \
	TRAP((uint64_t[]){ TrapUnjail, 0, (uintptr_t)(buffer), (uint64_t)(size) })
#define zvm_exit(code) \
	TRAP((uint64_t[]){ TrapExit, 0, (uint64_t)(code) })
#define zvm_fork() \
	TRAP((uint64_t[]){ TrapFork })

#endif
