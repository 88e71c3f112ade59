# Run-script commands that ask about the environment or make the run
# depend on it, with the meaning Genode's run tool gives them.

# End the run unless the Tcl expression (evaluated in the caller) is true.
proc assert {expression {msg ""}} {
	set code [catch {uplevel 1 [list expr $expression]} res]
	if {$code} { return -code $code $res }
	if {![string is boolean -strict $res]} {
		fail "assert: invalid boolean expression: $expression"
	}
	if {$res} return
	set msg [string trim $msg]
	if {$msg ne ""} {
		fresh_line
		puts stderr $msg
	}
	fail "Test requires '$expression'"
}

# The repository the run tool belongs to (Genode scripts name files in it).
proc genode_dir {} {
	global tool_dir
	return [file dirname [file dirname $tool_dir]]
}

proc board {} {
	return [build_conf BOARD]
}

# Whether RUN_OPT includes the run module, e.g. "power_on/qemu".
proc have_include {name} {
	global include_list
	return [expr {$name in $include_list}]
}

# Whether the run tool got the switch (e.g. --autopilot, which tool/autopilot
# passes) on its command line or in RUN_OPT.
proc have_cmd_switch {name} {
	global cmd_switches
	return [expr {$name in $cmd_switches}]
}

proc have_installed {program} {
	return [expr {[auto_execok $program] ne ""}]
}

# The path of a host command, looked for in PATH and the sbin directories.
proc installed_command {command} {
	set path [auto_execok $command]
	if {$path ne ""} { return [lindex $path 0] }
	foreach dir {/sbin /usr/sbin /usr/local/bin} {
		if {[file executable [file join $dir $command]]} { return [file join $dir $command] }
	}
	fail "'$command' command could not be found: install the package that has it, or put it in PATH"
}

# Genode's depot recipes: none here (see depot.tcl).
proc have_recipe {name} {
	return 0
}
