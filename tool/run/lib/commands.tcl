# Run-script commands, except run_genode_until (lib/target.tcl).

proc run_dir {} {
	global build_dir run_name
	return [file join $build_dir var run $run_name]
}

proc boot_dir {} {
	return [file join [run_dir] boot]
}

# Targets may be given as one list or as several arguments, in our names
# (os/init) or Genode's (init). The binaries they produce are collected for
# build_artifacts.
proc build {args} {
	global build_dir collected_artifacts
	set targets [concat {*}$args]
	if {![llength $targets]} return
	if {[catch {exec make --no-print-directory -C $build_dir {*}$targets >@ stdout 2>@ stderr}]} {
		fail "build failed"
	}
	if {[catch {exec make -s --no-print-directory -C $build_dir artifacts TARGETS=$targets} artifacts]} {
		fail "build: cannot list the artifacts of '$targets': $artifacts"
	}
	lappend collected_artifacts {*}[split_words $artifacts]
}

# The binaries the builds so far produced, for build_boot_image.
proc build_artifacts {} {
	global collected_artifacts
	if {![info exists collected_artifacts]} { return {} }
	return [lsort -unique $collected_artifacts]
}

# Genode's scripts name the boot directory [run_dir]/genode: a link to it.
proc create_boot_directory {} {
	set genode [file join [run_dir] genode]
	file delete -force [boot_dir] $genode
	file mkdir [boot_dir]
	file link -symbolic $genode boot
}

proc require_boot_dir {} {
	if {![file isdirectory [boot_dir]]} {
		fail "[boot_dir] missing: call create_boot_directory first"
	}
}

# Write boot/<name>; the arguments are joined without separator (Genode
# scripts splice Tcl values into a config that way).
proc install_boot_module {name args} {
	require_boot_dir
	set fh [open [file join [boot_dir] $name] w]
	puts $fh [join $args ""]
	close $fh
}

proc install_config {args} {
	install_boot_module config {*}$args
}

proc build_boot_image {args} {
	global build_dir boot_modules image_file
	require_boot_dir
	if {[info procs run_image] eq ""} { fail "RUN_OPT includes no image module" }
	set boot_modules {}
	foreach module [concat {*}$args [trace_module]] {
		# The build system links core and bootstrap into every image.
		if {$module in {core bootstrap}} continue
		if {$module eq "ld.lib.so"} {
			puts "ld.lib.so: not needed, programs are linked statically here"
			continue
		}
		set bin [file join $build_dir bin $module]
		if {[file exists $bin]} {
			# bin/ may hold symlinks into the build tree; boot/ needs the files.
			exec cp -L $bin [boot_dir]
			# what the build made; a file a script wrote into bin/ (run/bad_elf.run's
			# malformed ELFs) goes as it is, objcopy would rewrite it
			if {$module in [build_artifacts]} { strip_debug_info [file join [boot_dir] $module] }
		} elseif {![file exists [file join [boot_dir] $module]]} {
			# neither built nor installed (install_config writes boot/config)
			fail "boot module '$module' missing: $bin not built"
		}
		lappend boot_modules $module
	}
	set image_file [run_image [boot_dir]]
}

# An ELF boot module goes into boot/ without debug information and symbol
# table: the image carries only what is loaded, while bin/<module> beside
# it keeps both for gdb (print_gdb_hint in power_on/qemu). Other files
# (configs, data) are left as they are.
proc strip_debug_info {file} {
	set fh [open $file rb]
	set magic [read $fh 4]
	close $fh
	if {$magic ne "\x7fELF"} return
	set objcopy "[conf_or_empty CROSS_DEV_PREFIX]objcopy"
	if {[catch {exec $objcopy --strip-all $file} msg]} {
		fail "stripping the debug information of boot module [file tail $file] failed: $msg"
	}
}

# Append to the variable only if the condition holds (args joined).
proc append_if {condition var args} {
	upvar 1 $var up
	if {$condition} { append up [join $args ""] }
}

# Append the elements to the list variable only if the condition holds.
proc lappend_if {condition var args} {
	upvar 1 $var up
	if {$condition} { lappend up {*}$args }
}

proc copy_file {src dst} {
	file copy -force $src $dst
}

# Replace what matches pattern in $output (e.g. addresses that vary).
proc unify_output {pattern replacement} {
	global output
	regsub -all -- $pattern $output $replacement output
}

# Drop empty lines and carriage returns from $output.
proc trim_lines {} {
	global output
	regsub -all {[\r\n]+} $output "\n" output
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
