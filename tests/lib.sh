# shellcheck shell=sh
# What every area of the tests (tests/t-*.sh) shares; each sources it first:
# the environment of every run of the program, a temporary directory removed
# on exit, the counters, and the golden comparison of tests/cases,
# tests/errors and tests/checks.
#
#   ok NAME                      a test passed (listed with VERBOSE=1)
#   ko NAME [DETAIL]             a test failed: its name and what went wrong
#   expect_success NAME CMD...   ok when CMD exits 0, else ko with its output
#   example NAME CMD...          the same, a test named "example: NAME"
#   build_example DIR            the example binder built into DIR, for an
#                                area that tests what it holds
#   run_cases DIR                every golden case of tests/DIR/
#   git_as [DATE]                commits as "Test Author" (at DATE)
#   finish                       the line "N passed, N failed", and a non-zero
#                                status when a test failed
#
# UPDATE_GOLDEN=1 rewrites the expected files from what the program does.
# Set VERBOSE=1 to list passing tests too; VALGRIND=1 (make test VALGRIND=1)
# runs the program under valgrind instead of the sanitizers. tests/run.sh
# sets RB_TEST_COUNTS to a file that gets "PASSED FAILED" instead of the line.

top=$(cd "$(dirname "$0")/.." && pwd)
RB=${RB:-$top/build/asan/runbinder}
export SOURCE_DATE_EPOCH=1795478400   # 2026-11-24 00:00 UTC
export NO_COLOR=1
export TESTS_DIR="$top/tests"
export RB
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
pass=0
fail=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/runbinder-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# VALGRIND=1: every run of the program goes through valgrind (the build
# without sanitizers); any error or definite or indirect leak fails it.
if [ -n "$VALGRIND" ]; then
	cat > "$tmp/runbinder-valgrind" <<VG
#!/bin/sh
export RUNBINDER_FREE_AT_EXIT=1
exec valgrind -q --error-exitcode=99 --leak-check=full \\
	--errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \\
	"$top/runbinder" "\$@"
VG
	chmod +x "$tmp/runbinder-valgrind"
	RB="$tmp/runbinder-valgrind"
	export RB
fi

# Commits made by tests: one author, and a fixed date when one is given
# (git_as [ISO-DATE]); for the subshell that makes them.
git_as() {
	export GIT_AUTHOR_NAME="Test Author" GIT_AUTHOR_EMAIL=t@example.com
	export GIT_COMMITTER_NAME="Test Author" GIT_COMMITTER_EMAIL=t@example.com
	if [ -n "$1" ]; then
		export GIT_AUTHOR_DATE="$1" GIT_COMMITTER_DATE="$1"
	fi
}

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

expect_success() {
	name=$1
	shift
	if out=$("$@" 2>&1); then
		ok "$name"
	else
		ko "$name" "$out"
	fi
}

example() {
	name="example: $1"
	shift
	expect_success "$name" "$@"
}

# The example binder of this repository, built as t-example.sh builds it;
# a failed build is a failure of the area that needs it.
build_example() {
	if ! out=$("$RB" build -C "$top" --out "$1" -q 2>&1); then
		ko "set-up: the example binder builds into $1" "$out"
	fi
}

# --- golden cases -----------------------------------------------------------
# tests/cases/NAME/, tests/errors/NAME/ and tests/checks/NAME/:
#   src/              the binder's sources
#   base              name of a case in tests/cases whose src/ is copied
#                     first, or @example for the example binder (optional)
#   setup             shell script run in the copy first
#   args              the command line (default: build)
#   expected/         the exact out/ tree (when it builds)
#   expected.stderr   exact standard error (optional)
#   expected.stdout   exact standard output (optional)
#   expected.status   exit status (default 0)
#   secrets           strings that must reach no byte of the output, PDF
#                     streams uncompressed and PDF text included (optional)
# A case with a non-zero status must leave a previous out/ untouched and no
# staging directory behind.
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
	# shellcheck disable=SC2010 # a staging name is plain: .out.XXXXXX
	if [ -z "$msg" ] && [ "$guard" = 1 ]; then
		if [ "$(ls -A "$work/src/out")" != "index.html" ] ||
		   [ "$(cat "$work/src/out/index.html")" != "previous binder" ]; then
			msg="the previous out/ was changed"
		elif ls -a "$work/src" | grep -q '^\.out\.'; then
			msg="a staging directory was left behind"
		fi
	fi
	# no secret of the infra exports may reach any byte of the binder: nor
	# the PDFs' streams once uncompressed, nor their text
	if [ -z "$msg" ] && [ -f "$dir/secrets" ]; then
		mkdir -p "$work/src/out" "$work/pdf"
		rm -f "$work/pdf"/*
		n=0
		find "$work/src/out" -name '*.pdf' > "$work/pdfs"
		while IFS= read -r pdf; do
			n=$((n + 1))
			qpdf --stream-data=uncompress "$pdf" "$work/pdf/$n.qpdf" 2>/dev/null
			pdftotext "$pdf" "$work/pdf/$n.txt" 2>/dev/null
		done < "$work/pdfs"
		while IFS= read -r secret; do
			if grep -rqF -- "$secret" "$work/src/out" "$work/stdout" "$work/stderr" "$work/pdf"; then
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

run_cases() {
	for dir in "$top/tests/$1"/*/; do
		[ -d "$dir/src" ] || [ -f "$dir/base" ] || continue
		run_case "${dir%/}"
	done
}

finish() {
	if [ -n "$RB_TEST_COUNTS" ]; then
		echo "$pass $fail" > "$RB_TEST_COUNTS"
	else
		echo "$pass passed, $fail failed"
	fi
	[ "$fail" -eq 0 ]
}
