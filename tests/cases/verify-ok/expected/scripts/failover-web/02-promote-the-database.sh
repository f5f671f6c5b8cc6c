#!/usr/bin/env bash
# Example DR Binder
# Runbook: Fail over the web shop
# Step 2: Promote the database
# Estimate: 5-10 min
# Source: content/runbooks/failover-web.md
# Built from: a directory outside git
# Made by runbinder from the runbook: change the runbook, not this file.
set -euo pipefail

case "${1:-}" in
--help | -h)
	cat <<'RUNBINDER_HELP'
usage: failover-web-02-promote-the-database [--dry-run]
Runs this step's commands. --dry-run prints them instead.
RUNBINDER_HELP
	exit 0
	;;
--dry-run)
	cat <<'RUNBINDER_COMMANDS'
aws rds promote-read-replica \
  --db-instance-identifier shop-replica --region eu-central-1
RUNBINDER_COMMANDS
	exit 0
	;;
'') ;;
*)
	echo "unknown option '$1' (use --dry-run or --help)" >&2
	exit 2
	;;
esac

aws rds promote-read-replica \
  --db-instance-identifier shop-replica --region eu-central-1
