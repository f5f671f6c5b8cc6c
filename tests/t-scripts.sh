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
	# run.sh of the failover in a scratch directory, PATH led by the stubs;
	# the operator's answers are $ANSWERS (one a line), then "y" to every question
	rm -rf "$tmp/run"
	mkdir -p "$tmp/run"
	(cd "$tmp/run" && { printf '%b' "${ANSWERS:-}"; yes y; } |
		STUB_LOG="$tmp/run/argv" PATH="$top/tests/scripts/stub:$PATH" \
		bash "$scripts/failover-core-api/run.sh" "$@" > "$tmp/run/stdout" 2> "$tmp/run/stderr")
}
# a dead primary region: its API and its endpoint do not answer
dead_run() {
	STUB_DEAD_REGION=us-east-1 STUB_DEAD_HOST=app.northwind-pay.com stub_run "$@"
}
failover_argv() {
	dead_run --yes --log "$tmp/run/timing.log" || return 1
	sed -E 's/--(start|end)-time [0-9T:-]+Z/--\1-time TIME/g' "$tmp/run/argv" |
		diff "$top/tests/scripts/failover-argv.expected" - &&
	test "$(grep -c ' start ' "$tmp/run/timing.log")" -eq 6 &&
	test "$(grep -c ' end [0-9]* [^ ]* 0$' "$tmp/run/timing.log")" -eq 6
}
example "a dead primary region: the failover runs to the end with --yes, every gate confirmed, aws called as the runbook says" failover_argv
dead_region_logged() {
	dead_run --yes --log "$tmp/run/timing.log" || return 1
	grep -q "^Failed with exit status 255 (allowed, the step goes on): aws health describe-events --region us-east-1 " "$tmp/run/stderr" &&
	grep -q "^Failed with exit status 28 (allowed, the step goes on): curl " "$tmp/run/stderr" &&
	grep -q "Z allowed 1 255 aws health describe-events" "$tmp/run/timing.log" &&
	grep -q "Z allowed 1 28 curl " "$tmp/run/timing.log" &&
	grep -q "Z check 2 passed 12.0 <= 300$" "$tmp/run/timing.log" &&
	grep -q "Z gate 2 confirmed Replica lag is under 300 seconds$" "$tmp/run/timing.log" &&
	grep -q "Z changes 2 yes (--yes)$" "$tmp/run/timing.log" &&
	grep -q "Z command 2 aws rds promote-read-replica --db-instance-identifier nw-prod-db-replica-usw2 --region us-west-2$" "$tmp/run/timing.log" &&
	grep -q "Z check 2 passed available = available$" "$tmp/run/timing.log" &&
	test "$(grep -c 'Z gate 6 confirmed ' "$tmp/run/timing.log")" -eq 4
}
example "the failing diagnostics of a dead region are shown and logged, not fatal; checks, gates and changes logged" dead_region_logged
lag_stops() {
	STUB_LAG=412.0 dead_run --yes --log "$tmp/run/timing.log"
	[ $? -eq 3 ] || return 1
	! grep -q promote-read-replica "$tmp/run/argv" &&
	grep -q "^Check failed: '412.0' is not <= 300$" "$tmp/run/stderr" &&
	grep -q "^Stopped in step 2: the check did not hold: '412.0' is not <= 300$" "$tmp/run/stderr" &&
	grep -q "^Resume with: .*/scripts/failover-core-api/run.sh --from 2$" "$tmp/run/stderr" &&
	grep -q "Z check 2 failed 412.0 <= 300$" "$tmp/run/timing.log" &&
	grep -q " end 2 02-promote-the-database.sh 3$" "$tmp/run/timing.log" &&
	! grep -q " start 3 " "$tmp/run/timing.log" &&
	(cd "$top" && "$RB" drill-report "$tmp/run/timing.log" > "$tmp/run/report") ;
	[ $? -eq 1 ] &&
	grep -q '^2     Promote the database  .* STOPPED$' "$tmp/run/report" &&
	grep -q '^        +[0-9]*s check: failed 412.0 <= 300$' "$tmp/run/report" &&
	grep -q 'the run did not finish, no RTO measured' "$tmp/run/report"
}
example "a replica lag over the RPO stops the promotion (--yes or not), with the resume command; the log and drill-report say so" lag_stops
lag_override() {
	# four gates of step 1, a "y" that is no override, then the typed override and its reason
	ANSWERS='y\ny\ny\ny\noverride\nthe lag graph is falling, the IC agrees\n' STUB_LAG=412.0 \
		dead_run --yes --log "$tmp/run/timing.log" || return 1
	grep -q "aws rds promote-read-replica" "$tmp/run/argv" &&
	grep -q "Z override 2 '412.0' is not <= 300: the lag graph is falling, the IC agrees$" "$tmp/run/timing.log" &&
	(cd "$top" && "$RB" drill-report --yaml "$tmp/run/timing.log" > "$tmp/run/yaml" 2> "$tmp/run/table")
	[ $? -eq 0 ] &&
	grep -q "^        +[0-9]*s OVERRIDE: '412.0' is not <= 300: the lag graph is falling, the IC agrees$" "$tmp/run/table" &&
	head -1 "$tmp/run/yaml" | grep -q '^  - date: [0-9-]*$' &&
	grep -q '^    result: partial$' "$tmp/run/yaml" &&
	grep -q '^    # 1 check overridden: see the timing log$' "$tmp/run/yaml" &&
	! grep -qv '^    \|^  - ' "$tmp/run/yaml"
}
example "only the typed word override passes a failed check; it is logged with its reason; --yaml writes YAML alone to stdout" lag_override
gate_refused() {
	ANSWERS='y\ny\nno\n' dead_run --yes --log "$tmp/run/timing.log"
	[ $? -eq 3 ] &&
	grep -q "Z gate 1 stopped The incident commander has declared a regional failover in #inc-bridge$" "$tmp/run/timing.log" &&
	grep -q "^Stopped in step 1: not confirmed: The incident commander has declared" "$tmp/run/stderr" &&
	! grep -q cloudwatch "$tmp/run/argv"
}
example "a gate not confirmed stops the run where the runbook puts it" gate_refused
lag_before_gate() {
	# the lag is shown before the gate that asks about it, and the gate comes before the promotion
	ANSWERS='n\n' stub_run --yes --only 2 --log "$tmp/run/timing.log"
	[ $? -eq 3 ] &&
	test "$(grep -c . "$tmp/run/argv")" -eq 1 && grep -q ReplicaLag "$tmp/run/argv" &&
	grep -q '^Check passed: 12.0 <= 300$' "$tmp/run/stdout" &&
	grep -A1 '^\[ \] Replica lag is under 300 seconds$' "$tmp/run/stdout" | grep -q '^Confirm: \[y\]es, anything else stops: n$'
}
example "step 2 runs the lag query, shows its value, then asks the gate before promoting" lag_before_gate
condition_no() {
	ANSWERS='n\n' stub_run --yes --only 5 --log "$tmp/run/timing.log" || return 1
	! grep -q update-health-check "$tmp/run/argv" &&
	grep -q "get-health-check-status" "$tmp/run/argv" &&
	grep -q "Z if 5 no the automatic failover did not happen: dig still gives the primary's addresses$" "$tmp/run/timing.log"
}
example "a conditional block answered no is left out, and the answer logged" condition_no
changes_confirmed() {
	# without --yes: "y" to run step 3, then no to its AWS changes
	ANSWERS='y\nn\n' stub_run --only 3 --log "$tmp/run/timing.log"
	[ $? -eq 3 ] && [ ! -e "$tmp/run/argv" ] &&
	grep -q '^These commands change AWS:$' "$tmp/run/stdout" &&
	grep -q '^  aws ecs update-service$' "$tmp/run/stdout" &&
	grep -q '^    # changes AWS, asks first: aws ecs update-service$' "$tmp/run/stdout" &&
	! grep -q 'changes AWS.*wait' "$tmp/run/stdout"
}
example "mutating aws commands are listed in the dry run and confirmed before they run; read-only ones are not" changes_confirmed
manual_step() {
	# --yes does not answer a manual step's task items
	rm -rf "$tmp/run" && mkdir -p "$tmp/run"
	(cd "$tmp/run" && bash "$scripts/failover-core-api/run.sh" --yes --only 6 --log "$tmp/run/t2.log" < /dev/null > "$tmp/run/out2" 2>&1)
	[ $? -eq 3 ] &&
	grep -q '^\[ \] Watch 5xx rates and payment success in the DR dashboards for 30 minutes$' "$tmp/run/out2" &&
	grep -q "Z gate 6 stopped Watch 5xx rates" "$tmp/run/t2.log"
}
example "a manual step is in run.sh, and --yes does not confirm its task items" manual_step
range() {
	for a in "--only 7" "--from 9" "--from 0" "--only 0"; do
		# shellcheck disable=SC2086 # two words on purpose
		(cd "$tmp" && bash "$scripts/failover-core-api/run.sh" $a > "$tmp/range.out" 2>&1)
		[ $? -eq 2 ] || return 1
		grep -q "^run.sh: there is no step ${a#* }: the steps are 1 to 6 (--list shows them)$" "$tmp/range.out" || return 1
	done
}
example "--only and --from outside the steps are an error naming the range" range
dry_run() {
	stub_run --dry-run || return 1
	test ! -e "$tmp/run/argv" &&
	test "$(grep -c '^== Step' "$tmp/run/stdout")" -eq 6 &&
	grep -q '^    aws rds promote-read-replica \\$' "$tmp/run/stdout" &&
	grep -q '^    # may fail: a failure is shown and logged, the step goes on$' "$tmp/run/stdout" &&
	grep -q '^    # check: the output must be <= 300, else the step stops$' "$tmp/run/stdout" &&
	grep -q '^    # check: the output must be = available, waiting up to 15m, else the step stops$' "$tmp/run/stdout" &&
	grep -q "^    # only if the automatic failover did not happen: dig still gives the primary's addresses$" "$tmp/run/stdout" &&
	grep -q '^    # \[ \] Replica lag is under 300 seconds$' "$tmp/run/stdout"
}
example "run.sh --dry-run prints every step, its gates, checks, conditions and changes, and runs nothing" dry_run
failing_step() {
	STUB_FAIL_ON="ecs update-service" stub_run --yes --log "$tmp/run/timing.log"
	status=$?
	test "$status" -eq 254 &&
	grep -q "^Failed with exit status 254: aws ecs update-service --cluster nw-dr --service api --desired-count 3 --region us-west-2$" "$tmp/run/stderr" &&
	grep -q "Step 3 failed with exit status 254. Fix the cause, then resume with: .*run.sh --from 3" "$tmp/run/stderr" &&
	grep -q ' end 3 03-scale-up-compute.sh 254$' "$tmp/run/timing.log" &&
	grep -q 'Z failed 3 254 aws ecs update-service --cluster nw-dr --service api' "$tmp/run/timing.log" &&
	! grep -q ' start 4 ' "$tmp/run/timing.log"
}
example "a failing command stops run.sh there, naming the command, with a resume hint" failing_step
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

