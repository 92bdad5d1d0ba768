# Assignments referring to code labels make them address-taken.
	.text
f:
	nop
.Lx:
	nop
.Ly:
	nop
	.set	alias, .Lx
	val = .Ly + 0
