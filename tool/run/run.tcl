#!/usr/bin/env expect
#
# Run tool: executes a run script that builds targets, assembles a boot image,
# boots it and checks the serial output.
#
#   tool/run/run --build-dir <dir> --script <file.run> ?--<switch> ...?
#                                 (the wrapper that runs this)
#
# --image-only (make image/<name>): run the script up to where it would
# boot the target, then let the image modules export the boot image in
# the formats of the board (files in the run directory) and print where
# they are and how to boot them; no target is powered on.
#
# <dir>/etc/build.conf (Make syntax, "KEY = value") is parsed into the global
# array conf(KEY). Its RUN_OPT lists the modules to load: each "--include X"
# sources tool/run/X.tcl; other switches there and on the command line (such
# as --autopilot, which tool/autopilot passes) are for have_cmd_switch.
# BOOT=<way> (environment, or a key of build.conf) boots another way:
# RUN_OPT_<way> replaces RUN_OPT (BOOT=uboot: through U-Boot over TFTP, where
# the board defines RUN_OPT_uboot).
#
# Run-script commands, with the meaning Genode's run tool gives them
#   build <targets>               make -C <build-dir> <targets>; Genode's names
#                                 (init, timer, lib/ld) work too (tool/build.mk)
#   build_artifacts               the binaries the builds so far produced
#   create_boot_directory         empty <build-dir>/var/run/<name>/boot/ (also
#                                 [run_dir]/genode/, Genode's name)
#   install_config <text>...      write boot/config (the arguments joined)
#   install_boot_module <name> <text>...   write boot/<name>
#   build_boot_image <modules>    copy bin/<module> into boot/ (core and
#                                 bootstrap are implicit, ld.lib.so is not
#                                 needed), then build the image
#   run_genode_until ?-cont? ?<regex> ?<timeout> ?<spawn_id>???
#                                 boot (or, with -cont or a spawn id other than
#                                 -1, continue on the running target) and wait
#                                 until <regex> matches; timeout in s (of QEMU's
#                                 CPU time under icount), none if omitted or
#                                 -1. <regex> "forever" (or none):
#                                 show the output until the target ends (refused
#                                 under --autopilot). Appends to $output (no \r)
#                                 and sets $output_spawn_id. The pattern takes
#                                 precedence over failure detection, so a script
#                                 may wait for a panic on purpose.
#   output_spawn_id               the running target's spawn id
#   grep_output <regex>           keep only the lines of $output matching regex
#   unify_output <regex> <text>, trim_lines   rewrite $output
#   compare_output_to <lines>     fail unless $output equals <lines> (lines
#                                 trimmed, empty lines ignored)
#   have_board <name>, have_spec <spec>   1/0 according to BOARD and SPECS
#   board                         BOARD
#   assert <expr> ?<msg>?         fail with "Test requires '<expr>'" unless true
#   assert_spec <spec>            fail unless have_spec <spec>
#   have_include <module>, have_cmd_switch <switch>, have_installed <command>
#   installed_command <command>   its path, or fail
#   append_if, lappend_if <cond> <var> <values>   append only if cond holds
#   genode_dir                    the repository; run_dir: <build-dir>/var/run/<name>
#   copy_file <from> <to>
#   fail <msg>                    end the run with "Error: <msg>"
#   import_from_depot, depot_user, ... (Genode's depot)   fail: not supported here
# Globals: conf(KEY), build_dir, run_name, output, output_spawn_id, qemu_args
# (appended to QEMU's command line, see power_on/qemu.tcl).
#
# Module contract (modules are sourced at global level and may use the above)
#   image/*     proc run_image {boot_dir}  build the boot image from boot_dir,
#               return its path
#               lappend image_exports <proc>: in --image-only mode,
#               <proc> {image dir} writes the image in its format into dir
#               and returns lines saying which files and how to boot them
#   power_on/*  proc run_power_on {image}  start the target with the image
#               proc run_target_cpu_ms {}  optional: the target's CPU time in
#                                          ms ("" if unknown); timeouts then
#                                          count it (see lib/target.tcl)
#               proc run_power_off {}      stop it for good; must be idempotent
#                                          and work from any failure path
#   log/*       proc run_log_open {}       return the spawn id delivering the
#                                          target's serial output
#               proc run_log_close {}      optional, undoes run_log_open
#               variable log_name          who ends the log on eof ("QEMU")
#
# Every failure prints one line "Error: <reason>" to stderr (for Tcl errors
# followed by the stack trace) and exits 1; the target is always powered off
# before, also on SIGINT/SIGTERM/SIGHUP. Success prints
# "Run script execution successful." and exits 0.
#
# Environment: TRACE=1 (the kernel's trace as trace.svg in the run
# directory, lib/trace.tcl), GDB=1 (halt for a debugger, GDB_PORT, no timeouts),
# ICOUNT=0 (guest time follows host time), QEMU_EXTRA_ARGS (see power_on/qemu.tcl).

set tool_dir [file dirname [file normalize [info script]]]
foreach lib {util commands query depot target symbolize trace} {
	source [file join $tool_dir lib $lib.tcl]
}

# The serial output must be visible while it is checked, also through a pipe.
# Run scripts, the serial output and what the tool prints are UTF-8, whatever
# the locale: a script's pattern then matches the text the target printed.
log_user 1
encoding system utf-8
fconfigure stdout -buffering none -encoding utf-8
fconfigure stderr -encoding utf-8

