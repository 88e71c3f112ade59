# Image module for U-Boot on a board's own storage (include image/elf
# first): with --image-only it writes uImage, the image in a U-Boot legacy
# image as image/uboot makes it (lib/uimage.tcl). U-Boot unpacks it to its
# load address, so it must be loaded elsewhere: to the board's
# UBOOT_LOAD_ADDR, which must lie clear of the image's memory (checked).

if {[info procs elf_image_extent] eq ""} { fail "image/uimage: include image/elf before it" }
source [file join $tool_dir lib uimage.tcl]

proc uimage_export {image dir} {
	set uimage [file join $dir uImage]
	lassign [uboot_make_uimage $image $uimage] start end entry
	set at [build_conf UBOOT_LOAD_ADDR]
	uboot_check_apart "the image's memory" $start $end \
	            "the uImage at UBOOT_LOAD_ADDR" $at [file size $uimage]
	return [list "uImage: for U-Boot (loads to [uboot_hex $start], entry [uboot_hex $entry]); e.g.\
	              fatload mmc 0:1 [uboot_hex $at] uImage; bootm [uboot_hex $at] - \${fdt_addr}"]
}
lappend image_exports uimage_export
