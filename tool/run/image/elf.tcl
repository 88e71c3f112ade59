# Image module: the build system links the boot modules into an ELF image
# (make target "image"), so that QEMU can boot it with -kernel. Exported
# (--image-only) as it is; other image modules derive their formats from
# it (include image/elf first) and may use elf_image_layout.

proc run_image {boot_dir} {
	global build_dir
	set image [file join [run_dir] image.elf]
	if {[catch {exec make -C $build_dir image BOOT_DIR=$boot_dir IMAGE=$image \
	                 >@ stdout 2>@ stderr}]} {
		fail "building the boot image failed"
	}
	return $image
}

# The QEMU command line as power_on/qemu would make it (with the run
# script's qemu_args), else the board's
proc elf_image_export {image dir} {
	set machine [expr {[info procs qemu_machine_args] ne "" ? [qemu_machine_args]
	                                                     : [build_conf QEMU_ARGS]}]
	if {"-nographic" ni $machine} { lappend machine -nographic }
	return [list "[file tail $image]: ELF image, for QEMU:" \
	             "  [build_conf QEMU] [join $machine] -kernel $image"]
}
lappend image_exports elf_image_export

# {entry start end} of an ELF boot image (physical addresses): its entry
# point, the lowest address with contents (where a raw image of it starts)
# and the end of the highest loadable segment, bss included.
proc elf_image_layout {elf} {
	if {[catch {exec [build_conf CROSS_DEV_PREFIX]readelf -lW $elf} headers]} {
		fail "cannot read the program headers of $elf: $headers"
	}
	if {![regexp {Entry point (0x[0-9a-f]+)} $headers -> entry]} { fail "$elf: no entry point" }
	set start ""
	set end 0
	set hex {(0x[0-9a-f]+)}
	foreach line [split $headers "\n"] {
		if {![regexp "^\\s*LOAD\\s+$hex\\s+$hex\\s+$hex\\s+$hex\\s+$hex" $line -> \
		          offset virt phys filesz memsz]} continue
		if {$filesz > 0 && ($start eq "" || $phys < $start)} { set start [expr {$phys}] }
		set end [expr {max($end, $phys + $memsz)}]
	}
	if {$start eq ""} { fail "$elf has no loadable contents" }
	return [list [expr {$entry}] $start $end]
}

proc hex32 {value} { return [format 0x%08x $value] }
