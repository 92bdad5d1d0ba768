/*
 * index.h - the decoder's index, as built by index.c at build time.
 */
#ifndef ZVM_INDEX_H
#define ZVM_INDEX_H

#include <stdint.h>

#define NKEY    (MAP_COUNT * 256 * 8) /* (map, opcode, ModRM.reg) */
#define NQUICK  (2 * 256 * 8)         /* fast-path keys: one-byte and 0F maps */
#define MAXREFS 8192
#define MAXROWS 4095                  /* a fast-path descriptor holds row + 1 in 12 bits */

extern uint16_t ix_start[NKEY + 1];
extern uint16_t ix_row[MAXREFS];
extern uint8_t ix_modrm[MAP_COUNT * 256];
extern uint8_t ix_row_pfx[MAXROWS];
extern uint64_t ix_quick[NQUICK];

/* Builds the index; returns NULL, or what is wrong with the table. */
const char *ix_build(void);

#endif
