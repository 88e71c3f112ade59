# Booting the target and watching its serial output (run_genode_until).
#
# State of the running target, unset while none runs:
#   session(id)     spawn id delivering the serial output
#   session(rest)   output received after the last match, not consumed yet
#   session(bol)    whether session(rest) starts at the beginning of a line
#   session(boots)  "bootstrap: " lines consumed by earlier matches
#   session(seen)   "bootstrap: " lines checked during the current wait
#   session(init)   the last line init printed, for the message when it exits

# Default for messages until a log module names the process behind the log.
set log_name target

# Whether the serial output echoed so far ends with a newline.
set serial_bol 1

# Echo serial output; the run tool echoes it itself (not Expect's log_user),
# so that what a run prints ends where its last pattern matched: output that
# arrives with the same chunk behind the match is shown only if a later wait
# consumes it. The log of a run is then the same from run to run, however
# fast the host reads QEMU's output.
proc echo_serial {text} {
	global serial_bol
	if {$text eq ""} return
	puts -nonewline $text
	set serial_bol [expr {[string index $text end] eq "\n"}]
}

# Our own messages must not be glued to a partial line of serial output.
proc fresh_line {} {
	global serial_bol
	if {!$serial_bol} {
		puts ""
		set serial_bol 1
	}
}

# Idempotent and quiet: also runs on exit and on signals.
proc shutdown_target {} {
	global session
	foreach cleanup {run_log_close run_power_off} {
		if {[info procs $cleanup] ne ""} { catch $cleanup }
	}
	array unset session
}

proc boot_target {} {
	global image_file session image_only
	shutdown_target
	if {![info exists image_file]} { fail "no boot image: call build_boot_image first" }
	# --image-only: the image is what was wanted; the run tool exports it
	if {$image_only} { return -code error -errorcode RUN_IMAGE_DONE "boot image built" }
	foreach required {run_power_on run_power_off run_log_open} {
		if {[info procs $required] eq ""} { fail "RUN_OPT includes no module defining $required" }
	}
	fresh_line ;# Expect's "spawn ..." line must not follow a partial line
	run_power_on $image_file
	array set session [list id [run_log_open] rest "" bol 1 boots 0 init "" undecoded "" line ""]
	# bytes, decoded by serial_decode: Tcl 8.6's channel decoder garbles a
	# four-byte character whose first three bytes end one read
	fconfigure $session(id) -encoding binary
}

# The text of the serial bytes that arrived, without carriage returns. An
# incomplete UTF-8 sequence at the end waits for its rest, so the text is
# the same however the bytes were split into reads.
proc serial_decode {bytes} {
	global session
	set bytes "$session(undecoded)$bytes"
	set cut [utf8_complete_length $bytes]
	set session(undecoded) [string range $bytes $cut end]
	set text [string map {"\r" ""} [encoding convertfrom utf-8 [string range $bytes 0 $cut-1]]]
	return [symbolize_serial $text]
}

# The length of the bytes without an unfinished sequence at their end: a
# lead byte among the last three whose sequence needs more bytes than follow.
proc utf8_complete_length {bytes} {
	set n [string length $bytes]
	for {set i [expr {$n - 1}]} {$i >= 0 && $i >= $n - 3} {incr i -1} {
		scan [string index $bytes $i] %c b
		if {$b < 0x80} { return $n }
		if {$b >= 0xc0} {
			set need [expr {$b >= 0xf0 ? 4 : ($b >= 0xe0 ? 3 : 2)}]
			return [expr {$n - $i < $need ? $i : $n}]
		}
	}
	return $n
}

