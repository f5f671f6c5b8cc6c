#!/bin/sh
# Runs every test of runbinder and ends with one line "N passed, N failed".
#
#   unit tests      build/asan/tests/test_* (cmocka), each test counted
#   golden cases    tests/cases/NAME/ and tests/errors/NAME/:
#                     src/              the binder's sources
#                     base              name of a case in tests/cases whose
#                                       src/ is copied first (optional)
#                     setup             shell script run in the copy first
#                     args              the command line (default: build)
#                     expected/         the exact out/ tree (when it builds)
#                     expected.stderr   exact standard error (optional)
#                     expected.stdout   exact standard output (optional)
#                     expected.status   exit status (default 0)
#                   a case with a non-zero status must leave a previous
#                   out/ untouched and no staging directory behind.
#   check mutations tests/checks/NAME/: the example binder (base @example)
#                   with one seeded change, and the exact findings it raises
#   example binder  content/ builds, checks clean, and builds byte-identically
#
# UPDATE_GOLDEN=1 rewrites the expected files from what the program does.
# Set VERBOSE=1 to list passing tests too; VALGRIND=1 (make test VALGRIND=1)
# runs the program under valgrind instead of the sanitizers.

top=$(cd "$(dirname "$0")/.." && pwd)
RB=${RB:-$top/build/asan/runbinder}
UNIT_DIR=${UNIT_DIR:-$top/build/asan/tests}
export SOURCE_DATE_EPOCH=1795478400   # 2026-11-24 00:00 UTC
export NO_COLOR=1
export TESTS_DIR="$top/tests"
export RB
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
pass=0
fail=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/runbinder-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# VALGRIND=1: every run of the program goes through valgrind (the build
# without sanitizers); any error or definite or indirect leak fails it.
if [ -n "$VALGRIND" ]; then
	cat > "$tmp/runbinder-valgrind" <<VG
#!/bin/sh
exec valgrind -q --error-exitcode=99 --leak-check=full \\
	--errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \\
	"$top/runbinder" "\$@"
VG
	chmod +x "$tmp/runbinder-valgrind"
	RB="$tmp/runbinder-valgrind"
	export RB
fi

ok() {
	pass=$((pass + 1))
	[ -n "$VERBOSE" ] && echo "ok   $1"
	return 0
}

ko() {
	fail=$((fail + 1))
	echo "FAIL $1"
	[ -n "$2" ] && printf '%s\n' "$2" | sed 's/^/     /' | head -40
	return 0
}

# --- unit tests -------------------------------------------------------------
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

# --- golden cases -----------------------------------------------------------
run_case() {
	dir=$1
	name=$(basename "$(dirname "$dir")")/$(basename "$dir")
	work="$tmp/case"
	rm -rf "$work"
	mkdir -p "$work/src"
	# a case may start from another case's sources and change a few files
	if [ "$(cat "$dir/base" 2>/dev/null)" = "@example" ]; then
		# the example binder of this repository, as a user's binder
		cp -R "$top/runbinder.yaml" "$top/content" "$work/src/"
	elif [ -f "$dir/base" ]; then
		cp -R "$top/tests/cases/$(cat "$dir/base")/src/." "$work/src/"
	fi
	[ -d "$dir/src" ] && cp -R "$dir/src/." "$work/src/"
	[ -f "$dir/setup" ] && (cd "$work/src" && sh "$dir/setup")
	args=build
	[ -f "$dir/args" ] && args=$(cat "$dir/args")
	want_status=0
	[ -f "$dir/expected.status" ] && want_status=$(cat "$dir/expected.status")
	# a failing build must leave the previous binder as it was
	guard=0
	case "$args" in build*) [ "$want_status" -ne 0 ] && guard=1 ;; esac
	if [ "$guard" = 1 ]; then
		mkdir -p "$work/src/out"
		echo "previous binder" > "$work/src/out/index.html"
	fi
	# shellcheck disable=SC2086
	(cd "$work/src" && "$RB" $args > "$work/stdout" 2> "$work/stderr")
	status=$?
	if [ -n "$UPDATE_GOLDEN" ]; then
		echo "$status" > "$dir/expected.status"
		cp "$work/stderr" "$dir/expected.stderr"
		[ -s "$work/stdout" ] && cp "$work/stdout" "$dir/expected.stdout"
		if [ "$status" -eq 0 ] && [ -d "$work/src/out" ]; then
			rm -rf "$dir/expected"
			cp -R "$work/src/out" "$dir/expected"
			find "$dir/expected" -name '*.pdf' -delete
			[ -d "$dir/expected/pdf" ] && rmdir "$dir/expected/pdf"
			if [ -f "$work/src/out/binder.pdf" ]; then
				pdftotext -layout "$work/src/out/binder.pdf" "$dir/expected.pdftext" 2>/dev/null
			fi
		fi
		ok "$name (updated)"
		return
	fi
	msg=""
	[ "$status" -eq "$want_status" ] ||
		msg="exit status $status, expected $want_status"
	if [ -z "$msg" ] && [ -f "$dir/expected.stderr" ]; then
		d=$(diff "$dir/expected.stderr" "$work/stderr") || msg="stderr differs:
