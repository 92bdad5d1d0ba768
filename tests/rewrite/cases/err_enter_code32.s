	.code32
	.text
	enter	$8, $0
