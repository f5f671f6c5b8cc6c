#!/bin/sh
# A build killed at any point leaves the old binder or the new one, and no
# staging directory once a build completes.

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

kill_safety() {
	k="$tmp/kill"
	rm -rf "$k"
	mkdir -p "$k"
	cp -R "$top/runbinder.yaml" "$top/content" "$k/"
	"$RB" build -C "$k" -q 2>/dev/null || return 1
	for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
		# vary the binder so old and new differ, then kill at a varying moment
		echo "Kill test round $i." >> "$k/content/runbooks/dns-failover-check.md"
		"$RB" build -C "$k" -q 2>/dev/null &
		pid=$!
		sleep "0.$(( (i * 7) % 10 ))$(( i % 10 ))"
		kill -9 "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		# out/ must be a whole binder, old or new: its SHA256SUMS hold
		"$RB" verify "$k/out" > /dev/null || return 1
	done
	"$RB" build -C "$k" -q 2>/dev/null || return 1
	# shellcheck disable=SC2010 # a staging name is plain: .out.XXXXXX
	"$RB" verify "$k/out" > /dev/null &&
	! ls -a "$k" | grep -q '^\.out\.'
}
example "a build killed (SIGKILL) at 12 moments leaves a whole binder, then no staging" kill_safety

finish
