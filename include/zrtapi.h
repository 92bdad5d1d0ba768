/*
 * zrtapi.h - what ZRT (the sandbox's C runtime) adds to the C library.
 */
#ifndef ZRTAPI_H
#define ZRTAPI_H

/*
 * zfork: zvm_fork(), then the new session's /dev/nvram is read again: [env]
 * replaces the environment, [debug] and [mapping] apply anew and [fstab]
 * exports go to the new channels at exit ([time], [random] and the mounts
 * stay as they were). Returns zvm_fork's result. Without a Job in the
 * manifest, zvm_fork returns at once and so does zfork.
 *
 * With "[precache] precache=yes" in the nvram, ZRT calls zfork itself after
 * the [fstab] mounts and before main, which then gets the request's [args].
 */
int zfork(void);

#endif
