#!/usr/bin/env bash
# Example DR Binder
# Runbook: Fail over the web shop
# Runs the step scripts beside this file in order.
# Made by runbinder from the runbook: change the runbook, not this file.
set -euo pipefail

runbook=failover-web
steps=(
	01-confirm-the-outage.sh
	02-promote-the-database.sh
)
# shellcheck disable=SC2016
titles=(
	'Confirm the outage'
	'Promote the database'
)

usage() {
	cat <<'RUNBINDER_HELP'
usage: run.sh [--yes] [--dry-run] [--list] [--from N | --only N] [--log FILE]
Runs the steps in order, showing each step's commands and asking before it;
in a step, asks at each gate, condition and AWS change, and stops at a check
that does not hold.
  --yes        do not ask before each step nor before AWS changes
               (gates, conditions, manual steps and checks still ask)
  --dry-run    print every step's commands, run nothing
  --list       print the steps with their numbers
  --from N     start at step N (to resume after a stop)
  --only N     run step N alone
  --log FILE   the timing log (default: ./<runbook>-<UTC time>.log)
RUNBINDER_HELP
}

yes=0
dry=0
list=0
from=1
only=
log=""
while [ $# -gt 0 ]; do
	case "$1" in
	--yes) yes=1 ;;
	--dry-run) dry=1 ;;
	--list) list=1 ;;
	--from) from=${2:?--from needs a step number}; shift ;;
	--only) only=${2:?--only needs a step number}; shift ;;
	--log) log=${2:?--log needs a file}; shift ;;
	--help | -h) usage; exit 0 ;;
	*) echo "run.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
	esac
	shift
done
for n in "$from" ${only:+"$only"}; do
	case "$n" in
	'' | *[!0-9]*) echo "run.sh: --from and --only take a step number" >&2; exit 2 ;;
	esac
	if [ "$n" -lt 1 ] || [ "$n" -gt "${#steps[@]}" ]; then
		echo "run.sh: there is no step $n: the steps are 1 to ${#steps[@]} (--list shows them)" >&2
		exit 2
	fi
done
if [ "$list" = 1 ]; then
	for i in "${!steps[@]}"; do
		printf '%3s. %s\n' "$((i + 1))" "${titles[$i]}"
	done
	exit 0
fi

here=$(cd "$(dirname "$0")" && pwd)
if [ "$dry" = 0 ]; then
	[ -n "$log" ] || log="$PWD/$runbook-$(date -u +%Y%m%dT%H%M%SZ).log"
	case "$(cd "$(dirname "$log")" && pwd)/" in
	"$(cd "$here/../.." && pwd)"/*)
		echo "run.sh: the timing log must not go inside the binder; use --log FILE" >&2
		exit 2
		;;
	esac
	log="$(cd "$(dirname "$log")" && pwd)/$(basename "$log")"
	printf '# runbook %s\n' "$runbook" >> "$log"
fi

stamp() { date -u +%Y-%m-%dT%H:%M:%SZ; }

for i in "${!steps[@]}"; do
	n=$((i + 1))
	if [ "$n" -lt "$from" ] || { [ -n "$only" ] && [ "$n" != "$only" ]; }; then
		continue
	fi
	printf '\n== Step %s of %s: %s\n' "$n" "${#steps[@]}" "${titles[$i]}"
	bash "$here/${steps[$i]}" --dry-run | sed 's/^./    &/'
	[ "$dry" = 1 ] && continue
	if [ "$yes" = 0 ]; then
		read -r -p "Run step $n? [y]es, [s]kip, [q]uit: " answer || answer=
		case "$answer" in
		y | Y | yes) ;;
		s | S | skip) printf '%s skip %s %s\n' "$(stamp)" "$n" "${steps[$i]}" >> "$log"; continue ;;
		*) echo "Stopped before step $n. Resume with: $0 --from $n"; exit 1 ;;
		esac
	fi
	printf '%s start %s %s\n' "$(stamp)" "$n" "${steps[$i]}" >> "$log"
	status=0
	RUNBINDER_LOG=$log RUNBINDER_YES=$yes bash "$here/${steps[$i]}" || status=$?
	printf '%s end %s %s %s\n' "$(stamp)" "$n" "${steps[$i]}" "$status" >> "$log"
	if [ "$status" = 3 ]; then
		echo "Stopped in step $n. Timing log: $log" >&2
		exit 3
	elif [ "$status" != 0 ]; then
		echo "Step $n failed with exit status $status. Fix the cause, then resume with: $0 --from $n" >&2
		exit "$status"
	fi
done
[ "$dry" = 1 ] || echo "Done. Timing log: $log"
