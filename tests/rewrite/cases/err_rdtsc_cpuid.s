	.text
	rdtsc
	cpuid
	rdrand	%eax