# --- the block conventions (tests/scripts/blocks/) ---------------------------
blocks="$tmp/blocks"
rm -rf "$blocks" && cp -R "$top/tests/scripts/blocks" "$blocks"
blocks_findings() {
	(cd "$blocks" && "$RB" check > "$blocks/check.out" 2>&1)
	[ $? -eq 1 ] && diff - "$blocks/check.out" <<'EOF'
content/runbooks/broken.md:11:1: error: step 1's shell code does not parse: syntax error near unexpected token `fi' [hygiene-step-script]
  hint: a console transcript is ```console with $ prompts; a block only shown is ```bash {illustrative}
content/runbooks/broken.md:16:1: error: unknown block attribute 'retry' (known: if="...", may-fail, expect="OP VALUE", wait="DURATION", illustrative) [hygiene-step-script]
  hint: see the README's Step scripts for the block attributes
content/runbooks/placeholder.md:9:1: error: step 1's shell code leaves '<chapter>' for the reader to fill in: the shell would read it as redirections [hygiene-step-script]
  hint: give the value with a {{placeholder}} or a variable the step sets; a block only shown is ```bash {illustrative}
content/runbooks/placeholder.md:15:1: error: step 2's shell block is JSON output, not commands [hygiene-step-script]
  hint: give output a ```json block, or mark the block {illustrative}
content/runbooks/placeholder.md:31:1: error: step 3's shell code does not parse: syntax error near unexpected token `newline' [hygiene-step-script]
  hint: a console transcript is ```console with $ prompts; a block only shown is ```bash {illustrative}
runbinder check: 4 runbooks, 0 services, 0 resources: 5 errors, 0 warnings, 0 notes
EOF
}
example "a block that does not parse, an unknown attribute, a value left to the reader, JSON output: findings at their lines (in a transcript, the line shown)" blocks_findings
# the same pages as another tool's (no runbinder key in their front matter):
# documentation first, so the same four are notes, and the check passes
blocks_adopted() {
	a="$tmp/blocks-adopted"
	rm -rf "$a" && cp -R "$blocks" "$a"
	for f in "$a"/content/runbooks/broken.md "$a"/content/runbooks/placeholder.md; do
		sed -i '1,3d' "$f"
	done
	(cd "$a" && "$RB" check > "$a/check.out" 2>&1) &&
		[ "$(grep -c ': note: .*\[hygiene-step-script\]$' "$a/check.out")" = 5 ] &&
		tail -n 1 "$a/check.out" | grep -q ': 0 errors, 0 warnings, 5 notes$'
}
example "in another tool's page the same blocks are notes: documentation first" blocks_adopted
blocks_not_runnable() {
	"$RB" build -C "$blocks" -q --fail-on never 2>/dev/null || return 1
	for s in broken/01-check-the-disk.sh broken/02-page-someone.sh placeholder/01-make-a-page.sh \
		placeholder/02-read-the-conditions.sh placeholder/03-read-a-pod-s-log.sh; do
		bash -n "$blocks/out/scripts/$s" || return 1
		(cd "$tmp" && bash "$blocks/out/scripts/$s" > /dev/null 2> "$blocks/err")
		[ $? -eq 1 ] && grep -q '^This step is not runnable' "$blocks/err" || return 1
	done
	bash "$blocks/out/scripts/broken/01-check-the-disk.sh" --dry-run | grep -q '^fi fi$'
}
example "a step whose block fails is written as not runnable (exit 1 with the finding), its dry run still shows it" blocks_not_runnable
transcript() {
	s="$blocks/out/scripts/waits/02-restart-the-worker.sh"
	[ "$(bash "$s" --dry-run)" = "$(printf 'systemctl restart worker\nsystemctl is-active worker')" ] &&
	! grep -q 'only shown' "$s" && ! grep -q '^active$' "$s" &&
	! grep -q 'this is only shown' "$blocks/out/scripts/waits/"*.sh &&
	shellcheck "$blocks/out/scripts/waits/"*.sh
}
example "a console transcript gives its commands without prompts or output; an illustrative block never becomes a script" transcript
# transcripts as teams paste them (tests/scripts/blocks/content/runbooks/
# transcripts.md): a `# ` line in a user's transcript is a comment or an
# elision of output, a prompt after `sudo -i` or `oc rsh` (to its `exit`;
# unless `$ ` prompts follow: then `# ` is a comment there too) or from
# the start; a
# here-document's lines, with bash's `> ` or without, up to its delimiter;
# a transcript pasted indented
transcripts_as_pasted() {
	t="$blocks/out/scripts/transcripts"
	[ "$(bash "$t/01-look-at-the-disks.sh" --dry-run)" = "$(printf 'lsblk\ndf -h /')" ] &&
	[ "$(bash "$t/02-apply-a-config-map.sh" --dry-run)" = "$(printf 'cat <<EOF | kubectl apply -f -\nkind: ConfigMap\nmetadata:\n  name: app\nEOF\ncat <<-'"'END'"' > notes.txt\n\tfirst line\n\tEND\nwc -l notes.txt')" ] &&
	[ "$(bash "$t/03-restart-as-root.sh" --dry-run)" = "$(printf 'sudo -i\nsystemctl restart worker\njournalctl -u worker -n 5')" ] &&
	[ "$(bash "$t/04-in-a-root-shell-from-the-start.sh" --dry-run)" = "apt-get update" ] &&
	[ "$(bash "$t/05-look-at-the-nodes.sh" --dry-run)" = "oc get nodes -o wide" ] &&
	[ "$(bash "$t/06-in-a-pod-s-shell.sh" --dry-run)" = "$(printf 'oc -n openshift-etcd rsh etcd-0\netcdctl member list -w table\nexit\noc get pods |\ngrep web')" ] &&
	[ "$(bash "$t/07-on-the-node.sh" --dry-run)" = "$(printf 'oc debug node/node-1\ncrictl ps\nexit')" ] &&
	shellcheck "$t"/*.sh
}
example "transcripts as pasted: comments and elided output left out, root's prompts after sudo -i, here-documents kept whole, indented" transcripts_as_pasted
wait_times_out() {
	rm -rf "$tmp/w" && mkdir -p "$tmp/w"
	(cd "$tmp/w" && STUB_LOG="$tmp/w/argv" STUB_DB_STATUS=modifying PATH="$top/tests/scripts/stub:$PATH" \
		bash "$blocks/out/scripts/waits/run.sh" --yes --only 1 --log "$tmp/w/log" < /dev/null > "$tmp/w/out" 2>&1)
	[ $? -eq 3 ] &&
	[ "$(grep -c 'describe-db-instances' "$tmp/w/argv")" -ge 2 ] &&
	grep -q "^Not yet: 'modifying' is not = available; again in 1s$" "$tmp/w/out" &&
	grep -q "^Check failed: 'modifying' is not = available$" "$tmp/w/out" &&
	grep -q "Z check 1 failed modifying = available$" "$tmp/w/log" || return 1
	(cd "$tmp/w" && STUB_LOG="$tmp/w/argv2" PATH="$top/tests/scripts/stub:$PATH" \
		bash "$blocks/out/scripts/waits/run.sh" --yes --only 1 --log "$tmp/w/log" < /dev/null > "$tmp/w/out" 2>&1) &&
	[ "$(grep -c . "$tmp/w/argv2")" -eq 1 ]
}
example "a wait repeats its check until the timeout, then stops; a check that holds at once runs once" wait_times_out

# --- every binder: the same step numbers in every format, scripts that parse --
# The steps of runbook $2 in out/ $1 as format $3 gives them: "N. Title" in
# run.sh --list and HTML, the numbers alone in the text contents and the PDF
# outline (the PDF's bookmarks name every step, numbered).
steps_of() {
	case $3 in
	list) bash "$1/scripts/$2/run.sh" --list | sed 's/^ *//' ;;
	html) sed -n 's/.*<h2 id="[^"]*" data-title="\([^"]*\)"><span class="step-no"><span class="vh">Step <\/span>\([0-9]*\)<\/span>.*/\2. \1/p' "$1/runbooks/$2.html" |
		sed "s/&lt;/</g; s/&gt;/>/g; s/&quot;/\"/g; s/&#39;/'/g; s/&#x27;/'/g; s/&amp;/\\&/g" ;;
	text) awk '/^Steps$/ { s = 1; next } s && /^$/ { exit } s && /^ *[0-9]+\. / { sub(/^ */, ""); print }' "$1/txt/$2.txt" ;;
	pdf) qpdf --json --json-key=outlines "$1/pdf/$2.pdf" | sed -n 's/^ *"title": "\([0-9]*\)\. .*/\1./p' ;;
	esac
}
# Every runbook with scripts in out/ $1: the formats agree (the PDF's too
# unless $2 is "nopdf"); prints how many runbooks and scripts.
same_steps() {
	n=0
	for d in "$1"/scripts/*/; do
		id=$(basename "$d")
		list=$(steps_of "$1" "$id" list)
		[ -n "$list" ] || { echo "$id: run.sh --list says nothing"; return 1; }
		[ "$list" = "$(steps_of "$1" "$id" html)" ] || { echo "$id: run.sh --list and the HTML page differ"; return 1; }
		nums=$(printf '%s\n' "$list" | sed 's/\..*/./')
		[ "$nums" = "$(steps_of "$1" "$id" text | sed 's/\..*/./')" ] || { echo "$id: the text contents differ"; return 1; }
		[ "$2" = nopdf ] || [ "$nums" = "$(steps_of "$1" "$id" pdf)" ] || { echo "$id: the PDF outline differs"; return 1; }
		[ "$(find "$d" -name '[0-9]*.sh' | wc -l)" -eq "$(printf '%s\n' "$list" | wc -l)" ] || { echo "$id: not a script per step"; return 1; }
		n=$((n + 1))
	done
	echo "$n runbooks, $(find "$1"/scripts -name '*.sh' | wc -l) scripts"
}
# Every script in out/ $1 parses and passes shellcheck -S error, and -S
# warning but for the checks named in $2.
scripts_clean() {
	for f in "$1"/scripts/*/*.sh; do
		bash -n "$f" || return 1
	done
	find "$1/scripts" -name '*.sh' -exec shellcheck -S error {} + &&
	find "$1/scripts" -name '*.sh' -exec shellcheck -S warning ${2:+-e "$2"} {} +
}
binders() {
	name=$1 out=$2 excl=$3 pdf=$4
	if r=$(same_steps "$out" "$pdf"); then
		ok "$name: the same step numbers in HTML,${pdf:+ no} PDF, text and run.sh --list ($r)"
		[ -n "$VERBOSE" ] || echo "ok   $name: the same step numbers in every format ($r)"
	else
		ko "$name: the same step numbers in HTML, PDF, text and run.sh --list" "$r"
	fi
	expect_success "$name: every script parses and passes shellcheck -S warning${excl:+ but $excl}" scripts_clean "$out" "$excl"
}
binders "the example binder" "$tmp/ex1"
rm -rf "$tmp/orders" && cp -R "$top/tests/examples/orders" "$tmp/orders"
"$RB" build -C "$tmp/orders" -q 2>/dev/null || ko "set-up: the orders binder builds"
binders "the orders binder" "$tmp/orders/out"
# The corpus runbook sets, each a binder as it is, front matter and all
# (their PDF is tested by tests/t-corpus.sh, so built here without it). Their authors' shell is not ours to change: it
# passes shellcheck -S error, and -S warning but for these, each a habit of
# commands written for a reader to adapt:
#   SC2034  a variable set for the operator's next commands, unused in the block
#   SC2046  a command's output split into words on purpose ($(oc get pods ...))
#   SC2154  a variable the operator sets before the block
#   SC2155  local/export of a command's output
#   SC1083  {name} braces: a value for the reader to fill in, literal to the shell
#   SC2089, SC2090  quotes kept in a variable, for the reader to paste
#   SC2215  a flag on a line of its own, a continuation the author left out
#   SC1090  `source ~/path/...`: a file on the operator's machine
#   SC2125  ID=[PASTE_ID_HERE]: a value for the reader to paste in
#   SC2211  --controllers=*,x on a line of its own: as SC2215
#   SC2171, SC2288  a JSON response pasted under the request that gave it
corpus_excl=SC2034,SC2046,SC2154,SC2155,SC1083,SC2089,SC2090,SC2215,SC1090,SC2125,SC2211,SC2171,SC2288
for set in "$top"/tests/corpus/runbooks/*/; do
	c="$tmp/corpus/$(basename "$set")"
	mkdir -p "$c/content"
	cp -R "$set" "$c/content/runbooks"
	printf 'title: %s\n' "$(basename "$set")" > "$c/runbinder.yaml"
	(cd "$c" && "$RB" build --fail-on never -q --only html,txt,scripts > /dev/null 2>&1)
	[ -d "$c/out/scripts" ] || continue
	binders "corpus $(basename "$set")" "$c/out" "$corpus_excl" nopdf
done

finish
