/*
 * trap.c - the six trap functions (original ZeroVM semantics).
 *
 * The guest passes a pointer to {function, 0, args...}. The words are copied
 * out of guest memory after a bounds check, and every guest pointer is checked
 * against the region table (overflow-safe) before the runtime touches it.
 * Errors come back as -errno; host I/O failures end the session.
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#include "jail.h"
#include "mem.h"
#include "session.h"
#include "trap.h"
#include "x86_64/arch.h"
#include "zvm.h"

static int nargs(uint64_t fn)
{
	switch (fn) {
	case TrapRead:
	case TrapWrite:
		return 6;
	case TrapJail:
	case TrapUnjail:
		return 4;
	case TrapExit:
		return 3;
	case TrapFork:
		return 1;
	default:
		return 0;
	}
}

static int32_t data_trap(int write, const uint64_t *a)
{
	int64_t desc = (int32_t)a[2];
	uint64_t buf = a[3];
	int32_t size = (int32_t)a[4];
	int64_t off = (int64_t)a[5];
	char err[256];
	int32_t r;

	if (desc < 0 || desc >= zs.nch)
		return -EINVAL;
	if (size > 0 && !mem_check(buf, (uint64_t)size, write ? PROT_READ : PROT_WRITE))
		return -EINVAL;
	if (write)
		r = ch_pwrite(&zs.ch[desc], mem_ptr(buf), size, off, err, sizeof err);
	else
		r = ch_pread(&zs.ch[desc], mem_ptr(buf), size, off, err, sizeof err);
	if (r == CH_FATAL)
		session_fail(EIO, "%s", err);
	return r;
}

int32_t zvm_trap(uint32_t argp)
{
	uint64_t a[6];
	int n;

	/* The gate returns through the word at the guest's rsp. */
	if (!mem_check(zvm_ctx.guest_rsp, 8, PROT_READ | PROT_WRITE))
		session_fail(EFAULT, "trap called with an invalid stack pointer 0x%llx",
			     (unsigned long long)zvm_ctx.guest_rsp);
	if (!mem_check(argp, 8, PROT_READ))
		return -EFAULT;
	memcpy(a, mem_ptr(argp), 8);
	n = nargs(a[0]);
	if (n == 0)
		return -EPERM;
	if (!mem_check(argp, (uint64_t)n * 8, PROT_READ))
		return -EFAULT;
	memcpy(a, mem_ptr(argp), (size_t)n * 8);

	switch (a[0]) {
	case TrapRead:
		return data_trap(0, a);
	case TrapWrite:
		return data_trap(1, a);
	case TrapJail:
		return jail_trap(a[2], a[3]);
	case TrapUnjail:
		return unjail_trap(a[2], a[3]);
	case TrapExit:
		zs.user_code = (int32_t)a[2];
		session_end();
	case TrapFork:
		return trap_fork();
	}
	return -EPERM;
}
