/* trap.h - trap entry points that live in other files. */
#ifndef ZVM_TRAP_H
#define ZVM_TRAP_H

#include <stdint.h>

/* zvm_fork(): daemon mode when the manifest has a Job (daemon.c), else 0. */
int32_t trap_fork(void);

#endif
