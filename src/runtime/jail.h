/*
 * jail.h - dynamic code: zvm_jail and zvm_unjail (jail.c).
 *
 * A unit is the exact range one successful zvm_jail call made executable.
 * Units are disjoint, and leave executable memory only whole.
 */
#ifndef ZVM_JAIL_H
#define ZVM_JAIL_H

#include <stdint.h>

#define JAIL_MAX_UNITS 1024

struct jail_unit {
	uint64_t start, size;
};

/* The traps: 0 or -errno (original ZeroVM's values, see jail.c). */
int32_t jail_trap(uint64_t buf, uint64_t size);
int32_t unjail_trap(uint64_t buf, uint64_t size);

/* The units now executable, sorted by address; *n gets their count. */
const struct jail_unit *jail_units(int *n);

#endif
