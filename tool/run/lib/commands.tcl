# Run-script commands, except run_genode_until (lib/target.tcl).

proc run_dir {} {
	global build_dir run_name
	return [file join $build_dir var run $run_name]
}

proc boot_dir {} {
	return [file join [run_dir] boot]
}

# Targets may be given as one list or as several arguments.
proc build {args} {
	global build_dir
	if {[catch {exec make -C $build_dir {*}[concat {*}$args] >@ stdout 2>@ stderr}]} {
		fail "build failed"
	}
}

proc create_boot_directory {} {
	file delete -force [boot_dir]
	file mkdir [boot_dir]
}

proc require_boot_dir {} {
	if {![file isdirectory [boot_dir]]} {
		fail "[boot_dir] missing: call create_boot_directory first"
	}
}

proc install_config {text} {
	require_boot_dir
	set fh [open [file join [boot_dir] config] w]
	puts -nonewline $fh $text
	close $fh
}

proc build_boot_image {args} {
	global build_dir boot_modules image_file
	require_boot_dir
	if {[info procs run_image] eq ""} { fail "RUN_OPT includes no image module" }
	set boot_modules {}
	foreach module [concat {*}$args] {
		# The build system links core and bootstrap into every image.
		if {$module in {core bootstrap}} continue
		set bin [file join $build_dir bin $module]
		if {[file exists $bin]} {
			# bin/ may hold symlinks into the build tree; boot/ needs the files.
			exec cp -L $bin [boot_dir]
		} elseif {![file exists [file join [boot_dir] $module]]} {
			# neither built nor installed (install_config writes boot/config)
			fail "boot module '$module' missing: $bin not built"
		}
		lappend boot_modules $module
	}
	set image_file [run_image [boot_dir]]
}

# Keep only the lines of $output that match regex.
proc grep_output {regex} {
	global output
	set kept {}
	foreach line [split [string map {"\r" ""} $output] "\n"] {
		if {[regexp -- $regex $line]} { lappend kept $line }
	}
	set output [join $kept "\n"]
}

proc significant_lines {text} {
	set lines {}
	foreach line [split [string map {"\r" ""} $text] "\n"] {
		set line [string trim $line]
		if {$line ne ""} { lappend lines $line }
	}
	return [join $lines "\n"]
}

proc compare_output_to {expected} {
	global output
	set want [significant_lines $expected]
	set got  [significant_lines $output]
	if {$want ne $got} {
		fresh_line
		puts stderr "expected:\n$want\ngot:\n$got"
		fail "output differs from expected"
	}
}

proc have_board {name} {
	return [expr {[build_conf BOARD] eq $name}]
}

proc have_spec {spec} {
	return [expr {$spec in [split_words [build_conf SPECS]]}]
}

proc assert_spec {spec} {
	if {![have_spec $spec]} { fail "test requires spec $spec" }
}
