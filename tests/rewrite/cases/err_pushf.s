	.text
	pushfq
	popfq
