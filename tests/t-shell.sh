#!/bin/sh
# runbinder in the shell and in CI: the man page renders without a warning,
# the bash completion completes commands and flags and its lists are the
# program's own (from its help), `make install` puts both where they are
# found, and `init` gives a binder that checks and builds clean.

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

man_page="$top/gen/runbinder.1"
completion="$top/gen/completion.bash"

# --- man page ----------------------------------------------------------------
if ! command -v groff > /dev/null || ! command -v man > /dev/null; then
	ko "man page: groff and man-db are installed (make deps-test)"
else
	if warnings=$(groff -ww -z -man "$man_page" 2>&1) && [ -z "$warnings" ]; then
		ok "man page: groff -ww finds nothing to warn about"
	else
		ko "man page: groff -ww warns" "$warnings"
	fi
	if out=$(MANWIDTH=80 man -l "$man_page" 2>"$tmp/man.err") && [ ! -s "$tmp/man.err" ] &&
	   printf '%s\n' "$out" | grep -q '^NAME' &&
	   printf '%s\n' "$out" | grep -q 'runbinder init dr-binder'; then
		ok "man page: man -l renders it, with no message"
	else
		ko "man page: man -l renders it" "$(cat "$tmp/man.err")"
	fi
	# every command of the program has its entry
	rendered=$(MANWIDTH=200 man -l "$man_page" 2>/dev/null)
	missing=""
	for c in $("$RB" help | sed -n '/^commands:/,/^$/s/^  \([a-z-]*\) .*/\1/p'); do
		printf '%s\n' "$rendered" | grep -q "^       $c" || missing="$missing $c"
	done
	if [ -z "$missing" ]; then
		ok "man page: every command of 'runbinder help' is described"
	else
		ko "man page: commands missing:$missing"
	fi
fi

# --- bash completion ---------------------------------------------------------
# COMPREPLY for the words given, the last being completed, one per line
complete_words() {
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _runbinder; printf "%s\n" "${COMPREPLY[@]}"' \
		complete "$completion" "$@"
}

if out=$(shellcheck -s bash "$completion" 2>&1); then
	ok "completion: passes shellcheck"
else
	ko "completion: passes shellcheck" "$out"
fi
got=$(complete_words runbinder b)
if [ "$got" = "build" ]; then
	ok "completion: runbinder b<TAB> is build"
else
	ko "completion: runbinder b<TAB>" "got: $got"
fi
got=$(complete_words runbinder build -- | tr '\n' ' ')
want="--date --state --ref --out --only --fail-on --wait --quiet --verbose --timings --help "
if [ "$got" = "$want" ]; then
	ok "completion: runbinder build --<TAB> lists build's long options"
else
	ko "completion: runbinder build --<TAB>" "got:  $got
want: $want"
fi
got=$(complete_words runbinder check --format s)
if [ "$got" = "sarif" ]; then
	ok "completion: check --format s<TAB> is sarif"
else
	ko "completion: check --format s<TAB>" "got: $got"
fi
got=$(complete_words runbinder new --kind failover r)
if [ "$got" = "runbook" ]; then
	ok "completion: new ... r<TAB> is runbook, after an option and its value"
else
	ko "completion: new ... r<TAB> is runbook" "got: $got"
fi

# the completion's lists are the program's: commands from `help`, options
# from each command's --help
commands=$("$RB" help | sed -n '/^commands:/,/^$/s/^  \([a-z-]*\) .*/\1/p' | sort | tr '\n' ' ')
listed=$(bash -c '. "$1"; printf "%s\n" $_runbinder_commands' complete "$completion" | sort | tr '\n' ' ')
if [ -n "$commands" ] && [ "$commands" = "$listed" ]; then
	ok "completion: its commands are those of 'runbinder help'"
else
	ko "completion: its commands differ from 'runbinder help'" "help:       $commands
completion: $listed"
fi
for c in $commands; do
	from_help=$("$RB" "$c" --help | sed -n '/^options:/,$p' |
		grep -o -- '-[a-zA-Z]\b\|--[a-z][a-z-]*' | sort -u | tr '\n' ' ')
	from_completion=$(bash -c '. "$1"; _runbinder_options "$2"' complete "$completion" "$c" |
		tr ' ' '\n' | sort -u | tr '\n' ' ')
	if [ "$from_help" = "$from_completion" ]; then
		ok "completion: the options of $c are those of its --help"
	else
		ko "completion: the options of $c differ from its --help" "help:       $from_help
completion: $from_completion"
	fi
done

