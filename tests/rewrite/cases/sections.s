# Only labels of executable sections get aligned; section switches tracked.
	.section	.text.hot,"ax",@progbits
	.globl	hot
hot:
	retq
	.data
	.globl	dvar
dvar:
	.long	hot
	.pushsection	.text.cold,"ax",@progbits
	.globl	cold
cold:
	retq
	.popsection
	.globl	dvar2
dvar2:
	.quad	0
	.section	.init
	.globl	initf
initf:
	ret
	.previous
	.globl	dvar3
dvar3:
	.zero	4
