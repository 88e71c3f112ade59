# U-Boot on the target's console: what the two ways of booting through
# U-Boot share, in QEMU (power_on/qemu_uboot) and on a board on a serial line
# (power_on/board_uboot). Sourced by those modules.
#
# U-Boot is given one command line, uboot_fetch_command: it brings up the
# network and fetches the boot script that image/uboot made (boot.scr.uimg)
# over TFTP and runs it; the script fetches the uImage and boots it. Until
# U-Boot says "Starting kernel ...", every message meaning that it will not
# ends the run with one line "Error: U-Boot: <what>: <U-Boot's line>", and so
# do its prompt (it gave up), a second banner (it was reset) and silence.
#
# Board configuration (etc/board/<board>.conf):
#   UBOOT_SCRIPT_ADDR  where the boot script is fetched to
#   UBOOT_PROMPT       U-Boot's prompt (default "=>")
# Environment:
#   UBOOT_TIMEOUT      seconds U-Boot may take to start the kernel (and, on a
#                      board, to show its prompt); the modules' defaults suit
#                      them. Counted like a run script's timeout: in QEMU's
#                      CPU time under icount, else in host time.

# The file names image/uboot gives the uImage and the boot script, in the run
# directory and in the TFTP server's directory alike.
set uboot_image_file  image.uimg
set uboot_script_file boot.scr.uimg