# Genode's signature: run_genode_until ?<regex> ?<timeout> ?<spawn_id>???,
# where the regex "forever" (or none) waits for no pattern and a spawn id
# of -1 means none. Here also -cont before the regex, and no timeout means
# none (Genode's default of 0 would time out at once).
proc run_genode_until {args} {
	global session output output_spawn_id
	set usage "usage: run_genode_until ?-cont? ?<regex> ?<timeout> ?<spawn_id>???"
	set cont [expr {[lindex $args 0] eq "-cont"}]
	if {$cont} { set args [lrange $args 1 end] }
	if {[llength $args] > 3} { fail $usage }
	lassign $args re timeout spawn_id
	if {$re eq ""} { set re forever }
	if {$spawn_id eq "-1"} { set spawn_id "" }
	if {$spawn_id ne ""} { set cont 1 }
	if {$re eq "forever"} { assert {![have_cmd_switch --autopilot]} }

	if {!$cont} {
		boot_target
	} elseif {![info exists session(id)]} {
		fail "run_genode_until: no running target to continue on"
	} elseif {$spawn_id ne "" && $spawn_id ne $session(id)} {
		fail "run_genode_until: '$spawn_id' is not the spawn id of the running target"
	}
	set output_spawn_id $session(id)
	# accumulated over the calls, as Genode's run tool does
	if {![info exists output]} { set output "" }
	if {$re eq "forever"} {
		append output [watch_until_end]
	} else {
		append output [wait_for $re $timeout]
	}
}

# Genode scripts pass [output_spawn_id] to continue on the running target.
proc output_spawn_id {} {
	global output_spawn_id
	if {![info exists output_spawn_id]} { fail "output_spawn_id: no target has run yet" }
	return $output_spawn_id
}

# A run script's timeout counts the target's CPU time where the power-on
# module can tell it (run_target_cpu_ms: QEMU's user and system time) and
# the guest's time does not follow host time (icount): the guest then does
# the same work for the same CPU time however loaded the host is, so a
# timeout means "the guest did not get there", not "the host was busy".
# A wall-clock backstop of TIMEOUT_BACKSTOP times the timeout catches a
# target that hangs without using the CPU.
set timeout_backstop 10

# Deadlines {wall wall_s cpu}: the host's clock and the target's CPU time in
# ms ("" for none), wall_s the seconds the wall deadline stands for.
proc deadlines {timeout} {
	global timeout_backstop
	if {$timeout in {"" -1 forever} || [gdb_mode]} { return {"" "" ""} }
	if {![string is entier -strict $timeout] || $timeout < 0} {
		fail "run_genode_until: invalid timeout '$timeout'"
	}
	set cpu [target_cpu_ms]
	set wall_s [expr {$cpu eq "" ? $timeout : $timeout * $timeout_backstop}]
	set wall [expr {[clock milliseconds] + 1000 * $wall_s}]
	return [list $wall $wall_s [expr {$cpu eq "" ? "" : $cpu + 1000 * $timeout}]]
}

# The target's CPU time in ms, "" if it is not counted.
proc target_cpu_ms {} {
	if {![icount_mode] || [info procs run_target_cpu_ms] eq ""} { return "" }
	return [run_target_cpu_ms]
}

# Count "bootstrap: " line starts; text may begin in the middle of a line.
proc count_boots {text bol} {
	set n [regexp -all -line {^bootstrap: } $text]
	if {!$bol && [string match "bootstrap: *" $text]} { incr n -1 }
	return $n
}

# Fail on a kernel panic, on a second boot or when init exits within text:
# init exits only when it cannot read its config, which ends the scenario.
proc check_for_failure {text bol} {
	global session
	if {[regexp -line {kernel panic:?[ \t]*(.*)$} $text -> reason]} {
		fail "kernel panic: $reason"
	}
	incr session(seen) [count_boots $text $bol]
	if {$session(boots) + $session(seen) > 1} { fail "board rebooted" }
	foreach line [regexp -all -inline -line {^\[init\] .*$} $text] { set session(init) $line }
	if {[regexp -line {^core: "init" exited with exit value (-?\d+)} $text -> code]} {
		set last [expr {$session(init) ne "" ? " after: $session(init)" : ""}]
		fail "init exited with exit value $code$last"
	}
}

