# Image module for testing the run tool without a build system: boots
# <build-dir>/image.elf as it is and ignores the boot directory.

proc run_image {boot_dir} {
	global build_dir
	set image [file join $build_dir image.elf]
	if {![file exists $image]} { fail "prebuilt image $image missing" }
	return $image
}
