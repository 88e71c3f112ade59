# Power-on module: QEMU with U-Boot as its firmware (Debian's u-boot-qemu)
# booting the uImage of image/uboot over TFTP, as a board on a network would.
# QEMU's user-mode network serves the run directory by TFTP (and answers
# DHCP); nobody types: U-Boot's environment, a file given to QEMU as its
# second flash bank (where qemu_arm's U-Boot keeps it), has a bootcmd that
# fetches the boot script and runs it (lib/uboot.tcl), no boot delay and
# short TFTP timeouts (no packet is ever lost on QEMU's network). Powering on
# returns once U-Boot starts the kernel, or fails with U-Boot's reason.
# Everything else (icount, GDB, QEMU_EXTRA_ARGS, power off) is power_on/qemu.
#
# Board configuration (etc/board/<board>.conf):
#   UBOOT_QEMU_BIOS    U-Boot's binary, given to QEMU with -bios
#   UBOOT_QEMU_ARGS    QEMU arguments for U-Boot's network card, on the
#                      network "uboot" (-device ...,netdev=uboot)
#   UBOOT_ENV_SIZE     size of U-Boot's environment (its CONFIG_ENV_SIZE)
#   UBOOT_FLASH_SIZE   size of the flash bank holding it
# Environment: UBOOT_TIMEOUT (default 30 s, see lib/uboot.tcl).

source [file join $tool_dir power_on qemu.tcl]
source [file join $tool_dir lib uboot.tcl]
rename run_power_on qemu_power_on

# Without our environment U-Boot would boot by its own default, slowly.
lappend uboot_failures {using default environment} {the environment in flash was not used}

proc run_power_on {image} {
	global qemu
	qemu_power_on $image
	uboot_await_kernel $qemu(id) [uboot_timeout 30]
}

proc qemu_boot_args {image} {
	set dir [file dirname $image]
	return [list -bios [build_conf UBOOT_QEMU_BIOS] \
	             -netdev user,id=uboot,restrict=on,tftp=[qemu_opt_value $dir] \
	             {*}[split_words [build_conf UBOOT_QEMU_ARGS]] \
	             -drive if=pflash,unit=1,format=raw,readonly=on,file=[qemu_opt_value [uboot_env_image $dir]]]
}

# A value inside a QEMU option list, where a comma is written twice.
proc qemu_opt_value {text} {
	return [string map {, ,,} $text]
}

# The flash bank with U-Boot's environment, made with mkenvimage (Debian's
# u-boot-tools) in dir.
proc uboot_env_image {dir} {
	set text [file join $dir uboot_env.txt]
	set image [file join $dir uboot_env.img]
	set fh [open $text w]
	puts $fh "bootdelay=-2"
	puts $fh "tftptimeout=1000"
	puts $fh "tftptimeoutcountmax=2"
	puts $fh "bootcmd=[uboot_fetch_command dhcp]"
	close $fh
	if {[catch {exec mkenvimage -s [build_conf UBOOT_ENV_SIZE] -o $image $text 2>@1} msg]} {
		fail "making U-Boot's environment failed: $msg"
	}
	# the rest of the bank reads as zeros and takes no disk space
	set fh [open $image r+]
	chan truncate $fh [build_conf UBOOT_FLASH_SIZE]
	close $fh
	return $image
}
