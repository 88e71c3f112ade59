# Log module: the target's console on a serial line of the host. The line is
# opened once, by whichever module needs it first (power_on/board_uboot opens
# it before powering on, so as not to miss U-Boot's first words).
#
# Environment:
#   SERIAL   the serial device (default /dev/ttyUSB0)
#   BAUD     its speed (default 115200; 8 data bits, no parity, 1 stop bit)

set log_name "the serial line"

# serial(id): the spawn id reading the line, unset while it is closed

proc serial_open {} {
	global serial env log_name
	if {[info exists serial(id)]} { return $serial(id) }
	set device [expr {[info exists env(SERIAL)] ? $env(SERIAL) : "/dev/ttyUSB0"}]
	set baud [expr {[info exists env(BAUD)] ? $env(BAUD) : 115200}]
	if {![string is entier -strict $baud] || $baud <= 0} { fail "BAUD: expected a number, got '$baud'" }
	if {[catch {open $device {RDWR NOCTTY NONBLOCK}} fh]} {
		fail "SERIAL: cannot open $device: $fh"
	}
	# Tcl puts a terminal it opens into raw mode; no flow control, as
	# boards' consoles have none
	if {[catch {fconfigure $fh -mode $baud,n,8,1 -handshake none -translation binary} msg]} {
		close $fh
		fail "SERIAL: cannot set $device to $baud baud: $msg"
	}
	spawn -noecho -open $fh
	set serial(id) $spawn_id
	set log_name "serial line $device"
	return $spawn_id
}

proc run_log_open {} {
	return [serial_open]
}

proc run_log_close {} {
	global serial
	if {![info exists serial(id)]} return
	catch { close -i $serial(id) }
	unset serial
}
