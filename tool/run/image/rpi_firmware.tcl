# Image module for the Raspberry Pi's own boot firmware (include image/elf
# first): with --image-only it writes
#   kernel.img   the ELF image as raw binary (objcopy -O binary), which the
#                firmware loads to 0x8000 and starts there
#   config.txt   what the firmware needs for it: load address, the GPU's
#                share of RAM (the board uses RAM up to 0x1c000000), the
#                UART clock the kernel derives 115200 baud from, and no
#                device tree or ATAGs written into memory the image uses
# The board's LOAD_ADDR must be the firmware's 0x8000, and the image must
# start there with its entry point.

if {[info procs elf_image_extent] eq ""} { fail "image/rpi_firmware: include image/elf before it" }

proc rpi_firmware_export {image dir} {
	global run_name
	lassign [elf_image_extent $image] start end entry
	set load 0x8000
	if {[build_conf LOAD_ADDR] != $load || $start != $load || $entry != $load} {
		fail "image/rpi_firmware: the firmware starts kernel.img at $load; the image starts at\
		      [format 0x%08x $start] with entry [format 0x%08x $entry] (LOAD_ADDR [build_conf LOAD_ADDR])"
	}
	set kernel [file join $dir kernel.img]
	if {[catch {exec [build_conf CROSS_DEV_PREFIX]objcopy -O binary $image $kernel} msg]} {
		fail "image/rpi_firmware: making kernel.img failed: $msg"
	}
	set fh [open [file join $dir config.txt] w]
	puts $fh [string map [list @NAME@ $run_name @LOAD@ $load] {# Raspberry Pi 1 / Zero (BCM2835): boot @NAME@ from kernel.img
# (made by make BOARD=rpi image/@NAME@)
kernel=kernel.img
kernel_address=@LOAD@
# the kernel uses RAM up to 0x1c000000 (448 MiB of a 512 MiB board)
gpu_mem=64
# UART0 (PL011) on GPIO 14/15; the kernel sets 115200 baud for a 3 MHz clock
enable_uart=1
init_uart_clock=3000000
# no device tree and no ATAGs: nothing written into memory the image uses
device_tree=
disable_commandline_tags=1}]
	close $fh
	return [list "kernel.img, config.txt: for the Raspberry Pi firmware ([file size $kernel] bytes,\
	              loaded to $load, up to [format 0x%08x $end] with bss); copy both to the FAT boot\
	              partition of an SD card with the firmware's bootcode.bin, start.elf and\
	              fixup.dat; console on GPIO 14 (TXD, pin 8) and 15 (RXD, pin 10), 115200 8N1\
	              (README: Raspberry Pi)"]
}
lappend image_exports rpi_firmware_export
