/*
 * linux.h - Linux calls and flags newer than the libc: the trusted binaries
 * build on glibc (tests, sanitizers) and on musl 1.2.3 (the shipped zerovm
 * and zvsh, src/hostlib), which has no close_range() wrapper and no
 * MADV_POPULATE_* names. Values from the kernel's uapi headers.
 */
#ifndef ZVM_LINUX_H
#define ZVM_LINUX_H

#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22
#endif
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

/* close_range(2) (Linux 5.9) through syscall(2), on either libc. */
static inline int linux_close_range(unsigned first, unsigned last)
{
	return (int)syscall(SYS_close_range, first, last, 0);
}

#endif
