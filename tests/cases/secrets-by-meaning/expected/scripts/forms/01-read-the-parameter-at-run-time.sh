#!/usr/bin/env bash
# Secrets by meaning
# Runbook: Every form of a secret name
# Step 1: Read the parameter at run time
# Estimate: 1 min
# Source: content/runbooks/forms.md
# Built from: a directory outside git
# Made by runbinder from the runbook: change the runbook, not this file.
set -euo pipefail

case "${1:-}" in
--help | -h)
	cat <<'RUNBINDER_HELP'
usage: forms-01-read-the-parameter-at-run-time [--dry-run]
Runs this step's commands. --dry-run prints them instead.
RUNBINDER_HELP
	exit 0
	;;
--dry-run)
	cat <<'RUNBINDER_COMMANDS'
aws ssm get-parameter --name /orders/db-url --with-decryption --region eu-west-1
RUNBINDER_COMMANDS
	exit 0
	;;
'') ;;
*)
	echo "unknown option '$1' (use --dry-run or --help)" >&2
	exit 2
	;;
esac

aws ssm get-parameter --name /orders/db-url --with-decryption --region eu-west-1
