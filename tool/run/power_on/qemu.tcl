# Power-on module: powering on spawns QEMU with the image as kernel, powering
# off kills that QEMU.
#
# Run scripts add QEMU options as Genode's do, by appending to the global
# variable qemu_args ("append qemu_args \" -nographic \""): they follow the
# board's QEMU_ARGS, whose -m, -cpu and -smp give way to the script's own.
#
# Environment:
#   GDB=1            halt at the first instruction and wait for a debugger on
#                    tcp port GDB_PORT (default 1234)
#   ICOUNT=0         let the guest clock follow host time (to watch a scenario
#                    in real time). By default QEMU runs with
#                    -icount shift=0,align=off,sleep=off: one instruction is
#                    one nanosecond of guest time and, when the guest sleeps,
#                    the clock jumps to the next timer deadline, so every run
#                    prints the same output and figures whatever the host's
#                    load (QEMU's docs: "-icount"). The board's real-time
#                    clock starts at the host's date and then follows guest
#                    time (-rtc clock=vm).
#   QEMU_EXTRA_ARGS  appended to the QEMU command line
#   CPUS=<n>         the number of CPUs (-smp <n>, 1 to 8) instead of the
#                    board's; a run script's own -smp still wins

# qemu(id), qemu(pid): the spawned QEMU, unset while none runs

proc run_power_on {image} {
	global env qemu
	set cmd [list [build_conf QEMU] {*}[qemu_machine_args] -nographic -no-reboot \
	              {*}[qemu_boot_args $image]]
	if {[auto_execok [lindex $cmd 0]] eq ""} {
		fail "QEMU binary '[lindex $cmd 0]' not found"
	}
	# the real-time clock (PL031 on virt) follows guest time too; it starts
	# at the host's date
	if {[icount_mode]} { lappend cmd -icount shift=0,align=off,sleep=off -rtc clock=vm }
	if {[gdb_mode]} {
		set port [expr {[info exists env(GDB_PORT)] ? $env(GDB_PORT) : 1234}]
		lappend cmd -S -gdb tcp::$port
		print_gdb_hint $image $port
	}
	if {[info exists env(QEMU_EXTRA_ARGS)]} {
		lappend cmd {*}[split_words $env(QEMU_EXTRA_ARGS)]
	}
	spawn {*}$cmd
	set qemu(id)  $spawn_id
	set qemu(pid) [exp_pid -i $spawn_id]
	# for tool/run/run, which kills it when the run is interrupted
	if {[info exists env(RUN_QEMU_PIDFILE)]} {
		set fh [open $env(RUN_QEMU_PIDFILE) w]
		puts $fh $qemu(pid)
		close $fh
	}
}

# The board's QEMU_ARGS with CPUS's -smp, and the run script's qemu_args
proc qemu_machine_args {} {
	global qemu_args env
	set board [split_words [build_conf QEMU_ARGS]]
	if {[info exists env(CPUS)] && $env(CPUS) ne ""} {
		if {![string is integer -strict $env(CPUS)] || $env(CPUS) < 1 || $env(CPUS) > 8} {
			fail "CPUS=$env(CPUS): expected a number of CPUs from 1 to 8"
		}
		set at [lsearch -exact $board -smp]
		if {$at >= 0} {
			set board [lreplace $board $at [expr {$at + 1}]]
		}
		lappend board -smp $env(CPUS)
	}
	if {![info exists qemu_args]} { return $board }
	set script [split_words $qemu_args]
	set kept {}
	for {set i 0} {$i < [llength $board]} {incr i} {
		set opt [lindex $board $i]
		if {$opt in {-m -cpu -smp} && $opt in $script} {
			incr i ;# and its value
			continue
		}
		lappend kept $opt
	}
	return [concat $kept $script]
}

# How QEMU gets the image; power_on/qemu_uboot boots it through U-Boot.
proc qemu_boot_args {image} {
	return [list -kernel $image]
}

proc print_gdb_hint {image port} {
	global build_dir boot_modules
	puts "gdb: QEMU is halted; attach with: gdb-multiarch $image -ex 'target remote :$port'"
	foreach module $boot_modules {
		puts "gdb: symbols of $module: add-symbol-file [file join $build_dir bin $module]"
	}
}

# QEMU's CPU time (user and system, all threads) in ms, "" once it is gone:
# fields 14 and 15 of /proc/<pid>/stat, in clock ticks.
proc run_target_cpu_ms {} {
	global qemu clock_ticks_per_s
	if {![info exists qemu(pid)] || [catch {open /proc/$qemu(pid)/stat} fh]} { return "" }
	set stat [read $fh]
	close $fh
	if {![info exists clock_ticks_per_s]} {
		if {[catch {exec getconf CLK_TCK} clock_ticks_per_s]} { set clock_ticks_per_s 100 }
	}
	# the command name in parentheses may hold spaces: count from its end
	set fields [split [string range $stat [string last ")" $stat]+2 end] " "]
	return [expr {([lindex $fields 11] + [lindex $fields 12]) * 1000 / $clock_ticks_per_s}]
}

# Kill by pid, so that no other QEMU is hit, and without mercy, so that a hung
# guest cannot delay it; then reap the process.
proc run_power_off {} {
	global qemu
	if {![info exists qemu(pid)]} return
	catch { exec kill -9 $qemu(pid) }
	catch { close -i $qemu(id) }
	catch { wait -i $qemu(id) }
	array unset qemu
}
