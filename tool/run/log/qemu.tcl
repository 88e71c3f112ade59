# Log module: QEMU's serial console is its stdio (-nographic), so the log is
# the spawned QEMU itself, and it ends when QEMU exits.

set log_name QEMU

proc run_log_open {} {
	global qemu
	return $qemu(id)
}
