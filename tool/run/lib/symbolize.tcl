# Fault reports in the log, symbolized: after each line
#   core: "<component>": backtrace <ip> <return address> ...
# the run tool inserts one line per address with the function and file:line
# from the ELF the component came from (arm-none-eabi-addr2line), so that
# the log says where a component faulted:
#   #0 0x00010120 in entry_value at repos/test/src/fault_backtrace/main.c:18
# The binary is the boot module named by the last element of the
# component's label, or the <binary> of init's <start> node of that name
# (boot/config). Return addresses are looked up 4 bytes back, at the call.

# Serial text in, the same text with the symbolized lines after every
# complete backtrace line out; session(line) holds a line not yet complete.
proc symbolize_serial {text} {
	global session
	if {![info exists session(line)]} { set session(line) "" }
	set all "$session(line)$text"
	set from [string length $session(line)]
	set result ""
	set start 0
	while {[set nl [string first "\n" $all $start]] >= 0} {
		set line [string range $all $start [expr {$nl - 1}]]
		append result [string range $all [expr {max($start, $from)}] $nl]
		append result [backtrace_symbols $line]
		trace_line_seen $line
		set start [expr {$nl + 1}]
	}
	append result [string range $all [expr {max($start, $from)}] end]
	set session(line) [string range $all $start end]
	return $result
}

# The symbolized lines of a backtrace line, "" for any other line
proc backtrace_symbols {line} {
	if {![regexp {^core: "([^"]*)": backtrace((?: 0x[0-9a-f]{8})+)$} $line -> label addrs]} {
		return ""
	}
	set elf [component_elf [lindex [split [string map {" -> " "\x1f"} $label] "\x1f"] end]]
	if {$elf eq ""} { return "  (no binary known for \"$label\": not symbolized)\n" }
	set lookup {}
	set i 0
	foreach a $addrs {
		lappend lookup [format 0x%x [expr {$i ? $a - 4 : $a}]]
		incr i
	}
	set addr2line "[conf_or_empty CROSS_DEV_PREFIX]addr2line"
	if {[catch { exec $addr2line -f -e $elf {*}$lookup } found]} {
		return "  (not symbolized: $found)\n"
	}
	set found [split $found "\n"]
	set repo "[genode_dir]/"
	set out ""
	set i 0
	foreach a $addrs {
		set func [lindex $found [expr {2 * $i}]]
		set where [lindex $found [expr {2 * $i + 1}]]
		regsub { \(discriminator \d+\)$} $where "" where
		if {[string first $repo $where] == 0} { set where [string range $where [string length $repo] end] }
		append out [format "  #%d %s in %s at %s\n" $i $a $func $where]
		incr i
	}
	return $out
}

# The ELF of a component named name: a boot module of that name, or the
# binary of init's <start name="name"> in boot/config; "" if none
proc component_elf {name} {
	global build_dir
	set boot [boot_dir]
	set binary $name
	set config [file join $boot config]
	if {![file exists [file join $boot $binary]] && [file exists $config]} {
		set fh [open $config]
		set text [read $fh]
		close $fh
		set start [string first "<start name=\"$name\"" $text]
		if {$start >= 0} {
			set end [string first "</start>" $text $start]
			set next [string first "<start " $text [expr {$start + 1}]]
			if {$end < 0 || ($next >= 0 && $next < $end)} { set end $next }
			regexp {<binary\s+name="([^"]+)"} [string range $text $start $end] -> binary
		}
	}
	foreach file [list [file join $build_dir bin $binary] [file join $boot $binary]] {
		if {[file isfile $file]} { return $file }
	}
	return ""
}