# --- make install ------------------------------------------------------------
# for real when the release binary is built, else what it would run
if [ -x "$top/runbinder" ]; then
	if out=$(make -C "$top" -s install PREFIX=/usr DESTDIR="$tmp/root" 2>&1) &&
	   [ -f "$tmp/root/usr/share/man/man1/runbinder.1" ] &&
	   [ -f "$tmp/root/usr/share/bash-completion/completions/runbinder" ] &&
	   [ -x "$tmp/root/usr/bin/runbinder" ]; then
		ok "make install: the program, its man page and its completion"
	else
		ko "make install: the program, its man page and its completion" "$out"
	fi
else
	plan=$(make -C "$top" -n install PREFIX=/usr DESTDIR=/d 2>&1)
	if printf '%s\n' "$plan" | grep -q 'gen/runbinder.1 /d/usr/share/man/man1/runbinder.1' &&
	   printf '%s\n' "$plan" | grep -q 'gen/completion.bash /d/usr/share/bash-completion/completions/runbinder'; then
		ok "make install: installs the man page and the completion (make -n)"
	else
		ko "make install: installs the man page and the completion (make -n)" "$plan"
	fi
fi

# --- init: a new team's first binder ------------------------------------------
mkdir -p "$tmp/empty"
cd "$tmp/empty" || exit 1
if out=$("$RB" init 2>&1) && [ -f runbinder.yaml ]; then
	ok "init: writes a binder into an empty directory"
else
	ko "init: writes a binder into an empty directory" "$out"
fi
if out=$("$RB" build -q 2>&1) && [ -f out/index.html ] && [ -f out/binder.pdf ] &&
   [ -x out/scripts/failover-orders/run.sh ] && "$RB" verify out > /dev/null; then
	ok "init: the binder builds in every format and verifies"
else
	ko "init: the binder builds" "$out"
fi
# clean, on the tests' day and years later: nothing in it goes overdue
for day in 2026-11-24 2031-06-30 2045-01-01; do
	if out=$("$RB" check --date "$day" 2>&1) && [ "$out" = "runbinder check: 2 runbooks, 1 service, 7 resources: 0 errors, 0 warnings, 0 notes" ]; then
		ok "init: checks clean on $day"
	else
		ko "init: checks clean on $day" "$out"
	fi
done
before=$(cat runbinder.yaml)
out=$("$RB" init . 2>&1)
status=$?
if [ $status -eq 2 ] && [ "$out" = "runbinder init: error: 'runbinder.yaml' already exists: this is a binder already (runbinder check checks it)" ] &&
   [ "$(cat runbinder.yaml)" = "$before" ]; then
	ok "init: refuses an existing binder, exit 2, nothing changed"
else
	ko "init: refuses an existing binder" "status $status: $out"
fi
# every kind of runbook `new` scaffolds passes its own check in that binder
for kind in failover failback restore-test procedure; do
	if out=$("$RB" new runbook "new-$kind" --kind "$kind" --service orders 2>&1) &&
	   out=$("$RB" check --date 2031-06-30 2>&1); then
		ok "new runbook --kind $kind: the scaffold checks clean"
	else
		ko "new runbook --kind $kind: the scaffold checks clean" "$out"
	fi
	rm -f "content/runbooks/new-$kind.md" "content/runbooks/new-$kind-failback.md"
done
# the README's walk: a new runbook bound to a resource of the export
"$RB" new runbook restore-orders --kind restore-test --service orders > /dev/null 2>&1
cat > content/runbooks/restore-orders.md <<'MD'
---
id: restore-orders
service: orders
kind: restore-test
requires:
  db: aws_db_instance.orders
---
## Step 1: Find the latest snapshot (5 min)
```bash
aws rds describe-db-snapshots --db-instance-identifier {{db.identifier}} \
  --region {{db.region}} --snapshot-type automated
```
MD
if out=$("$RB" check 2>&1) && "$RB" build -q --only txt,scripts 2>&1 &&
   grep -q -- '--db-instance-identifier orders \\$' out/txt/restore-orders.txt &&
   grep -q -- '--region eu-west-1 --snapshot-type automated' out/scripts/restore-orders/01-*.sh; then
	ok "init: the README's bound command checks clean and reads the export's values"
else
	ko "init: the README's bound command" "$out"
fi
sed -i 's/{{db.identifier}}/{{db.identifer}}/' content/runbooks/restore-orders.md
out=$("$RB" check 2>&1)
if [ "$out" = "content/runbooks/restore-orders.md:10:56: error: unknown placeholder '{{db.identifer}}': no attribute 'identifer' (did you mean 'identifier'?) [ref-placeholder]
runbinder check: 3 runbooks, 1 service, 7 resources: 1 error, 0 warnings, 0 notes" ]; then
	ok "init: a mistyped placeholder in it says what was meant"
else
	ko "init: a mistyped placeholder in it says what was meant" "$out"
fi
cd "$top" || exit 1

finish
