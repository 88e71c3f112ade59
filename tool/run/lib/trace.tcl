# The kernel's trace in a run (TRACE=1, doc/architecture.md 7.1): the boot
# image gets a module "trace" (its text: the size of a CPU's ring in KiB,
# TRACE=<KiB> for another size than 1024, and "first" for TRACE=first: the
# first records from boot instead of the last ones), core starts it and logs
# where the area is; at the end of the run the run tool has QEMU save the
# area (monitor command pmemsave) to <run dir>/trace.bin and tool/trace_svg
# draws <run dir>/trace.svg from it. A run script may call collect_trace
# itself (it returns the SVG's path) to check the picture.

set trace_area {}
set trace_collected 0

proc trace_enabled {} {
	global env
	return [expr {[info exists env(TRACE)] && $env(TRACE) ni {"" 0 no}}]
}

# The module for build_boot_image, "" without TRACE
proc trace_module {} {
	global env
	if {![trace_enabled]} { return "" }
	set kib [expr {[string is digit -strict $env(TRACE)] && $env(TRACE) > 1 ? $env(TRACE) : 1024}]
	set fh [open [file join [boot_dir] trace] w]
	puts $fh [expr {$env(TRACE) eq "first" ? "$kib first" : $kib}]
	close $fh
	return trace
}

# Core's line on the area, seen in the serial output
proc trace_line_seen {line} {
	global trace_area
	if {[regexp {^core: trace: \d+ records per CPU \(the \w+\), area at phys (0x[0-9a-f]+), (\d+) bytes$} \
	         $line -> phys bytes]} {
		set trace_area [list $phys $bytes]
	}
}

# Save the area from the running QEMU and draw it; returns the SVG's path
proc collect_trace {} {
	global trace_area qemu trace_collected
	if {![trace_enabled]} { fail "collect_trace: TRACE is not set" }
	if {$trace_area eq ""} { fail "collect_trace: core reported no trace area" }
	if {![info exists qemu(id)]} { fail "collect_trace: no QEMU running to save the trace from" }
	lassign $trace_area phys bytes
	set bin [file join [run_dir] trace.bin]
	set svg [file join [run_dir] trace.svg]
	file delete $bin
	set logging [log_user -info]
	log_user 0
	# -nographic multiplexes QEMU's monitor with the serial port: Ctrl-A c
	send -i $qemu(id) "\x01c"
	expect -i $qemu(id) -timeout 10 -re {\(qemu\) } {} timeout { fail "collect_trace: no QEMU monitor" }
	send -i $qemu(id) "stop\r"
	expect -i $qemu(id) -timeout 10 -re {\(qemu\) } {} timeout { fail "collect_trace: QEMU did not stop" }
	send -i $qemu(id) "pmemsave $phys $bytes \"$bin\"\r"
	expect -i $qemu(id) -timeout 30 -re {\(qemu\) } {} timeout { fail "collect_trace: pmemsave did not finish" }
	log_user $logging
	if {![file exists $bin] || [file size $bin] != $bytes} { fail "collect_trace: QEMU saved no trace to $bin" }
	if {[catch { exec [file join [genode_dir] tool trace_svg] $bin $svg } msg]} {
		fail "collect_trace: tool/trace_svg: $msg"
	}
	fresh_line
	puts "trace: $svg"
	set trace_collected 1
	return $svg
}
