# rep nop (pause) and rep bsf (tzcnt) are kept; rep ret loses its rep.
	.text
f:
	rep; nop
	rep bsfl	%eax, %ecx
	rep bsfq	(%rdi), %rcx
	rep ret
