#!/usr/bin/env bash
# OCR pipeline DR binder
# Runbook: Send OCR work to the DR stack
# Step 2: Start the DR scheduler
# Estimate: 5 min
# Source: content/runbooks/drain-to-dr.md
# Built from: a directory outside git
# Made by runbinder from the runbook: change the runbook, not this file.
# Gate texts are text: single-quoted so that nothing in them expands (SC2016);
# the blocks are functions run by name, and may hold functions a trap runs (SC2317).
# shellcheck disable=SC2016,SC2317
set -euo pipefail

case "${1:-}" in
--help | -h)
	cat <<'RUNBINDER_HELP'
usage: drain-to-dr-02-start-the-dr-scheduler [--dry-run]
Runs this step's commands, asking at its gates. --dry-run prints them instead.
RUNBINDER_HELP
	exit 0
	;;
--dry-run)
	cat <<'RUNBINDER_COMMANDS'
# changes AWS, asks first: aws lambda invoke
aws lambda invoke --function-name ndnp-open-ocr-scheduler-lambda-function-dev \
  --region us-east-2 /dev/null
aws ecs describe-clusters --clusters ndnp-open-ocr-fargate-cluster --region us-east-2
RUNBINDER_COMMANDS
	exit 0
	;;
'') ;;
*)
	echo "unknown option '$1' (use --dry-run or --help)" >&2
	exit 2
	;;
esac

step=2
rb_answer=
rb_log() {
	# a record of the timing log run.sh names: UTC time, kind, step, the rest
	if [ -n "${RUNBINDER_LOG:-}" ]; then
		local rest="${*:2}"
		printf '%s %s %s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$1" "$step" "${rest//$'\n'/ }" >> "$RUNBINDER_LOG"
	fi
}
rb_stop() {
	echo "Stopped in step $step: $1" >&2
	echo "Resume with: $(dirname "$0")/run.sh --from $step" >&2
	exit 3
}
rb_ask() {
	# the operator's answer, from stdin; empty at its end
	printf '%s ' "$1"
	rb_answer=
	read -r rb_answer || true
	[ -t 0 ] || printf '%s\n' "$rb_answer"
}
rb_gate() {
	printf '\n[ ] %s\n' "$1"
	rb_ask 'Confirm: [y]es, anything else stops:'
	case "$rb_answer" in
	y | Y | yes) rb_log gate "confirmed $1" ;;
	*)
		rb_log gate "stopped $1"
		rb_stop "not confirmed: $1"
		;;
	esac
}
rb_mode=stop
rb_level=0
rb_traced=
rb_trace() {
	# each command of a block, shown and logged before it runs
	case "${FUNCNAME[1]:-}" in
	rb_b[0-9]*)
		# not the block's call, not its closing return, not once more when it fails
		case "$1" in 'return 0' | '"$'[0-9]'"') return 0 ;; esac
		[ "$BASH_SUBSHELL" = "$rb_level" ] && [ "${BASH_LINENO[0]} $1" != "$rb_traced" ] || return 0
		rb_traced="${BASH_LINENO[0]} $1"
		printf '$ %s\n' "${1//$'\n'/ }" >&2
		rb_log command "$1"
		;;
	esac
}
rb_failed() {
	# the ERR trap: a command failed with status $1
	case "$rb_mode" in
	may-fail)
		echo "Failed with exit status $1 (allowed, the step goes on): ${2//$'\n'/ }" >&2
		rb_log allowed "$1 $2"
		;;
	*)
		echo "Failed with exit status $1: ${2//$'\n'/ }" >&2
		rb_log failed "$1 $2"
		;;
	esac
}
trap 'rb_failed $? "$BASH_COMMAND"' ERR
trap 'rb_trace "$BASH_COMMAND"' DEBUG
set -o errtrace -o functrace
rb_run() {
	# runs block function $2: a failed command stops the step, or is
	# shown and logged when the block may fail ($1)
	rb_level=$BASH_SUBSHELL
	if [ "$1" = may-fail ]; then
		rb_mode=may-fail
		set +e
		"$2"
		set -e
		rb_mode=stop
	else
		"$2"
	fi
}
rb_changes() {
	# the AWS changes the next block makes, confirmed unless run.sh --yes
	printf '\nThese commands change AWS:\n'
	printf '  %s\n' "$@"
	if [ "${RUNBINDER_YES:-0}" = 1 ]; then
		rb_log changes "yes (--yes)"
		return 0
	fi
	rb_ask 'Run them? [y]es, anything else stops:'
	case "$rb_answer" in
	y | Y | yes) rb_log changes confirmed ;;
	*)
		rb_log changes stopped
		rb_stop 'the AWS changes were not confirmed'
		;;
	esac
}

rb_b1() {
aws lambda invoke --function-name ndnp-open-ocr-scheduler-lambda-function-dev \
  --region us-east-2 /dev/null
aws ecs describe-clusters --clusters ndnp-open-ocr-fargate-cluster --region us-east-2
}

rb_changes 'aws lambda invoke'
rb_run stop rb_b1
