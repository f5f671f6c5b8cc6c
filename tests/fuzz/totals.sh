#!/bin/sh
# Prints the minutes fuzzed and the executions per harness, summed from
# tests/fuzz/LOG. The first rows (before 14:10Z on 2026-11-30) give the
# time budget of a run, not the time it ran; those of them that crashed
# stopped early, for an unknown time, and are counted as no time at all.
cd "$(dirname "$0")" || exit 2
awk '
/^#/ { next }
{
	secs = $3; sub(/s$/, "", secs)
	if ($6 == "crash" && $1 < "2026-11-30T14:10Z")
		secs = 0
	time[$2] += secs; runs[$2] += $4
}
END {
	for (h in time)
		printf "  %-14s %4d min %11d runs\n", h, time[h] / 60, runs[h]
}' LOG | sort
