# Image module for U-Boot (include image/elf first): with --image-only it
# writes uImage, the image as raw binary, gzip-compressed, in a U-Boot
# legacy image made by Debian's mkimage (ARM, "kernel", load address and
# entry point the image's own). U-Boot unpacks it to its load address, so
# it must be loaded elsewhere: to the board's UBOOT_LOAD_ADDR, which must lie
# clear of the image's memory (checked).
#
# (A uImage maker for U-Boot boots in QEMU is being written as
# image/uboot.tcl; when it lands, boards may switch to it.)

if {[info procs elf_image_layout] eq ""} { fail "image/uimage: include image/elf before it" }

proc uimage_export {image dir} {
	global run_name
	lassign [elf_image_layout $image] entry start end
	set at [build_conf UBOOT_LOAD_ADDR]
	set bin [file join $dir image.bin]
	set uimage [file join $dir uImage]
	if {[catch {
		exec [build_conf CROSS_DEV_PREFIX]objcopy -O binary $image $bin
		exec gzip -9 -n -f $bin
		# SOURCE_DATE_EPOCH: the header's time stamp, and so the file, is the same every time
		exec env SOURCE_DATE_EPOCH=0 mkimage -A arm -O linux -T kernel -C gzip \
		    -a [hex32 $start] -e [hex32 $entry] -n [string range $run_name 0 31] \
		    -d $bin.gz $uimage
	} msg]} {
		fail "image/uimage: making the uImage failed: $msg"
	}
	file delete $bin.gz
	if {$at < $end && $start < $at + [file size $uimage]} {
		fail "image/uimage: UBOOT_LOAD_ADDR [hex32 $at] lies in the image's memory\
		      ([hex32 $start]-[hex32 $end]): change etc/board/[build_conf BOARD].conf"
	}
	return [list "uImage: for U-Boot (loads to [hex32 $start], entry [hex32 $entry]); e.g.\
	              fatload mmc 0:1 [hex32 $at] uImage; bootm [hex32 $at] - \${fdt_addr}"]
}
lappend image_exports uimage_export
