/*
 * tables.c - small constant tables of the decoder (decode.h).
 */
#include "decode.h"

/* Legacy prefix bytes and the bit each sets; 0 for every other byte. */
const uint8_t val_prefix_bit[256] = {
	[0x66] = P_66, [0x67] = P_67, [0xF0] = P_LOCK, [0xF2] = P_F2, [0xF3] = P_F3,
	[0x26] = P_SEG, [0x2E] = P_SEG, [0x36] = P_SEG, [0x3E] = P_SEG,
	[0x64] = P_SEG, [0x65] = P_SEG,
};

/* Immediate bytes by kind, for (66, REX.W) = (0,0) (1,0) (0,1) (1,1); REX.W
 * overrides 0x66. */
const uint8_t val_imm_bytes[7][4] = {
	[IM_0] = { 0, 0, 0, 0 },     [IM_B] = { 1, 1, 1, 1 },
	[IM_W] = { 2, 2, 2, 2 },     [IM_Z] = { 4, 2, 4, 4 },
	[IM_V] = { 4, 2, 8, 8 },     [IM_REL8] = { 1, 1, 1, 1 },
	[IM_REL32] = { 4, 4, 4, 4 },
};


const uint8_t val_fast_pfx[256] = { [0x66] = P_66, [0x67] = P_67, [0x2E] = P_SEG };

/* ModRM byte -> bytes that follow it: SIB (rm 4 with mod != 3) and the
 * displacement; the extra 4 of a SIB with base 5 and mod 0 is added apart. */
#define MX(m) ((m) >> 6 == 3 ? 0 : \
	       ((m) & 7) == 4 ? 1 + ((m) >> 6 == 1 ? 1 : (m) >> 6 == 2 ? 4 : 0) : \
	       (m) >> 6 == 1 ? 1 : (m) >> 6 == 2 ? 4 : ((m) & 7) == 5 ? 4 : 0)
#define MX4(m) MX(m), MX((m) + 1), MX((m) + 2), MX((m) + 3)
#define MX16(m) MX4(m), MX4((m) + 4), MX4((m) + 8), MX4((m) + 12)
#define MX64(m) MX16(m), MX16((m) + 16), MX16((m) + 32), MX16((m) + 48)
const uint8_t val_modrm_extra[256] = { MX64(0), MX64(64), MX64(128), MX64(192) };
