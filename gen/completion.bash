# bash completion for runbinder: commands, each command's options, and
# the values some options take. Installed by `make install` as
# share/bash-completion/completions/runbinder. The lists below are tested
# against the program's own help (tests/t-shell.sh), so they follow it.

_runbinder_commands='build check inventory review publish verify drill-report export-script init new help'

_runbinder_options() {
	case $1 in
	build) echo '-C --date --state --ref --out --only --fail-on --wait -q --quiet -v --verbose --timings -h --help' ;;
	check) echo '-C --date --state --ref --format --fail-on -q --quiet -v --verbose --timings -h --help' ;;
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

# COMPREPLY: what compgen OPTIONS... offers for the word being completed
_runbinder_reply() {
	local word=$1
	shift
	mapfile -t COMPREPLY < <(compgen "$@" -- "$word")
}

_runbinder() {
	local cur prev cmd
	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	# the command comes first: options belong to it
	if ((COMP_CWORD < 2)); then
		_runbinder_reply "$cur" -W "$_runbinder_commands --version --help"
		return 0
	fi
	cmd=${COMP_WORDS[1]}
	case $prev in
	-C|--out|--state)
		_runbinder_reply "$cur" -d
		return 0 ;;
	--format)
		_runbinder_reply "$cur" -W 'text json sarif junit'
		return 0 ;;
	--fail-on)
		_runbinder_reply "$cur" -W 'error warning never'
		return 0 ;;
	--only)
		_runbinder_reply "$cur" -W 'html txt pdf runbook-pdf scripts'
		return 0 ;;
	--kind)
		_runbinder_reply "$cur" -W 'failover failback restore-test procedure'
		return 0 ;;
	--type)
		_runbinder_reply "$cur" -W 'backup-restore tabletop component-failover full-drill'
		return 0 ;;
	--date|--ref|--branch|--message|--wait|--runbook|--service|--title)
		return 0 ;;
	esac
	if [[ $cur == -* ]]; then
		_runbinder_reply "$cur" -W "$(_runbinder_options "$cmd")"
		return 0
	fi
	case $cmd in
	help) _runbinder_reply "$cur" -W "$_runbinder_commands rules" ;;
	new) _runbinder_reply "$cur" -W 'runbook' ;;
	inventory) _runbinder_reply "$cur" -W 'list show find' ;;
	verify|init) _runbinder_reply "$cur" -d ;;
	drill-report) _runbinder_reply "$cur" -f ;;
	esac
	return 0
}
complete -F _runbinder runbinder
