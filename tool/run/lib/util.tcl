# Helpers shared by the run tool and its modules.

# End the run with "Error: <msg>". The error code tells the run tool that the
# message is complete, so no Tcl stack trace is shown.
proc fail {msg} {
	return -code error -errorcode RUN $msg
}

# Split like Make and the shell do, not as a Tcl list: build.conf values may
# contain braces or quotes that mean nothing special there.
proc split_words {text} {
	return [regexp -all -inline {\S+} $text]
}

# An environment switch such as GDB=1 is on unless unset, empty, 0 or no.
proc env_flag {name} {
	global env
	return [expr {[info exists env($name)] && $env($name) ni {"" 0 no}}]
}

# Guest time from the instruction count: on unless ICOUNT is set to 0/no/"".
proc icount_mode {} {
	global env
	return [expr {![info exists env(ICOUNT)] || $env(ICOUNT) ni {"" 0 no}}]
}

# Halting the target for a debugger makes every timeout meaningless.
proc gdb_mode {} {
	return [env_flag GDB]
}

proc build_conf {key} {
	global conf
	if {![info exists conf($key)]} { fail "etc/build.conf does not define $key" }
	return $conf($key)
}

# build.conf is included by the build directory's Makefile, so it is parsed
# with the Make assignment forms it may use: =, :=, ?= and +=, comments after
# '#', and references $(KEY) to keys defined before.
proc read_build_conf {file} {
	global conf
	if {![file exists $file]} {
		fail "$file not found (create the build directory with tool/create_builddir)"
	}
	set fh [open $file]
	set lines [split [read $fh] "\n"]
	close $fh
	foreach line $lines {
		regsub {#.*} $line "" line
		if {[string trim $line] eq ""} continue
		if {![regexp {^\s*(\w+)\s*([:?+]?=)\s*(.*?)\s*$} $line -> key op value]} {
			fail "$file: cannot parse line '$line'"
		}
		while {[regexp {\$\((\w+)\)} $value ref ref_key]} {
			set value [string map [list $ref [conf_or_empty $ref_key]] $value]
		}
		switch -- $op {
			?= { if {![info exists conf($key)]} { set conf($key) $value } }
			+= { set conf($key) [string trim "[conf_or_empty $key] $value"] }
			default { set conf($key) $value }
		}
	}
}

# Make expands undefined variables to nothing.
proc conf_or_empty {key} {
	global conf
	return [expr {[info exists conf($key)] ? $conf($key) : ""}]
}
