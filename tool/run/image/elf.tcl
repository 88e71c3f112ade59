# Image module: the build system links the boot modules into an ELF image
# (make target "image"), so that QEMU can boot it with -kernel.

proc run_image {boot_dir} {
	global build_dir
	set image [file join [run_dir] image.elf]
	if {[catch {exec make -C $build_dir image BOOT_DIR=$boot_dir IMAGE=$image \
	                 >@ stdout 2>@ stderr}]} {
		fail "building the boot image failed"
	}
	return $image
}
