# Image module: the ELF image of image/elf made into what U-Boot boots over
# TFTP, both in the run directory (names in lib/uboot.tcl):
#   image.uimg      the raw image (objcopy -O binary), gzip-compressed, in a
#                   uImage (Debian's mkimage) whose load address and entry
#                   are the image's own: the board's LOAD_ADDR
#   boot.scr.uimg   a U-Boot script image that fetches image.uimg by TFTP to
#                   UBOOT_LOAD_ADDR and boots it with bootm
# Returns the uImage's path. Any board whose etc/board/<board>.conf sets
#   UBOOT_LOAD_ADDR    where U-Boot puts the downloaded uImage
#   UBOOT_SCRIPT_ADDR  where it puts the boot script
# can use it. Both must lie clear of the memory the image fills when bootm
# unpacks it (from its load address to the end of its bss): this is checked.

source [file join $tool_dir image elf.tcl]
source [file join $tool_dir lib uboot.tcl]
source [file join $tool_dir lib uimage.tcl]
rename run_image elf_image

proc run_image {boot_dir} {
	global run_name uboot_image_file uboot_script_file
	set elf [elf_image $boot_dir]
	set dir [file dirname $elf]
	set uimg [file join $dir $uboot_image_file]
	lassign [uboot_make_uimage $elf $uimg] start end

	set script [file join $dir boot.scr]
	set fh [open $script w]
	puts $fh [uboot_script_commands]
	close $fh
	uboot_mkimage "the boot script" -T script -C none -n "boot $run_name" -d $script \
	        [file join $dir $uboot_script_file]

	uboot_check_apart "the image's memory" $start $end \
	            "the uImage at UBOOT_LOAD_ADDR" [build_conf UBOOT_LOAD_ADDR] [file size $uimg] \
	            "the boot script at UBOOT_SCRIPT_ADDR" [build_conf UBOOT_SCRIPT_ADDR] \
	            [file size [file join $dir $uboot_script_file]]
	return $uimg
}

# --image-only: the files for a TFTP server and U-Boot's command line
proc uboot_export {image dir} {
	global uboot_image_file uboot_script_file
	return [list "$uboot_image_file, $uboot_script_file: for U-Boot over TFTP; put both into\
	              the TFTP server's directory and have U-Boot run:" \
	             "  [uboot_fetch_command dhcp]"]
}
set image_exports [lsearch -all -inline -not -exact $image_exports elf_image_export]
lappend image_exports uboot_export
