# Genode's depot commands (prebuilt archives of its package depot): this
# project builds every component from source, so each one ends the run at
# once with one line saying so, instead of "invalid command name".

foreach depot_command {
	import_from_depot depot_user depot_dir depot_spec base_src
	drivers_interactive_pkg drivers_nic_pkg check_for_missing_depot_archives
	create_tar_from_depot_binaries append_src_and_api_depot_packages_to_tar
	build_depot_context
} {
	proc $depot_command {args} [list fail \
		"not supported here: $depot_command (Genode's depot; build components from source with 'build')"]
}
unset depot_command
