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
rename run_image elf_image

proc run_image {boot_dir} {
	global run_name uboot_image_file uboot_script_file
	set elf [elf_image $boot_dir]
	set dir [file dirname $elf]
	lassign [uboot_elf_extent $elf] start end entry
	if {$start != [build_conf LOAD_ADDR]} {
		fail "$elf starts at [uboot_hex $start], not at the board's LOAD_ADDR [build_conf LOAD_ADDR]"
	}

	set bin [file join $dir image.bin]
	set uimg [file join $dir $uboot_image_file]
	uboot_exec "making the raw image" [build_conf CROSS_DEV_PREFIX]objcopy -O binary $elf $bin
	uboot_exec "compressing the image" gzip -9 -n -k -f $bin
	uboot_mkimage "the uImage" -T kernel -C gzip -a [uboot_hex $start] -e [uboot_hex $entry] \
	        -n [string range $run_name 0 31] -d $bin.gz $uimg

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

proc uboot_hex {value} {
	return [format 0x%08x $value]
}

proc uboot_exec {what args} {
	if {[catch {exec {*}$args 2>@1} msg]} { fail "$what failed: $msg" }
}

# mkimage for an ARM target. SOURCE_DATE_EPOCH makes the header's time
# stamp, and so the image, the same on every build.
proc uboot_mkimage {what args} {
	if {![have_spec arm]} { fail "image/uboot: no U-Boot architecture for SPECS '[build_conf SPECS]'" }
	uboot_exec "making $what" env SOURCE_DATE_EPOCH=0 mkimage -A arm -O linux {*}$args
}

# Fail unless the three regions {name start size} do not overlap; the first
# is given by its end instead of its size.
proc uboot_check_apart {name start end args} {
	set regions [list [list $name $start $end]]
	foreach {n s size} $args { lappend regions [list $n $s [expr {$s + $size}]] }
	foreach a $regions {
		foreach b $regions {
			lassign $a name_a start_a end_a
			lassign $b name_b start_b end_b
			if {$name_a ne $name_b && $start_a < $end_b && $start_b < $end_a} {
				fail "$name_a ([uboot_hex $start_a]-[uboot_hex $end_a]) overlaps $name_b\
				      ([uboot_hex $start_b]-[uboot_hex $end_b]): change etc/board/[build_conf BOARD].conf"
			}
		}
	}
}

# The physical memory a 32-bit little-endian ARM ELF image fills: {start end
# entry}, start the lowest address of a segment with contents (where the raw
# image begins), end the highest of any loadable segment (bss included).
proc uboot_elf_extent {file} {
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
