#!/bin/sh
# Runs every test of runbinder and ends with one line "N passed, N failed".
#
# The tests come in areas, one script each, tests/t-AREA.sh, run here in
# turn; each also runs alone (sh tests/t-cases.sh) and then ends with its
# own such line. What they share is tests/lib.sh.
#
#   t-unit          unit tests (cmocka) and the Mustache spec suite
#   t-cases         golden cases, tests/cases/NAME/
#   t-errors        bad inputs, tests/errors/NAME/
#   t-checks        check mutations of the example binder, tests/checks/NAME/
#   t-example       the example binder: checks clean, builds byte-identically
#   t-example2      the second example, tests/examples/orders: no finding,
#                   builds, no secret, its scripts, checks that bite on it
#   t-scripts       its step scripts, run against a stub aws
#   t-git           provenance from git, build --ref, publish
#   t-kill          a build killed at any point leaves a whole binder
#   t-ci            builds as CI runs them: two at once, the lock, shallow
#                   clones, racing publishes, out/ as a link or read-only
#   t-pathological  huge and deep inputs, under a time limit
#   t-print         every script in print: CJK, Greek, Cyrillic, Arabic in
#                   PDF and text, tabs, long titles
#   t-escape        hostile names and titles
#   t-fuzz-replay   the fuzzers' corpora and crashes, replayed
#   t-browser       the HTML binder in headless Chromium
#   t-corpus        the spec examples and other teams' runbooks
#   t-shell         man page, bash completion (against the help), make
#                   install, init -> build -> check in an empty directory
#
# UPDATE_GOLDEN=1 rewrites the expected files from what the program does.
# Set VERBOSE=1 to list passing tests too; VALGRIND=1 (make test VALGRIND=1)
# runs the program under valgrind instead of the sanitizers.

top=$(cd "$(dirname "$0")/.." && pwd)
counts=$(mktemp -d "${TMPDIR:-/tmp}/runbinder-tests.XXXXXX")
trap 'rm -rf "$counts"' EXIT
pass=0
fail=0
for t in "$top"/tests/t-*.sh; do
	area=$(basename "$t" .sh)
	# the area writes "PASSED FAILED" there instead of its own last line
	RB_TEST_COUNTS="$counts/$area" sh "$t"
	status=$?
	p=0
	f=0
	if [ -s "$counts/$area" ]; then
		read -r p f < "$counts/$area"
	else
		f=1
		echo "FAIL $area: ended with status $status before counting its tests"
	fi
	if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "FAIL $area: exit status $status, though no test failed"
	fi
	printf '%-16s %s passed, %s failed\n' "$area:" "$p" "$f"
	pass=$((pass + p))
	fail=$((fail + f))
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
