#!/usr/bin/env bash
# Example DR Binder
# Runbook: Fail over the web shop
# Step 1: Confirm the outage
# Estimate: 2 min
# Source: content/runbooks/failover-web.md
# Built from: a directory outside git
# Made by runbinder from the runbook: change the runbook, not this file.
set -euo pipefail

case "${1:-}" in
--help | -h)
	cat <<'RUNBINDER_HELP'
usage: failover-web-01-confirm-the-outage [--dry-run]
Runs this step's commands. --dry-run prints them instead.
RUNBINDER_HELP
	exit 0
	;;
--dry-run)
	cat <<'RUNBINDER_COMMANDS'
curl -fsS https://shop.example.com/health
RUNBINDER_COMMANDS
	exit 0
	;;
'') ;;
*)
	echo "unknown option '$1' (use --dry-run or --help)" >&2
	exit 2
	;;
esac

curl -fsS https://shop.example.com/health
