	.text
	int	$0x80
	int3
