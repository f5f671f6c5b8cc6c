#!/bin/sh
# Unit tests: build/asan/tests/test_* (cmocka, make unit), each test counted;
# the Mustache spec suite prints its counts per file.

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

UNIT_DIR=${UNIT_DIR:-$top/build/asan/tests}
for t in "$UNIT_DIR"/test_*; do
	[ -x "$t" ] || continue
	name=$(basename "$t")
	out=$(cd "$top" && "$t" 2>&1)
	status=$?
	printf '%s\n' "$out" | grep '^mustache spec' || true
	p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | awk '{s += $1} END {print s + 0}')
	f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | awk '{s += $1} END {print s + 0}')
	pass=$((pass + p))
	fail=$((fail + f))
	if [ "$f" -gt 0 ]; then
		echo "FAIL $name: $f test(s)"
		printf '%s\n' "$out" | grep -E '^\[  (FAILED|ERROR)|error|Assert' | head -20 | sed 's/^/     /'
	elif [ "$status" -ne 0 ]; then
		ko "$name exited with status $status" "$(printf '%s\n' "$out" | tail -20)"
	else
		[ -n "$VERBOSE" ] && echo "ok   $name: $p tests"
	fi
done

finish
