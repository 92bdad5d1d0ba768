/* trap.h - trap entry points that live in other files. */
#ifndef ZVM_TRAP_H
#define ZVM_TRAP_H

#include <stdint.h>

/* zvm_fork(): 0 while no Job is configured (daemon mode comes later). */
int32_t trap_fork(void);

#endif
