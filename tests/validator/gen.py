#!/usr/bin/env python3
"""tests/validator/gen.py - generated branch-target cases for tests/validator.

Prints cases in the format of tests/validator/cases/*.s (see run.sh). The code
is loaded at 0x20000 (zvm-validate --raw); every case is bundle 0 (the branch),
then an optional fragment, then the harness's 32-byte hlt epilogue.

  sweep    a branch in bundle 0 aimed at every byte offset from 0 to the end
           of the code (inclusive: the end itself is outside the code). The
           fragment holds multi-byte instructions, a 10-byte long nop, two
           mask pairs (one on r11, one with a call), the return sequence and
           a jcc. A target is valid exactly at instruction starts that are
           not the 2nd instruction of a mask pair or the 2nd/3rd of the
           return sequence.
  tramp    a jmp / call / jcc rel32 to trampoline slot starts (0x10000+32k,
           k < 2048: valid) and to everything near them (invalid), and to
           other addresses outside the code (invalid, vsyscall page included).
  mask     the mask pair with REX variants on both instructions: valid only
           as [41] 83 e0+r e0 followed by jmp/call *%rR of the same register
           number (REX.B included). Pairs whose only oddity is a redundant
           REX on the branch (40, 48, 49) are left out: the rules do not say.
  mutate   the return sequence and a mask pair with one immediate,
           displacement or register field changed: every instruction stays
           valid, but the ret / the jmp is no longer protected.
"""

BASE = 0x20000
TRAMP = 0x10000
NSLOTS = 2048

# (bytes, may a direct branch target this instruction's first byte?)
FRAGMENT = [
    # bundle 1 (0x20)
    ([0x48, 0xB8, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11], True),  # movabs $..,%rax
    ([0x83, 0xE0, 0xE0], True),                    # andl $-32,%eax   (mask pair)
    ([0xFF, 0xE0], False),                         # jmp *%rax        (pair interior)
    ([0x90], True),                                # nop
    ([0x67, 0x44, 0x8B, 0x1C, 0x24], True),        # movl (%esp),%r11d (in-place return)
    ([0x41, 0x83, 0xE3, 0xE0], False),             # andl $-32,%r11d
    ([0x67, 0x4C, 0x89, 0x1C, 0x24], False),       # movq %r11,(%esp)
    ([0xC3], False),                               # ret
    ([0xF4], True),                                # hlt
    # bundle 2 (0x40)
    ([0x66, 0x2E, 0x0F, 0x1F, 0x84, 0, 0, 0, 0, 0], True),  # cs nopw 0(%rax,%rax)
    ([0x41, 0x83, 0xE3, 0xE0], True),              # andl $-32,%r11d  (mask pair)
    ([0x41, 0xFF, 0xE3], False),                   # jmp *%r11        (pair interior)
    ([0x74, 0x00], True),                          # je .+2
    ([0x67, 0x48, 0x8B, 0x44, 0x24, 0x08], True),  # movq 8(%esp),%rax
    ([0x66, 0x90], True),                          # xchg %ax,%ax
    ([0x83, 0xE1, 0xE0], True),                    # andl $-32,%ecx   (mask pair)
    ([0xFF, 0xD1], False),                         # call *%rcx       (pair interior, ends the bundle)
]


def frag_layout():
    off = 32
    starts = {}
    for code, ok in FRAGMENT:
        starts[off] = ok
        off += len(code)
    assert off == 0x60, hex(off)
    return starts


def le32(v):
    v &= 0xFFFFFFFF
    return [v & 0xFF, (v >> 8) & 0xFF, (v >> 16) & 0xFF, v >> 24]


def rel(target, end_off):
    """rel32/rel8 value for a branch whose next instruction is at end_off."""
    d = target - (BASE + end_off)
    assert -(1 << 31) <= d < (1 << 31), hex(target)
    return d


def byteline(bs):
    return "\t.byte " + ",".join("0x%02x" % b for b in bs)


def case(name, expect, lines, comment):
    print("### case: %s" % name)
    print("### expect: %s" % expect)
    print("# %s" % comment)
    for ln in lines:
        print(ln)
    print()


