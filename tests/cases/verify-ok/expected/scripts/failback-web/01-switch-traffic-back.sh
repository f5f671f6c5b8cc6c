#!/usr/bin/env bash
# Example DR Binder
# Runbook: Fail the web shop back
# Step 1: Switch traffic back
# Estimate: 5 min
# Source: content/runbooks/failback-web.md
# Built from: a directory outside git
# Made by runbinder from the runbook: change the runbook, not this file.
set -euo pipefail

case "${1:-}" in
--help | -h)
	cat <<'RUNBINDER_HELP'
usage: failback-web-01-switch-traffic-back [--dry-run]
Runs this step's commands. --dry-run prints them instead.
RUNBINDER_HELP
	exit 0
	;;
--dry-run)
	cat <<'RUNBINDER_COMMANDS'
aws route53 update-health-check --health-check-id hc-web --no-inverted
RUNBINDER_COMMANDS
	exit 0
	;;
'') ;;
*)
	echo "unknown option '$1' (use --dry-run or --help)" >&2
	exit 2
	;;
esac

aws route53 update-health-check --health-check-id hc-web --no-inverted
