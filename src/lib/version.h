/*
 * version.h - the one version every command prints for --version.
 */
#ifndef ZVM_VERSION_H
#define ZVM_VERSION_H

#define ZVM_VERSION "0.13"

/* "NAME (ZeroVM in C) VERSION": one line, the same form everywhere. */
#define ZVM_VERSION_LINE(name) name " (ZeroVM in C) " ZVM_VERSION "\n"

#endif