def bundle0(kind, target):
    """Bundle 0: the branch (to absolute target) padded with nops to 32 bytes.
    Returns (lines, offset of the branch, starts of bundle 0)."""
    if kind == "jmp":        # e9 rel32 at 0
        br = [0xE9] + le32(rel(target, 5))
        code, at = br + [0x90] * 27, 0
    elif kind == "call":     # e8 rel32 at 27: ends at the bundle end
        br = [0xE8] + le32(rel(target, 32))
        code, at = [0x90] * 27 + br, 27
    elif kind == "je32":     # 0f 84 rel32 at 0
        br = [0x0F, 0x84] + le32(rel(target, 6))
        code, at = br + [0x90] * 26, 0
    elif kind == "je8":      # 74 rel8 at 0
        d = rel(target, 2)
        assert -128 <= d < 128
        br = [0x74, d & 0xFF]
        code, at = br + [0x90] * 30, 0
    else:
        raise ValueError(kind)
    assert len(code) == 32
    starts = {}
    i = 0
    while i < 32:
        starts[i] = True
        i += len(br) if i == at else 1
    return [byteline(code[:16]), byteline(code[16:])], at, starts


def sweep(kind, first, last):
    fstarts = frag_layout()
    for t in range(first, last + 1):
        lines, at, starts = bundle0(kind, BASE + t)
        starts = dict(starts)
        starts.update(fstarts)
        for o in range(0x60, 0x80):    # the hlt epilogue: every byte an instruction
            starts[o] = True
        for code, _ in FRAGMENT:
            lines.append(byteline(code))
        good = starts.get(t, False)
        expect = "ok" if good else "invalid at +0x%x reason target" % at
        case("%s_to_0x%02x" % (kind, t), expect, lines,
             "%s at +0x%x to +0x%x: %s" % (kind, at, t,
                                          "an instruction start" if good else
                                          "not a valid target"))


def tramp():
    targets = []
    for k in (0, 1, 2, 1000, 2046, 2047):
        for d in (0, 1, 16, 31):
            targets.append((TRAMP + 32 * k + d, d == 0, "slot %d + %d" % (k, d)))
    targets += [
        (0x0, False, "address 0"),
        (0x20, False, "bundle start in the null guard"),
        (0x1000, False, "page in the null guard"),
        (TRAMP - 32, False, "slot -1"),
        (TRAMP - 1, False, "just below the trampolines"),
        (BASE + 0x40, False, "code end (one past the last hlt)"),
        (BASE + 0x41, False, "code end + 1"),
        (BASE + 0x60, False, "bundle after the code end"),
        (0x30000, False, "aligned address after the code"),
        (0x10000000, False, "256 MiB"),
        (0x7FFF0000, False, "far positive rel32"),
        (0xFFFFFFFFFF600000, False, "vsyscall page"),
        (0xFFFFFFFFFF600400, False, "vsyscall time()"),
        (0xFFFFFFFFFF600800, False, "vsyscall getcpu()"),
        (0xFFFFFFFF80020020, False, "negative rel32 limit"),
    ]
    for kind in ("jmp", "call", "je32"):
        for target, good, what in targets:
            if kind == "je32" and what.startswith("slot") and (target - TRAMP) // 32 not in (0, 2047):
                continue
            t64 = target if target < (1 << 63) else target - (1 << 64)
            lines, at, _ = bundle0(kind, t64)
            expect = "ok" if good else "invalid at +0x%x reason target" % at
            case("%s_abs_%x" % (kind, target), expect, lines,
                 "%s at +0x%x to 0x%x (%s)" % (kind, at, target, what))


