	.bundle_align_mode 5
	.text