$d"
	fi
	if [ -z "$msg" ] && [ -f "$dir/expected.stdout" ]; then
		d=$(diff "$dir/expected.stdout" "$work/stdout") || msg="stdout differs:
$d"
	fi
	if [ -z "$msg" ] && [ "$guard" = 1 ]; then
		if [ "$(ls -A "$work/src/out")" != "index.html" ] ||
		   [ "$(cat "$work/src/out/index.html")" != "previous binder" ]; then
			msg="the previous out/ was changed"
		elif ls -a "$work/src" | grep -q '^\.out\.'; then
			msg="a staging directory was left behind"
		fi
	fi
	# no secret of the infra exports may reach any byte of the binder
	if [ -z "$msg" ] && [ -f "$dir/secrets" ]; then
		mkdir -p "$work/src/out"
		while IFS= read -r secret; do
			if grep -rqF -- "$secret" "$work/src/out" "$work/stdout" "$work/stderr"; then
				msg="secret '$secret' reached out/"
				break
			fi
		done < "$dir/secrets"
	fi
	# PDFs are compared by their text (pdftotext -layout), the rest byte for byte
	if [ -z "$msg" ] && [ -d "$dir/expected" ]; then
		d=$(diff -r -x '*.pdf' -x pdf "$dir/expected" "$work/src/out") || msg="out/ differs from expected/:
$d"
	fi
	if [ -z "$msg" ] && [ -f "$dir/expected.pdftext" ]; then
		pdftotext -layout "$work/src/out/binder.pdf" "$work/pdftext" 2>/dev/null
		d=$(diff "$dir/expected.pdftext" "$work/pdftext") || msg="binder.pdf text differs:
$d"
	fi
	case "$dir" in
	*/tests/checks/*)
		# the table of seeded change -> rules it raised
		rules=$(sed -n 's/.*\[\([a-z0-9-]*\)\]$/\1/p' "$work/stderr" | sort -u | tr '\n' ' ')
		printf 'check mutation %-26s -> %s\n' "$(basename "$dir")" "${rules:-(none)}"
		;;
	esac
	if [ -z "$msg" ]; then
		ok "$name"
	else
		ko "$name: $msg" "$(cat "$work/stderr")"
	fi
}

for dir in "$top"/tests/cases/*/ "$top"/tests/errors/*/ "$top"/tests/checks/*/; do
	[ -d "$dir/src" ] || [ -f "$dir/base" ] || continue
	run_case "${dir%/}"
done

# --- the example binder -----------------------------------------------------
example() {
	name="example: $1"
	shift
	if out=$("$@" 2>&1); then
		ok "$name"
	else
		ko "$name" "$out"
	fi
}