def mask():
    rexes = [None, 0x40, 0x41, 0x43, 0x45, 0x48, 0x49, 0x4C]
    for kind, op in (("jmp", 0xE0), ("call", 0xD0)):
        for ra in rexes:
            for rj in rexes:
                for a, j in ((3, 3), (3, 0), (0, 3)):
                    anum = a | (8 if ra is not None and ra & 1 else 0)
                    jnum = j | (8 if rj is not None and rj & 1 else 0)
                    exact_and = ra in (None, 0x41)
                    if exact_and and anum == jnum:
                        if ra != rj:
                            continue        # redundant REX on the branch: unspecified
                        good = True
                    else:
                        good = False
                    andl = ([ra] if ra is not None else []) + [0x83, 0xE0 | a, 0xE0]
                    br = ([rj] if rj is not None else []) + [0xFF, op | j]
                    pad = 32 - len(andl) - len(br) if kind == "call" else 0
                    code = [0x90] * pad + andl + br
                    at = pad + len(andl)
                    expect = "ok" if good else "invalid at +0x%x" % at
                    name = "mask_%s_%s%d_%s%d" % (
                        kind, "%02x" % ra if ra is not None else "norex", a,
                        "%02x" % rj if rj is not None else "norex", j)
                    case(name, expect, [byteline(code)],
                         "and reg %d, %s reg %d" % (anum, kind, jnum))


RETSEQ = [0x67, 0x44, 0x8B, 0x1C, 0x24, 0x41, 0x83, 0xE3, 0xE0, 0x67, 0x4C, 0x89, 0x1C, 0x24, 0xC3]
MASKJMP = [0x83, 0xE0, 0xE0, 0xFF, 0xE0]

# (byte index, replacement values): each change keeps every instruction valid
# and its length, so the only violation left is at the branch.
RET_MUTATIONS = [(1, [0x4C, 0x45, 0x46]),                    # load: REX (8 bytes, base, index)
                 (2, [0x89, 0x03, 0x33]),                    # load: opcode (store, add, xor)
                 (3, [0x14, 0x0C, 0x3C, 0x04]),              # load: register
                 (4, [0x20, 0x23, 0x26, 0x27]),              # load: base
                 (5, [0x49]),                                # mask: REX.W (andq)
                 (6, [0x80]),                                # mask: andb $0xe0,%r11b
                 (7, [0xE2, 0xE0, 0xE7, 0xCB, 0xF3, 0xEB, 0xC3]),  # mask: register, operation
                 (8, [0xF0, 0xC0, 0xE1, 0x00, 0xFF, 0x60]),  # mask: immediate
                 (10, [0x44, 0x48, 0x4D, 0x4E]),             # store: REX (4 bytes, rbx, base)
                 (11, [0x8B, 0x01, 0x31, 0x09, 0x21]),       # store: opcode
                 (12, [0x14, 0x04, 0x24]),                   # store: register
                 (13, [0x20, 0x23, 0x26, 0x27])]             # store: base
MASK_MUTATIONS = [(1, [0xE1, 0xE2, 0xE3, 0xE4, 0xE5, 0xE6, 0xE7]),  # andl register
                  (2, [0xE1, 0xF0, 0xC0, 0x60, 0x00, 0xFF, 0x80]),  # andl immediate
                  (4, [0xE1, 0xE2, 0xE3, 0xE4, 0xE5, 0xE6, 0xE7])]  # jmp register


def mutate():
    case("retseq_intact", "ok", [byteline(RETSEQ)], "the unchanged return sequence")
    for i, values in RET_MUTATIONS:
        for v in values:
            m = list(RETSEQ)
            m[i] = v
            case("retseq_b%d_%02x" % (i, v), "invalid at +0xe reason ret", [byteline(m)],
                 "byte %d changed from 0x%02x to 0x%02x" % (i, RETSEQ[i], v))
    case("maskjmp_intact", "ok", [byteline(MASKJMP)], "the unchanged mask pair")
    for i, values in MASK_MUTATIONS:
        for v in values:
            m = list(MASKJMP)
            m[i] = v
            case("maskjmp_b%d_%02x" % (i, v), "invalid at +0x3 reason indirect",
                 [byteline(m)],
                 "byte %d changed from 0x%02x to 0x%02x" % (i, MASKJMP[i], v))


def main():
    mask()
    mutate()
    sweep("jmp", 0, 0x80)
    sweep("call", 0, 0x80)
    sweep("je8", 0x20, 0x5F)
    tramp()


main()
