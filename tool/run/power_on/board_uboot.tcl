# Power-on module for a real board that boots through U-Boot, with its
# console on a serial line (log/serial, which must be in RUN_OPT too) and a
# TFTP server on the host. Powering on copies the uImage and the boot script
# (image/uboot) into the TFTP server's directory, powers the board on (or
# asks you to), stops U-Boot's countdown and gives it, at its prompt, the
# command line that fetches and runs the boot script; from there on as in
# QEMU (lib/uboot.tcl). The board's own environment is left as it is.
#
# Environment:
#   TFTP_DIR       the directory the TFTP server serves; the files land at
#                  its top, as U-Boot asks for them. Without it there is
#                  no board to reach: the run stops after building the
#                  image and says how to boot it by hand
#   POWER_ON_CMD   shell command that powers the board on or resets it;
#                  without it you are asked to, and the run tool waits
#   POWER_OFF_CMD  shell command that powers the board off at the end
#   UBOOT_NET      U-Boot commands that bring up the network (default
#                  "dhcp"; or e.g. "setenv ipaddr 10.0.0.2; setenv serverip
#                  10.0.0.1")
#   UBOOT_TIMEOUT  seconds until U-Boot's prompt, and again until it starts
#                  the kernel (default 120)
#   SERIAL, BAUD   see log/serial

source [file join $tool_dir lib uboot.tcl]

# board(on): set while the board may be powered
proc run_power_on {image} {
	global env board uboot_script_file
	if {[info procs serial_open] eq ""} { fail "power_on/board_uboot needs log/serial in RUN_OPT" }
	if {![info exists env(TFTP_DIR)] || $env(TFTP_DIR) eq ""} {
		board_uboot_by_hand $image
		fail "no board to boot on (TFTP_DIR is not set): the boot image is built, see above"
	}
	if {![file isdirectory $env(TFTP_DIR)]} {
		fail "TFTP_DIR must name the TFTP server's directory"
	}
	set timeout [uboot_timeout 120]
	foreach file [list $image [file join [file dirname $image] $uboot_script_file]] {
		if {[catch {file copy -force $file $env(TFTP_DIR)} msg]} { fail "TFTP_DIR: $msg" }
	}
	set id [serial_open]
	set board(on) 1
	if {[info exists env(POWER_ON_CMD)] && $env(POWER_ON_CMD) ne ""} {
		board_shell POWER_ON_CMD
	} else {
		puts "\nPower on or reset the board now (waiting up to $timeout s for U-Boot)."
	}
	set net [expr {[info exists env(UBOOT_NET)] ? $env(UBOOT_NET) : "dhcp"}]
	uboot_command_at_prompt $id $timeout [uboot_fetch_command $net]
	uboot_await_kernel $id $timeout
}

# Without a board to reach: where the boot image is and how to boot it by
# hand, with the commands the run tool would type
proc board_uboot_by_hand {image} {
	global uboot_script_file
	set dir [file dirname $image]
	lassign [elf_image_extent [file join $dir image.elf]] start end entry
	puts "\nThe boot image for [build_conf BOARD] is built, in $dir:"
	puts "  [file tail $image]: gzip uImage, load address [uboot_hex $start], entry [uboot_hex $entry]"
	puts "  $uboot_script_file: U-Boot script: [uboot_script_commands]"
	puts "To boot it, copy both into the TFTP server's directory and type at U-Boot's prompt:"
	puts "  [uboot_fetch_command dhcp]"
	puts "or let the run tool do it: set TFTP_DIR and SERIAL (README, \"Booting through U-Boot\")."
}

proc run_power_off {} {
	global env board
	if {![info exists board(on)]} return
	unset board(on)
	if {[info exists env(POWER_OFF_CMD)] && $env(POWER_OFF_CMD) ne ""} {
		catch { board_shell POWER_OFF_CMD }
	}
}

proc board_shell {var} {
	global env
	if {[catch {exec sh -c $env($var) >@ stdout 2>@ stderr} msg]} {
		fail "$var failed: $msg"
	}
}
