# Making a U-Boot legacy image (uImage) of the ELF boot image, for the image
# modules that boot or export through U-Boot (image/uboot, image/uimage).
# Needs image/elf (elf_image_extent).

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

# uimg: the raw image of elf (objcopy -O binary), gzip-compressed, in a
# uImage whose load address and entry are the image's own, which must be
# the board's LOAD_ADDR. Returns {start end entry} of the image.
proc uboot_make_uimage {elf uimg} {
	global run_name
	lassign [elf_image_extent $elf] start end entry
	if {$start != [build_conf LOAD_ADDR]} {
		fail "$elf starts at [uboot_hex $start], not at the board's LOAD_ADDR [build_conf LOAD_ADDR]"
	}
	set bin [file join [file dirname $uimg] image.bin]
	uboot_exec "making the raw image" [build_conf CROSS_DEV_PREFIX]objcopy -O binary $elf $bin
	uboot_exec "compressing the image" gzip -9 -n -k -f $bin
	uboot_mkimage "the uImage" -T kernel -C gzip -a [uboot_hex $start] -e [uboot_hex $entry] \
	        -n [string range $run_name 0 31] -d $bin.gz $uimg
	return [list $start $end $entry]
}

# Fail unless the regions {name start size} do not overlap; the first is
# given by its end instead of its size.
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
