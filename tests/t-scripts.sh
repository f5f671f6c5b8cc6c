#!/bin/sh
# The step scripts of the example binder, run for real against a stub aws
# (tests/scripts/stub/ first on PATH): they parse, pass shellcheck, call aws
# exactly as the runbook says, stop at a failing step with the resume hint;
# a hostile resource name reaches aws as one word.

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

build_example "$tmp/ex1"
scripts="$tmp/ex1/scripts"
example "scripts pass bash -n" sh -c "for f in '$scripts'/*/*.sh; do bash -n \"\$f\" || exit 1; done"
example "scripts pass shellcheck" sh -c "shellcheck '$scripts'/*/*.sh"
example "scripts are executable" sh -c "for f in '$scripts'/*/*.sh; do test -x \"\$f\" || exit 1; done"
stub_run() {
	# run.sh of the failover in a scratch directory, PATH led by the stubs
	rm -rf "$tmp/run"
	mkdir -p "$tmp/run"
	(cd "$tmp/run" && STUB_LOG="$tmp/run/argv" PATH="$top/tests/scripts/stub:$PATH" \
		bash "$scripts/failover-core-api/run.sh" "$@" > "$tmp/run/stdout" 2> "$tmp/run/stderr")
}
failover_argv() {
	stub_run --yes --log "$tmp/run/timing.log" || return 1
	sed -E 's/--(start|end)-time [0-9T:-]+Z/--\1-time TIME/g' "$tmp/run/argv" |
		diff "$top/tests/scripts/failover-argv.expected" - &&
	test "$(grep -c ' start ' "$tmp/run/timing.log")" -eq 5 &&
	test "$(grep -c ' end [0-9]* [^ ]* 0$' "$tmp/run/timing.log")" -eq 5
}
example "failover run.sh calls aws exactly as the runbook says, one timing record per step" failover_argv
failing_step() {
	STUB_FAIL_ON="ecs update-service" stub_run --yes --log "$tmp/run/timing.log"
	status=$?
	test "$status" -ne 0 &&
	grep -q "Step 3 failed with exit status 254. Fix the cause, then resume with: .*run.sh --from 3" "$tmp/run/stderr" &&
	grep -q ' end 3 03-scale-up-compute.sh 254$' "$tmp/run/timing.log" &&
	! grep -q ' start 4 ' "$tmp/run/timing.log"
}
example "a failing step stops run.sh there with a resume hint" failing_step
dry_run() {
	stub_run --dry-run || return 1
	test ! -e "$tmp/run/argv" &&
	test "$(grep -c '^== Step' "$tmp/run/stdout")" -eq 5 &&
	grep -q '^    aws rds promote-read-replica \\$' "$tmp/run/stdout"
}
example "run.sh --dry-run prints every step and runs nothing" dry_run
log_outside() {
	! stub_run --yes --log "$scripts/timing.log" &&
	grep -q 'must not go inside the binder' "$tmp/run/stderr"
}
example "the timing log never goes inside the binder" log_outside
hostile() {
	# tests/cases/hostile-values builds this script; its value tries every escape
	rm -rf "$tmp/hostile"
	mkdir -p "$tmp/hostile"
	(cd "$tmp/hostile" && STUB_LOG="$tmp/hostile/argv" PATH="$top/tests/scripts/stub:$PATH" \
		bash "$top/tests/cases/hostile-values/expected/scripts/odd/01-describe-the-database.sh" > /dev/null) &&
	[ "$(ls "$tmp/hostile")" = argv ] &&
	[ "$(cat "$tmp/hostile/argv")" = "aws rds describe-db-instances --db-instance-identifier x'; touch pwned; echo '\$(touch pwned2) \`touch pwned3\` --region eu-west-1" ]
}
example "a hostile resource name reaches aws as one word and runs nothing" hostile

blocked_step() {
	# a step whose aws command the checks do not know is written, not run
	b="$tmp/blocked"
	rm -rf "$b" && mkdir -p "$b"
	cp -R "$top/runbinder.yaml" "$top/content" "$b/"
	sed -i 's/^aws rds promote-read-replica \\$/aws rds promote-read-replica-db-instance \\/' \
		"$b/content/runbooks/failback-core-api.md"
	"$RB" build -C "$b" -q --fail-on never 2>/dev/null || return 1
	s=$(grep -l 'aws rds promote-read-replica-db-instance' "$b"/out/scripts/failback-core-api/0*.sh) &&
	shellcheck "$s" && bash "$s" --dry-run | grep -q '^aws rds promote-read-replica-db-instance' || return 1
	(cd "$b" && STUB_LOG="$b/argv" PATH="$top/tests/scripts/stub:$PATH" bash "$s" > "$b/stdout" 2> "$b/stderr")
	[ $? -eq 1 ] && [ ! -e "$b/argv" ] &&
	grep -q "^content/runbooks/failback-core-api.md:73:9: 'aws rds promote-read-replica-db-instance': .*\\[cmd-unknown-command\\]\$" "$b/stderr" &&
	grep -q 'has no command' "$b/out/runbooks/failback-core-api.html" &&
	grep -q 'has no command' "$b/out/txt/failback-core-api.txt"
}
example "a step with an unknown aws command stops with the finding, runs nothing; the page shows it" blocked_step

finish