proc usage {} {
	puts stderr "usage: tool/run/run --build-dir <dir> --script <file.run> ?--<switch> ...?"
	exit 2
}

# Switches after the two options (e.g. --autopilot) are for the run
# script's have_cmd_switch.
proc parse_args {argv} {
	global build_dir script cmd_switches
	set cmd_switches {}
	while {[llength $argv]} {
		set argv [lassign $argv opt]
		switch -glob -- $opt {
			--build-dir { set argv [lassign $argv val]; set build_dir [file normalize $val] }
			--script    { set argv [lassign $argv val]; set script    [file normalize $val] }
			--?*        { lappend cmd_switches $opt }
			default     usage
		}
	}
	if {![info exists build_dir] || ![info exists script]} usage
	if {$build_dir eq "" || $script eq ""} usage
}

# The run options of the way to boot that BOOT names (RUN_OPT if none).
proc run_opt {} {
	global env
	set boot [expr {[info exists env(BOOT)] ? $env(BOOT) : [conf_or_empty BOOT]}]
	if {$boot eq ""} { return [build_conf RUN_OPT] }
	if {![regexp {^\w+$} $boot] || [conf_or_empty RUN_OPT_$boot] eq ""} {
		fail "BOOT=$boot: etc/build.conf defines no RUN_OPT_$boot for this board"
	}
	return [build_conf RUN_OPT_$boot]
}

# Image modules add their exports here (see the module contract).
set image_exports {}

# --image-only: every export of the boot image, with what it says
proc export_images {} {
	global image_file image_exports
	if {![info exists image_file]} { fail "the run script built no boot image" }
	if {![llength $image_exports]} { fail "RUN_OPT includes no image module that exports images" }
	set dir [run_dir]
	puts "\nBoot image of [file tail [run_dir]] for [build_conf BOARD], in $dir:"
	foreach export $image_exports {
		foreach line [$export $image_file $dir] { puts "  $line" }
	}
}

# RUN_OPT holds "--include <module>" pairs; other switches count for
# have_cmd_switch like those on the command line.
proc load_modules {} {
	global tool_dir include_list cmd_switches
	set include_list {}
	set opts [split_words [run_opt]]
	while {[llength $opts]} {
		set opts [lassign $opts opt]
		if {$opt ne "--include"} {
			if {![string match --?* $opt]} { fail "RUN_OPT: unexpected '$opt'" }
			lappend cmd_switches $opt
			continue
		}
		set opts [lassign $opts module]
		if {$module eq ""} { fail "RUN_OPT: expected '--include <module>'" }
		set file [file join $tool_dir $module.tcl]
		if {![file exists $file]} { fail "run module '$module' not found ($file)" }
		lappend include_list $module
		uplevel #0 [list source $file]
	}
}

# Report a failure after the target is off, starting on a fresh line so that
# "Error:" can be grepped for even if the serial output ended mid-line.
proc report_error {msg {detail ""}} {
	shutdown_target
	fresh_line
	puts stderr "Error: $msg"
	if {$detail ne ""} { puts stderr $detail }
	exit 1
}

# Whatever ends the process must not leave the target running. Signals are
# handled by the wrapper tool/run/run, not here: an Expect trap can deadlock
# with Expect's own event loop (Tcl 8.6.13, Expect 5.45.4).
exit -onexit shutdown_target

parse_args $argv

# A script that does not exist: say so and list the ones beside it (as
# `make run/<name>` names them), not a Tcl stack trace.
if {![file isfile $script]} {
	set dir [file dirname $script]
	puts stderr "Error: no run script [file tail $dir]/[file tail $script]; the run scripts are:"
	set line ""
	foreach name [lsort [glob -nocomplain -tails -directory $dir *.run]] {
		set name [file rootname $name]
		if {[string length "$line $name"] > 78} {
			puts stderr " $line"
			set line ""
		}
		append line " $name"
	}
	if {$line ne ""} { puts stderr " $line" }
	exit 1
}
# the run tool's own switch, not one for the script
set image_only [expr {"--image-only" in $cmd_switches}]
set run_name [file rootname [file tail $script]]

if {[catch {
	read_build_conf [file join $build_dir etc build.conf]
	load_modules
	if {[catch { uplevel #0 [list source $script] } msg opts] &&
	    (!$image_only || [dict get $opts -errorcode] ne "RUN_IMAGE_DONE")} {
		error $msg [dict get $opts -errorinfo] [dict get $opts -errorcode]
	}
	if {$image_only} export_images
} msg opts]} {
	# Failures of the run tool carry their own message; anything else is a
	# bug in the run script, for which the Tcl stack trace up to the script
	# line tells where (the frames below are the run tool's own).
	set trace ""
	if {[dict get $opts -errorcode] ne "RUN"} {
		set info [dict get $opts -errorinfo]
		set at [string first "(file \"$script\" line" $info]
		if {$at >= 0} { set info [string range $info 0 [string first "\n" "$info\n" $at]-1] }
		set trace [string range $info [string length $msg]+1 end]
	}
	report_error $msg $trace
}

# TRACE=1: the kernel's trace of the run, unless the script collected it
if {!$image_only && [trace_enabled] && !$trace_collected} {
	if {[catch collect_trace msg]} { report_error $msg }
}
shutdown_target
# the matched output may end mid-line: start the verdict on a line of its own
if {$image_only} {
	puts "\nBoot image exported."
} else {
	puts "\nRun script execution successful."
}
exit 0