example "checks clean" "$RB" check -C "$top" -q
example "builds" "$RB" build -C "$top" --out "$tmp/ex1" -q
example "builds again" "$RB" build -C "$top" --out "$tmp/ex2" -q
example "byte-identical builds" diff -r "$tmp/ex1" "$tmp/ex2"
example "no secret of content/infra in the binder" sh -c "! grep -rq -e do-not-print -e example-db-password '$tmp/ex1'"
no_secret_in_pdf_streams() {
	for f in "$tmp/ex1/binder.pdf" "$tmp/ex1"/pdf/*.pdf; do
		qpdf --stream-data=uncompress "$f" - 2>/dev/null | grep -aq -e do-not-print -e example-db-password && return 1
		pdftotext "$f" - 2>/dev/null | grep -q -e do-not-print -e example-db-password && return 1
	done
	return 0
}
example "no secret in the PDFs' uncompressed streams or text" no_secret_in_pdf_streams
example "PDF passes qpdf --check" qpdf --check "$tmp/ex1/binder.pdf"
example "PDF fonts are all embedded" sh -c "pdffonts '$tmp/ex1/binder.pdf' 2>/dev/null | awk 'NR > 2 && \$(NF-4) != \"yes\" { bad = 1 } END { exit bad }'"
example "PDF outline: the plan, the 6 runbooks, the scripts, the findings" sh -c "test \$(qpdf --json --json-key=outlines '$tmp/ex1/binder.pdf' | grep -c '^      \"title\"') -eq 9"
example "PDF outline: every step of the failover" sh -c "qpdf --json --json-key=outlines '$tmp/ex1/binder.pdf' | grep -q '\"6. After the failover\"'"
contents_links() {
	pdf=$1
	links=$(qpdf --json --json-key=pages --json-key=qpdf "$pdf" | "$top/build/asan/tools/pdf_links" 2)
	n=$(printf '%s\n' "$links" | grep -c .)
	numbers=$(pdftotext -f 2 -l 2 -layout "$pdf" - 2>/dev/null | grep -oE '[0-9]+$' | head -n "$n")
	[ "$n" -ge 7 ] && [ "$links" = "$numbers" ]
}
example "PDF contents links land on the pages the contents name" contents_links "$tmp/ex1/binder.pdf"
example "a PDF per runbook" sh -c "test \$(ls '$tmp/ex1/pdf' | wc -l) -eq \$(ls '$tmp/ex1/runbooks' | wc -l)"
example "PDF commands are exact" sh -c "pdftotext -layout '$tmp/ex1/pdf/failover-core-api.pdf' - 2>/dev/null | grep -q 'aws rds promote-read-replica \\\\'"
example "writes the pages" sh -c "test -f '$tmp/ex1/index.html' && test -f '$tmp/ex1/plan.html' && test \$(ls '$tmp/ex1/runbooks' | wc -l) -ge 5 && test -f '$tmp/ex1/txt/binder.txt'"

# --- step scripts, run for real against a stub aws ---------------------------
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

# --- provenance from git: a repository made here with fixed dates ------------
git_provenance() {
	g="$tmp/gitrepo"
	rm -rf "$g"
	mkdir -p "$g"
	cp -R "$top/tests/cases/minimal/src/." "$g/"
	(
		cd "$g" || exit 1
		export GIT_AUTHOR_NAME="Test Author" GIT_AUTHOR_EMAIL=t@example.com
		export GIT_COMMITTER_NAME="Test Author" GIT_COMMITTER_EMAIL=t@example.com
		export GIT_AUTHOR_DATE="2026-01-01T10:00:00Z" GIT_COMMITTER_DATE="2026-01-01T10:00:00Z"
		git init -q . && git add -A && git commit -q -m "First binder" || exit 1
		export GIT_AUTHOR_DATE="2026-01-02T10:00:00Z" GIT_COMMITTER_DATE="2026-01-02T10:00:00Z"
		echo "One more line." >> content/runbooks/notes.md
		git commit -q -am "Notes: one more line" || exit 1
		unset SOURCE_DATE_EPOCH
		"$RB" build -q --only txt 2>/dev/null || exit 1
		grep -q '^  Changed   2026-01-02 by Test Author' out/txt/notes.txt &&
		grep -q '^  Changed   2026-01-01 by Test Author' out/txt/failover-web.txt &&
		grep -q '^  Built     2026-01-02 from commit ' out/txt/notes.txt &&
		grep -q '^source_commit: ' out/BUILDINFO && grep -q '^dirty: no' out/BUILDINFO || exit 1
		echo "Uncommitted." >> content/runbooks/failover-web.md
		"$RB" build -q --only txt 2>/dev/null || exit 1
		grep -q 'changes that are not committed' out/txt/failover-web.txt &&
		! grep -q 'changes that are not committed' out/txt/notes.txt &&
		grep -q '^dirty: yes' out/BUILDINFO
	)
}
publish() {
	g="$tmp/gitrepo"
	(
		cd "$g" || exit 1
		export GIT_AUTHOR_NAME="Test Author" GIT_AUTHOR_EMAIL=t@example.com
		export GIT_COMMITTER_NAME="Test Author" GIT_COMMITTER_EMAIL=t@example.com
		git checkout -q -- . && rm -rf out && "$RB" build -q 2>/dev/null || exit 1
		before=$(git status --porcelain)
		"$RB" publish --branch binder > ../publish1 || exit 1
		grep -q '^binder: [0-9a-f]\{40\}$' ../publish1 || exit 1
		# the binder is the branch's whole tree; working tree and index untouched
		git ls-tree -r --name-only binder | grep -qx 'runbooks/failover-web.html' &&
		git ls-tree -r --name-only binder | grep -qx 'SHA256SUMS' &&
		[ "$(git ls-tree -r binder scripts/failover-web/run.sh | cut -c1-6)" = 100755 ] &&
		[ "$(git status --porcelain)" = "$before" ] &&
		[ "$(git rev-parse --abbrev-ref HEAD)" != binder ] || exit 1
		"$RB" publish --branch binder > ../publish2 || exit 1
		grep -q 'already holds this binder' ../publish2 &&
		[ "$(git rev-list --count binder)" = 1 ] &&
		"$RB" verify out > /dev/null
	)
}
build_ref() {
	g="$tmp/gitrepo"
	(
		cd "$g" || exit 1
		unset SOURCE_DATE_EPOCH
		echo "Uncommitted line." >> content/runbooks/notes.md
		before=$(git status --porcelain)
		"$RB" build -q --ref HEAD~1 --only txt 2>/dev/null || exit 1
		! grep -q 'One more line' out/txt/notes.txt &&
		! grep -q 'Uncommitted line' out/txt/notes.txt &&
		grep -q "^source_commit: $(git rev-parse HEAD~1)\$" out/BUILDINFO &&
		grep -q '^  Built     2026-01-01 from commit ' out/txt/notes.txt &&
		[ "$(git status --porcelain)" = "$before" ] || exit 1
		"$RB" build -q --ref no-such-ref 2> ../ref-err
		[ $? -eq 2 ] && grep -q "no commit 'no-such-ref'" ../ref-err &&
		git checkout -q -- .
	)
}
if command -v git > /dev/null; then
	example "git: last change per runbook, build date from the commit, dirty files" git_provenance
	example "git: build --ref HEAD~1 builds that commit's sources, the work tree untouched" build_ref
	example "git: publish commits out/ to a branch once, without touching the work tree" publish
fi

# --- a build killed at any point leaves the old binder or the new one ----------
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
	"$RB" verify "$k/out" > /dev/null &&
	! ls -a "$k" | grep -q '^\.out\.'
}
example "a build killed (SIGKILL) at 12 moments leaves a whole binder, then no staging" kill_safety

# --- pathological inputs ----------------------------------------------------
# Each under a time limit: built or refused with exit 2, never a crash or a
# hang. The inputs are made here (shell and awk only).
patho() {
	name="pathological: $1"
	want=$2
	dir=$3
	out=$(cd "$dir" && timeout 300 "$RB" build -q 2>&1)
	status=$?
	if [ "$status" -eq "$want" ]; then
		ok "$name"
	else
		ko "$name: exit $status, expected $want" "$(printf '%s\n' "$out" | tail -8)"
	fi
}
patho_binder() {
	rm -rf "$tmp/patho" && mkdir -p "$tmp/patho/content/runbooks" "$tmp/patho/content/infra"
	printf 'title: Pathological\npaths:\n  infra: [content/infra]\n' > "$tmp/patho/runbinder.yaml"
}
runbook_head() {
	printf -- '---\nid: %s\ntitle: %s\n---\n# %s\n\n## Step 1: Do it\n\n' "$1" "$1" "$1"
}
patho_binder
{ runbook_head wide; awk 'BEGIN { for (i = 0; i < 100000; i++) printf "x"; print "" }'
  printf '\n```bash\necho '; awk 'BEGIN { for (i = 0; i < 100000; i++) printf "y"; print "" }'
  printf '```\n'; } > "$tmp/patho/content/runbooks/wide.md"
patho "a 100,000-column line and command" 0 "$tmp/patho"
patho_binder
{ runbook_head table
  awk 'BEGIN { for (r = 0; r < 3; r++) { for (i = 0; i < 1000; i++) printf "| %s ", (r == 1 ? "-" : "c" i); print "|" } }'
} > "$tmp/patho/content/runbooks/table.md"
patho "a table of 1,000 columns" 0 "$tmp/patho"
patho_binder
{ runbook_head nested
  awk 'BEGIN { for (i = 0; i < 60; i++) { for (k = 0; k < i; k++) printf ">"; print " quoted " i } }'
  awk 'BEGIN { for (i = 0; i < 30; i++) { for (k = 0; k < i; k++) printf "  "; print "- item " i } }'
} > "$tmp/patho/content/runbooks/nested.md"
patho "block quotes 59 deep and lists 30 deep" 0 "$tmp/patho"
patho_binder
{ runbook_head big; printf '```bash\n'; head -c 52428800 /dev/zero | tr '\0' 'z'; printf '\n```\n'; } \
	> "$tmp/patho/content/runbooks/big.md"
patho "a 50 MB code block (refused: over 16 MiB)" 2 "$tmp/patho"
patho_binder
awk 'BEGIN {
	printf "{\"version\": 4, \"terraform_version\": \"1.5.7\", \"serial\": 1, \"lineage\": \"x\", \"outputs\": {}, \"resources\": [{\"module\": \""
	for (i = 0; i < 1000; i++) printf "%smodule.m%d", (i ? "." : ""), i
	printf "\", \"mode\": \"managed\", \"type\": \"aws_s3_bucket\", \"name\": \"deep\", \"provider\": \"aws\", \"instances\": [{\"schema_version\": 0, \"attributes\": {\"bucket\": \"deep\", \"region\": \"us-east-1\"}}]}]}\n"
}' > "$tmp/patho/content/infra/deep.tfstate"
awk 'BEGIN {
	printf "{\"format_version\": \"1.0\", \"values\": {\"root_module\": {\"resources\": []"
	for (i = 0; i < 1000; i++) printf ", \"child_modules\": [{\"address\": \"module.m%d\", \"resources\": [{\"address\": \"module.m%d.aws_s3_bucket.b\", \"mode\": \"managed\", \"type\": \"aws_s3_bucket\", \"name\": \"b\", \"values\": {\"bucket\": \"b%d\"}}]", i, i, i
	for (i = 0; i < 1000; i++) printf "}]"
	print "}}}"
}' > "$tmp/patho/content/infra/deep-show.json"
runbook_head modules > "$tmp/patho/content/runbooks/modules.md"
patho "1,000 levels of modules in a state and in show -json" 0 "$tmp/patho"

# --- escape safety ------------------------------------------------------------
# File names, ids and titles made of path tricks, quotes, $(), backticks,
# newlines and HTML: nothing is written outside out/, every HTML sink
# escapes, every script still parses and passes shellcheck.
esc="$tmp/escape/binder"
mkdir -p "$esc/content/runbooks" "$tmp/escape/canary"
printf 'title: "<b>Binder</b> $(touch ../../pwned) `id`"\n' > "$esc/runbinder.yaml"
printf -- '---\ntitle: "<script>alert(1)</script> \\"q\\" $(touch pwned) `id`"\n---\n# x\n\n## Step 1: <img src=x onerror=alert(1)> `$(id)` "q" '"'"'s'"'"'\n\n```bash\necho "step one"\n```\n\n[up](../../../etc/passwd) <a href="javascript:alert(1)">x</a>\n' \
	> "$esc/content/runbooks/a.md"
printf '# Quote\n' > "$esc/content/runbooks/we\"ird\$(touch pwned)\`id\`.md"
printf '# Newline\n' > "$esc/content/runbooks/new
line.md"
printf '# Dots\n' > "$esc/content/runbooks/..dots...md"
before=$(cd "$tmp/escape" && find . -path ./binder/out -prune -o -print | sort)
escape() {
	name="escape: $1"
	shift
	if out=$("$@" 2>&1); then ok "$name"; else ko "$name" "$out"; fi
}
escape "the hostile binder builds" sh -c "cd '$esc' && '$RB' build -q --fail-on never"
escape "nothing written outside out/" sh -c "[ \"\$(cd '$tmp/escape' && find . -path ./binder/out -prune -o -print | sort)\" = '$before' ] && ! find / -xdev -name pwned -newer '$esc/runbinder.yaml' 2>/dev/null | grep -q ."
escape "every output file name is plain" sh -c "! (cd '$esc/out' && find . | grep -v '^[a-zA-Z0-9./_-]*\$')"
escape "no live markup from the sources in HTML" sh -c "! grep -rE '<script>alert|<img src=x|onerror=|href=\"javascript:|<b>Binder' '$esc/out' --include='*.html'"
escape "scripts parse and pass shellcheck" sh -c "for f in '$esc'/out/scripts/*/*.sh; do bash -n \"\$f\" || exit 1; done; shellcheck '$esc'/out/scripts/*/*.sh"

# --- fuzz regressions ---------------------------------------------------------
# Every harness of tests/fuzz replays its seed corpus and every crash the
# fuzzers found (tests/fuzz/crashes/NAME/) under ASan and UBSan; a hang
# (some crashes are timeouts) fails after five minutes instead of never.
for h in "$top"/tests/fuzz/fuzz_*.c; do
	h=$(basename "$h" .c)
	out=$(cd "$top" && timeout -k 5 300 "$top/build/asan/replay/$h" "tests/fuzz/corpus/$h" "tests/fuzz/crashes/$h" 2>&1)
	rc=$?
	if [ "$rc" -eq 0 ]; then
		ok "fuzz replay: $h ($(printf '%s\n' "$out" | tail -1))"
	else
		ko "fuzz replay: $h" "$(printf '%s\n' "$out" | grep -E 'ERROR|SUMMARY|#[0-9] ' | head -12)
(exit status $rc; 124 is a timeout)"
	fi
done

# --- the HTML binder in a real browser ---------------------------------------
# tests/browser/NAME.script run by build/asan/tools/browser in headless
# Chromium against the example binder opened from file://; the transcript
# must equal NAME.expected. Screenshots go to build/screenshots/ to look at.
shots="$top/build/screenshots"
mkdir -p "$shots"
for script in "$top"/tests/browser/*.script; do
	name="browser: $(basename "$script" .script)"
	expected="${script%.script}.expected"
	if [ ! -x /usr/bin/chromium ]; then
		ko "$name" "/usr/bin/chromium is missing: make deps-test installs it"
		continue
	fi
	actual=$("$top/build/asan/tools/browser" "$script" "$tmp/ex1" "$shots" 2>&1)
	status=$?
	if [ -n "$UPDATE_GOLDEN" ]; then
		printf '%s\n' "$actual" > "$expected"
	fi
	if [ "$status" -eq 0 ] && [ "$actual" = "$(cat "$expected" 2>/dev/null)" ]; then
		ok "$name"
	else
		ko "$name (status $status)" "$(printf '%s\n' "$actual" | diff "$expected" - | head -30)"
	fi
done

# --- foreign corpus ---------------------------------------------------------
# The spec examples (50 to a file) and real runbooks of other teams, as one
# binder each, in every format: no crash, valid PDF.
foreign() {
	name="foreign corpus: $1"
	src="$2"
	if out=$(cd "$src" && "$RB" build --fail-on never -q 2>&1 >/dev/null); [ -f "$src/out/binder.pdf" ] &&
	   qpdf --check "$src/out/binder.pdf" >/dev/null 2>&1; then
		ok "$name ($(ls "$src/out/pdf" | wc -l) runbooks, $(pdfinfo "$src/out/binder.pdf" 2>/dev/null | awk '/^Pages/ { print $2 }') pages)"
		echo "ok   $name: $(ls "$src/out/pdf" | wc -l) runbooks, $(pdfinfo "$src/out/binder.pdf" 2>/dev/null | awk '/^Pages/ { print $2 }') PDF pages"
	else
		ko "$name" "$(printf '%s\n' "$out" | grep -v -e hint -e '\[' | tail -5)"
	fi
}
spec="$tmp/spec"
mkdir -p "$spec/content/runbooks"
printf 'title: Spec examples\nunknown_front_matter: ignore\n' > "$spec/runbinder.yaml"
for f in "$top"/tests/corpus/specs/*.txt; do
	awk -v dir="$spec/content/runbooks" -v tag="$(basename "$f" .txt)" '
		/^```````````````````````````````` example/ { ex = 1; n++; next }
		ex && /^\.$/ { ex = 0; next }
		ex {
			# an example that opens with --- would be front matter
			if (!started[n] && /^---/) { skip[n] = 1 }
			started[n] = 1
			if (!skip[n]) { gsub(/→/, "\t"); print > (dir "/" tag "-" sprintf("%03d", int(n / 50)) ".md") }
		}' "$f"
done
foreign "CommonMark and GFM spec examples" "$spec"
runbooks="$tmp/foreign"
mkdir -p "$runbooks/content"
cp -R "$top/tests/corpus/runbooks" "$runbooks/content/runbooks"
# adopted as they are: without their Hugo front matter, their {{ }} are text
find "$runbooks/content/runbooks" -name '*.md' | while IFS= read -r f; do
	awk 'NR == 1 && /^---$/ { fm = 1; next } fm && /^---$/ { fm = 0; next } !fm' "$f" > "$f.new" &&
		mv "$f.new" "$f"
done
printf 'title: Foreign runbooks\n' > "$runbooks/runbinder.yaml"
foreign "runbooks of other teams" "$runbooks"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