# No pattern, no timeout (run_genode_until forever): show the output until
# the target ends; failures are detected as always. Returns the output.
proc watch_until_end {} {
	global session
	set text $session(rest)
	set session(rest) ""
	set session(seen) 0
	set checked 0        ;# text before this index has been checked
	echo_serial $text
	while 1 {
		set last_nl [string last "\n" $text]
		if {$last_nl >= $checked} {
			check_for_failure [string range $text $checked $last_nl] \
			                  [expr {$checked > 0 || $session(bol)}]
			set checked [expr {$last_nl + 1}]
		}
		set logging [log_user -info]
		log_user 0
		set got [expect -i $session(id) -timeout -1 -re .+ {
			set chunk [serial_decode $expect_out(0,string)]
			append text $chunk
			echo_serial $chunk
			string cat chunk
		} eof {
			string cat eof
		}]
		log_user $logging
		if {$got eq "eof"} {
			check_for_failure [string range $text $checked end] \
			                  [expr {$checked > 0 || $session(bol)}]
			shutdown_target
			return $text
		}
	}
}

# Wait until the pattern matches the output received since the last match and
# return the output up to the end of the match. Complete lines are checked for
# failures once each, as they arrive; a partial line only when no more output
# is to be expected. Output is echoed up to the end of the match.
proc wait_for {re timeout} {
	global session log_name
	lassign [deadlines $timeout] deadline deadline_s cpu_deadline
	set text $session(rest)
	set echoed 0         ;# text before this index has been echoed
	set checked 0        ;# text before this index has been checked
	set panic_grace ""   ;# until when to wait for the rest of a panic line
	set session(seen) 0

	while 1 {
		if {[regexp -indices -- $re $text match]} {
			set end [lindex $match 1]
			echo_serial [string range $text $echoed $end]
			set consumed [string range $text 0 $end]
			incr session(boots) [count_boots $consumed $session(bol)]
			set session(rest) [string range $text $end+1 end]
			set session(bol) [expr {[string index $consumed end] eq "\n"}]
			return $consumed
		}

		echo_serial [string range $text $echoed end]
		set echoed [string length $text]

		set last_nl [string last "\n" $text]
		if {$last_nl >= $checked} {
			check_for_failure [string range $text $checked $last_nl] \
			                  [expr {$checked > 0 || $session(bol)}]
			set checked [expr {$last_nl + 1}]
		}
		set partial [string range $text $checked end]
		set partial_bol [expr {$checked > 0 || $session(bol)}]

		# A panic message is worth a moment's wait for the line to complete.
		if {$panic_grace eq "" && [string match "*kernel panic*" $partial]} {
			set panic_grace [expr {[clock milliseconds] + 1000}]
		}
		set now [clock milliseconds]
		if {$panic_grace ne "" && $now >= $panic_grace} {
			check_for_failure $partial $partial_bol
		}
		set cpu_used [expr {$cpu_deadline eq "" ? "" : [target_cpu_ms]}]
		if {$cpu_used ne "" && $cpu_used >= $cpu_deadline} {
			check_for_failure $partial $partial_bol
			fail "Test execution timed out (pattern '$re' not seen within $timeout s of the target's CPU time)"
		}
		if {$deadline ne "" && $now >= $deadline} {
			check_for_failure $partial $partial_bol
			set of [expr {$cpu_deadline eq "" ? "" : " of host time"}]
			fail "Test execution timed out (pattern '$re' not seen within $deadline_s s$of)"
		}

		# with a CPU-time deadline, look at the target's CPU time every second
		set until [lsort -integer [concat $deadline $panic_grace]]
		set wait_s [expr {$until eq "" ? -1 : ([lindex $until 0] - $now + 999) / 1000}]
		if {$cpu_deadline ne "" && ($wait_s < 0 || $wait_s > 1)} { set wait_s 1 }
		set logging [log_user -info]
		log_user 0
		set got [expect -i $session(id) -timeout $wait_s -re .+ {
			append text [serial_decode $expect_out(0,string)]
			string cat chunk
		} eof {
			string cat eof
		} timeout {
			string cat timeout
		}]
		log_user $logging
		if {$got eq "eof"} {
			check_for_failure $partial $partial_bol
			fail "$log_name exited before pattern '$re' appeared"
		}
	}
}
