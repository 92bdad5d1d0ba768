/*
 * jail.c - dynamic code: a guest makes heap bytes executable (zvm_jail) and
 * writable again (zvm_unjail).
 *
 * Invariant: every direct branch in executable guest memory lands on an
 * instruction boundary of the code as it is now. The validator checks each
 * jailed range as one unit, and it rejects direct branches that leave the
 * unit (trampoline slots aside), so units are independent of each other.
 * What could break that is a unit leaving executable memory in part: its
 * remaining code keeps branches into the part that left, which could come
 * back rewritten so that an old target is the middle of a new masked jump.
 * Hence a unit leaves only whole: zvm_unjail takes exactly the start and
 * size of one earlier zvm_jail, and anything else is -EINVAL (NaCl's dynamic
 * code interface keeps the same rule). The unit table below is the record.
 *
 * Check order: range shape and heap bounds (-EINVAL), the bytes mapped and
 * writable, that is in no unit (-EINVAL), room in the table (-ENOMEM), then
 * the validator (-EPERM; the bytes stay writable).
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#include "jail.h"
#include "mem.h"
#include "session.h"
#include "validator/validator.h"

static struct jail_unit units[JAIL_MAX_UNITS];
static int nunits;

/* A 64 KiB-aligned, page-multiple range inside the heap. */
static int heap_range(uint64_t buf, uint64_t size)
{
	return size > 0 && size % MEM_PAGE == 0 && buf % MEM_CHUNK == 0 &&
	       buf >= zs.heap_start && buf + size >= buf && buf + size <= zs.heap_end;
}

/* Index of the unit that is exactly [buf, buf+size), or -1. */
static int find_unit(uint64_t buf, uint64_t size)
{
	for (int i = 0; i < nunits; i++)
		if (units[i].start == buf && units[i].size == size)
			return i;
	return -1;
}

static void add_unit(uint64_t buf, uint64_t size)
{
	int i = nunits++;
	while (i > 0 && units[i - 1].start > buf) {
		units[i] = units[i - 1];
		i--;
	}
	units[i] = (struct jail_unit){ buf, size };
}

int32_t jail_trap(uint64_t buf, uint64_t size)
{
	struct val_result res;

	/* Writable bytes are in no unit: units are R+X until they leave. */
	if (!heap_range(buf, size) || !mem_check(buf, size, PROT_READ | PROT_WRITE))
		return -EINVAL;
	if (nunits == JAIL_MAX_UNITS)
		return -ENOMEM;
	/* Freeze the bytes before checking them, then make them executable. */
	if (mem_protect(buf, buf + size, PROT_READ) != 0)
		return -EACCES;
	if (val_validate(mem_ptr(buf), size, (uint32_t)buf, 0, 0, 0, &res) != 0) {
		if (mem_protect(buf, buf + size, PROT_READ | PROT_WRITE) != 0)
			session_fail(EFAULT, "jail: cannot restore heap protection");
		say(2, "jail 0x%llx: invalid at 0x%x: %s", (unsigned long long)buf,
		    (unsigned)res.addr, res.reason ? res.reason : "?");
		return -EPERM;
	}
	if (mem_protect(buf, buf + size, PROT_READ | PROT_EXEC) != 0)
		session_fail(EFAULT, "jail: cannot make validated code executable");
	add_unit(buf, size);
	return 0;
}

int32_t unjail_trap(uint64_t buf, uint64_t size)
{
	int i = find_unit(buf, size);

	if (i < 0)
		return -EINVAL;
	/* Not executable before it is forgotten: no moment where the table
	 * lacks a unit that can run. */
	if (mem_protect(buf, buf + size, PROT_READ | PROT_WRITE) != 0)
		session_fail(EFAULT, "unjail: cannot make the unit writable");
	memmove(&units[i], &units[i + 1], (size_t)(nunits - i - 1) * sizeof *units);
	nunits--;
	return 0;
}

const struct jail_unit *jail_units(int *n)
{
	*n = nunits;
	return units;
}
