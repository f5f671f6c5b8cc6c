#!/usr/bin/env bash
# OCR pipeline DR binder
# Runbook: Send OCR work to the DR stack
# Step 2: Start the DR scheduler
# Estimate: 5 min
# Source: content/runbooks/drain-to-dr.md
# Built from: a directory outside git
# Made by runbinder from the runbook: change the runbook, not this file.
set -euo pipefail

case "${1:-}" in
--help | -h)
	cat <<'RUNBINDER_HELP'
usage: drain-to-dr-02-start-the-dr-scheduler [--dry-run]
Runs this step's commands. --dry-run prints them instead.
RUNBINDER_HELP
	exit 0
	;;
--dry-run)
	cat <<'RUNBINDER_COMMANDS'
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

aws lambda invoke --function-name ndnp-open-ocr-scheduler-lambda-function-dev \
  --region us-east-2 /dev/null
aws ecs describe-clusters --clusters ndnp-open-ocr-fargate-cluster --region us-east-2
