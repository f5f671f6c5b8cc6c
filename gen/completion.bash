# bash completion for runbinder: commands, each command's options, and
# the values some options take. Installed by `make install` as
# share/bash-completion/completions/runbinder. The lists below are tested
# against the program's own help (tests/t-shell.sh), so they follow it.

_runbinder_commands='build check inventory review publish verify drill-report export-script init new help'

_runbinder_options() {
	case $1 in
	build) echo '-C --date --state --ref --out --only --fail-on --wait -q --quiet -v --verbose --timings -h --help' ;;
	check) echo '-C --date --state --ref --format --fail-on -q --quiet --timings -h --help' ;;
	inventory) echo '-C --state -h --help' ;;
	review) echo '-C --date --state -h --help' ;;
	publish) echo '-C --branch --out --message --wait -h --help' ;;
	verify) echo '-h --help' ;;
	drill-report) echo '-C --runbook --type --yaml -h --help' ;;
	export-script) echo '-C --state -h --help' ;;
	init) echo '-h --help' ;;
	new) echo '-C --service --kind --title -h --help' ;;
	help) echo '-h --help' ;;
	esac
}

_runbinder() {
	local cur prev cmd
	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	# the command comes first: options belong to it
	if ((COMP_CWORD < 2)); then
		COMPREPLY=($(compgen -W "$_runbinder_commands --version --help" -- "$cur"))
		return 0
	fi
	cmd=${COMP_WORDS[1]}
	case $prev in
	-C|--out|--state)
		COMPREPLY=($(compgen -d -- "$cur"))
		return 0 ;;
	--format)
		COMPREPLY=($(compgen -W 'text json sarif junit' -- "$cur"))
		return 0 ;;
	--fail-on)
		COMPREPLY=($(compgen -W 'error warning never' -- "$cur"))
		return 0 ;;
	--only)
		COMPREPLY=($(compgen -W 'html txt pdf scripts' -- "$cur"))
		return 0 ;;
	--kind)
		COMPREPLY=($(compgen -W 'failover failback restore-test procedure' -- "$cur"))
		return 0 ;;
	--type)
		COMPREPLY=($(compgen -W 'backup-restore tabletop component-failover full-drill' -- "$cur"))
		return 0 ;;
	--date|--ref|--branch|--message|--wait|--runbook|--service|--title)
		return 0 ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_runbinder_options "$cmd")" -- "$cur"))
		return 0
	fi
	case $cmd in
	help) COMPREPLY=($(compgen -W "$_runbinder_commands rules" -- "$cur")) ;;
	new) COMPREPLY=($(compgen -W 'runbook' -- "$cur")) ;;
	inventory) COMPREPLY=($(compgen -W 'list show find' -- "$cur")) ;;
	verify|init) COMPREPLY=($(compgen -d -- "$cur")) ;;
	drill-report) COMPREPLY=($(compgen -f -- "$cur")) ;;
	esac
	return 0
}
complete -F _runbinder runbinder