# U-Boot's messages that mean it will not start the kernel, the first to
# appear wins: {regex what}. The regex is matched against one line. Modules
# may add their own.
set uboot_failures {
	{ARP Retry count exceeded}             {TFTP server unreachable (no ARP answer)}
	{Retry count exceeded}                 {TFTP timeout}
	{Retry time exceeded}                  {DHCP timeout}
	{TFTP error}                           {fetching over TFTP failed}
	{No ethernet found}                    {no network interface}
	{Bad Data CRC|Bad Header Checksum}     {bad checksum in the uImage}
	{Bad Magic Number|Wrong Image Format}  {not a bootable uImage}
	{Image too large|GUNZIP|inflate\(\) returned|Must RESET board} {bootm could not unpack the image}
	{Unknown command}                      {bad U-Boot command}
	{^\*\*\* ERROR|^## Error|^ERROR}       {error}
	{data abort|prefetch abort|undefined instruction} {U-Boot crashed}
	{^resetting \.\.\.}                    {U-Boot reset the board}
}

# The command line that fetches the boot script and runs it; net brings up
# the network ("dhcp", or setenv of ipaddr and serverip).
proc uboot_fetch_command {net} {
	global uboot_script_file
	set addr [build_conf UBOOT_SCRIPT_ADDR]
	return "setenv autoload no; $net && tftpboot $addr $uboot_script_file && source $addr"
}

# The U-Boot commands of the boot script image/uboot makes.
proc uboot_script_commands {} {
	global uboot_image_file
	set addr [build_conf UBOOT_LOAD_ADDR]
	# Our kernel ignores the device tree, but bootm needs one where U-Boot
	# lacks ATAGS support; U-Boot's own (fdtcontroladdr) is always there.
	return "tftpboot $addr $uboot_image_file && bootm $addr - \${fdtcontroladdr}"
}

# Seconds until U-Boot must be done.
proc uboot_timeout {default} {
	global env
	set timeout [expr {[info exists env(UBOOT_TIMEOUT)] ? $env(UBOOT_TIMEOUT) : $default}]
	if {![string is entier -strict $timeout] || $timeout <= 0} {
		fail "UBOOT_TIMEOUT: expected seconds, got '$timeout'"
	}
	return $timeout
}

proc uboot_prompt_re {} {
	set prompt [conf_or_empty UBOOT_PROMPT]
	if {$prompt eq ""} { set prompt "=>" }
	regsub -all {[][{}()*+?.\\^$|]} $prompt {\\&} prompt
	return "^$prompt\[ \t]*\$"
}

# The next thing U-Boot says: {line <text>}, {prompt} (nothing but the prompt
# so far on a line), {autoboot} (a countdown that a key stops; only if
# stoppable), {timeout} or {eof}. The deadlines are those of deadlines
# (lib/target.tcl). What is consumed is echoed (echo_serial), the rest stays
# for the next call or for run_genode_until.
proc uboot_next {id deadlines {stoppable 0}} {
	lassign $deadlines wall wall_s cpu
	set patterns [list -re {^([^\n]*)\n} {
		set event [list line [string trim $expect_out(1,string) "\r"]]
	} -re [uboot_prompt_re] {
		set event prompt
	}]
	if {$stoppable} { lappend patterns -re {(stop|abort) autoboot} { set event autoboot } }
	set logging [log_user -info]
	log_user 0
	set event ""
	while {$event eq ""} {
		# with a CPU-time deadline, look at the target's CPU time every second
		set wait -1
		if {$wall ne ""} { set wait [expr {max(0, ($wall - [clock milliseconds] + 999) / 1000)}] }
		if {$cpu ne "" && ($wait < 0 || $wait > 1)} { set wait 1 }
		expect -i $id -timeout $wait {*}$patterns timeout {
			if {($wall ne "" && [clock milliseconds] >= $wall)
			    || ($cpu ne "" && [target_cpu_ms] >= $cpu)} { set event timeout }
		} eof {
			set event eof
		}
	}
	log_user $logging
	if {$event ni {timeout eof}} { echo_serial [string map {"\r" ""} $expect_out(buffer)] }
	return $event
}

# What a timeout of uboot_next means, for a message.
proc uboot_timed_out {timeout deadlines} {
	lassign $deadlines wall wall_s cpu
	return [expr {$cpu ne "" && [target_cpu_ms] >= $cpu
	              ? "$timeout s of the target's CPU time" : "$wall_s s"}]
}

proc uboot_fail {what line} {
	fail "U-Boot: $what: $line"
}

# On a board: wait for U-Boot (after power on), stop its countdown and give it
# the command line at its prompt.
proc uboot_command_at_prompt {id timeout command} {
	global log_name send_slow
	set deadlines [deadlines $timeout]
	set last ""
	while 1 {
		set event [uboot_next $id $deadlines 1]
		switch -- [lindex $event 0] {
			line     { if {[lindex $event 1] ne ""} { set last [lindex $event 1] } }
			autoboot { send -i $id " " }
			prompt   break
			timeout  { uboot_fail "no prompt within [uboot_timed_out $timeout $deadlines]" "last line '$last'" }
			eof      { fail "$log_name ended before U-Boot's prompt appeared" }
		}
	}
	# U-Boot reads its console character by character: no faster than a
	# slow typist, so that no UART drops a character.
	set send_slow {1 0.002}
	send -s -i $id "$command\r"
}

# Follow U-Boot until it starts the kernel; the kernel's output stays unread
# for run_genode_until.
proc uboot_await_kernel {id timeout} {
	global uboot_failures log_name
	set deadlines [deadlines $timeout]
	set last ""
	set banners 0
	while 1 {
		set event [uboot_next $id $deadlines]
		switch -- [lindex $event 0] {
			prompt  { uboot_fail "returned to its prompt without starting the kernel" "last line '$last'" }
			timeout { uboot_fail "did not start the kernel within [uboot_timed_out $timeout $deadlines]" "last line '$last'" }
			eof     { fail "$log_name exited before U-Boot started the kernel (last line '$last')" }
		}
		set line [string trim [lindex $event 1]]
		if {$line eq ""} continue
		set last $line
		if {[string match "Starting kernel*" $line]} break
		if {[regexp {^U-Boot \d{4}\.\d{2}} $line] && [incr banners] > 1} {
			uboot_fail "started twice (the board was reset)" $line
		}
		foreach {re what} $uboot_failures {
			if {[regexp -- $re $line]} { uboot_fail $what $line }
		}
	}
}
