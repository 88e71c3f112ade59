# Image module: the build system links the boot modules into an ELF image
# (make target "image"), so that QEMU can boot it with -kernel. Exported
# (--image-only) as it is; other image modules derive their formats from
# it (include image/elf first) and may use elf_image_extent.

proc run_image {boot_dir} {
	global build_dir
	set image [file join [run_dir] image.elf]
	if {[catch {exec make --no-print-directory -C $build_dir image BOOT_DIR=$boot_dir IMAGE=$image \
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

# The physical memory a 32-bit little-endian ARM ELF image fills: {start end
# entry}, start the lowest address of a segment with contents (where the raw
# image begins), end the highest of any loadable segment (bss included).
proc elf_image_extent {file} {
	set fh [open $file rb]
	set data [read $fh]
	close $fh
	if {[binary scan $data a4cc magic class order] != 3 || $magic ne "\x7fELF"
	    || $class != 1 || $order != 1} {
		fail "$file is no 32-bit little-endian ELF file"
	}
	binary scan $data @24iu@28iu@42su@44su entry phoff phentsize phnum
	set start ""
	set end 0
	for {set i 0} {$i < $phnum} {incr i} {
		set at [expr {$phoff + $i * $phentsize}]
		if {[binary scan $data @${at}iu@[expr {$at + 12}]iuiuiu type paddr filesz memsz] != 4} {
			fail "$file: program header $i truncated"
		}
		if {$type != 1} continue ;# PT_LOAD
		if {$filesz > 0 && ($start eq "" || $paddr < $start)} { set start $paddr }
		set end [expr {max($end, $paddr + $memsz)}]
	}
	if {$start eq ""} { fail "$file has no loadable contents" }
	return [list $start $end $entry]
}
