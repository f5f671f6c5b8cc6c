#!/usr/bin/env bash
# OCR pipeline DR binder
# Runbook: Send OCR work to the DR stack
# Step 1: Check the DR queue
# Estimate: 2 min
# Source: content/runbooks/drain-to-dr.md
# Built from: a directory outside git
# Made by runbinder from the runbook: change the runbook, not this file.
set -euo pipefail

case "${1:-}" in
--help | -h)
	cat <<'RUNBINDER_HELP'
usage: drain-to-dr-01-check-the-dr-queue [--dry-run]
Runs this step's commands. --dry-run prints them instead.
RUNBINDER_HELP
	exit 0
	;;
--dry-run)
	cat <<'RUNBINDER_COMMANDS'
aws sqs get-queue-attributes --queue-url https://sqs.us-east-2.amazonaws.com/342134162356/ndnp-open-ocr-consumer-sqs-queue \
  --attribute-names ApproximateNumberOfMessages --region us-east-2
RUNBINDER_COMMANDS
	exit 0
	;;
'') ;;
*)
	echo "unknown option '$1' (use --dry-run or --help)" >&2
	exit 2
	;;
esac

aws sqs get-queue-attributes --queue-url https://sqs.us-east-2.amazonaws.com/342134162356/ndnp-open-ocr-consumer-sqs-queue \
  --attribute-names ApproximateNumberOfMessages --region us-east-2
