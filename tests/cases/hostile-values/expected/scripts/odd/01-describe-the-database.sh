#!/usr/bin/env bash
# Hostile values
# Runbook: Describe the database
# Step 1: Describe the database
# Estimate: 1 min
# Source: content/runbooks/odd.md
# Built from: a directory outside git
# Made by runbinder from the runbook: change the runbook, not this file.
set -euo pipefail

case "${1:-}" in
--help | -h)
	cat <<'RUNBINDER_HELP'
usage: odd-01-describe-the-database [--dry-run]
Runs this step's commands. --dry-run prints them instead.
RUNBINDER_HELP
	exit 0
	;;
--dry-run)
	cat <<'RUNBINDER_COMMANDS'
aws rds describe-db-instances --db-instance-identifier 'x'\''; touch pwned; echo '\''$(touch pwned2) `touch pwned3`' --region eu-west-1
RUNBINDER_COMMANDS
	exit 0
	;;
'') ;;
*)
	echo "unknown option '$1' (use --dry-run or --help)" >&2
	exit 2
	;;
esac

aws rds describe-db-instances --db-instance-identifier 'x'\''; touch pwned; echo '\''$(touch pwned2) `touch pwned3`' --region eu-west-1
