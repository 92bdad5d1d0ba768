# Prelude of every validator test case (tests/validator/run.sh adds it).
# The code runs at guest address 0x20000; base marks its first byte.
	.text
base:
# Direct branches to an absolute guest address (rel32 computed by hand, since
# objcopy -O binary applies no relocations).
	.macro jmpabs tgt
	.byte 0xe9
	.long (\tgt) - 0x20000 - (. + 4 - base)
	.endm
	.macro callabs tgt
	.byte 0xe8
	.long (\tgt) - 0x20000 - (. + 4 - base)
	.endm
	.macro jeabs tgt
	.byte 0x0f, 0x84
	.long (\tgt) - 0x20000 - (. + 4 - base)
	.endm
