/* interp.c - an interpreter loop: a small stack bytecode VM dispatched by a
 * switch (a jump table: an indirect jump per instruction), whose CALLF
 * instruction makes indirect calls through a table of function pointers. */
#include "common.h"

enum { PUSH, ADD, SUB, MUL, DUP, SWAP, DROP, JNZ, DEC, CALLF, XOR, SHR, HALT };

typedef uint64_t (*fn)(uint64_t);
static uint64_t f0(uint64_t x) { return x * 3 + 1; }
static uint64_t f1(uint64_t x) { return x ^ (x >> 5); }
static uint64_t f2(uint64_t x) { return x + 0x9e37; }
static uint64_t f3(uint64_t x) { return (x << 3) - x; }
static fn volatile table[4] = { f0, f1, f2, f3 };

static uint64_t run(const int32_t *code, uint64_t acc, int32_t loops)
{
	uint64_t st[64];
	int sp = 0, pc = 0;
	st[sp++] = acc;
	st[sp++] = (uint64_t)loops;
	for (;;) {
		int32_t op = code[pc++];
		switch (op) {
		case PUSH: st[sp++] = (uint64_t)code[pc++]; break;
		case ADD: sp--; st[sp - 1] += st[sp]; break;
		case SUB: sp--; st[sp - 1] -= st[sp]; break;
		case MUL: sp--; st[sp - 1] *= st[sp]; break;
		case XOR: sp--; st[sp - 1] ^= st[sp]; break;
		case SHR: st[sp - 1] >>= code[pc++]; break;
		case DUP: st[sp] = st[sp - 1]; sp++; break;
		case SWAP: { uint64_t t = st[sp - 1]; st[sp - 1] = st[sp - 2]; st[sp - 2] = t; } break;
		case DROP: sp--; break;
		case DEC: st[sp - 1]--; break;
		case JNZ: if (st[sp - 1]) pc = code[pc]; else pc++; break;
		case CALLF: st[sp - 1] = table[st[sp - 1] & 3](st[sp - 1]); break;
		case HALT: return st[0] + st[sp - 1];
		default: return 0;
		}
	}
}

int main(int argc, char **argv)
{
	/* acc, n on the stack; loop: acc = f(acc * 5 + 7) ^ (acc >> 3); n-- */
	static const int32_t code[] = {
		/* 0 */ SWAP, DUP, PUSH, 5, MUL, PUSH, 7, ADD, CALLF, SWAP, SHR, 3, XOR,
		/* 13 */ SWAP, DEC, JNZ, 0, HALT,
	};
	long n = scale(argc, argv);
	uint64_t acc = 1;

	for (long i = 0; i < n; i++)
		acc = run(code, acc + (uint64_t)i, 100000);
	return report("interp", acc);
}
