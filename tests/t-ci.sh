#!/bin/sh
# Builds as CI runs them: two builds of one binder at once, a build killed
# while it holds the lock, a lock held by another, a shallow clone, two
# publish runs racing for one branch, an out/ that is a link or read-only.

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

binder() {
	rm -rf "$1"
	mkdir -p "$1"
	cp -R "$top/tests/cases/minimal/src/." "$1/"
}

# Ten rounds of two builds started together: both exit 0 (one waits for the
# other), never 3, and out/ verifies after each round.
two_builds() {
	b="$tmp/two"
	binder "$b"
	for i in 1 2 3 4 5 6 7 8 9 10; do
		echo "Round $i." >> "$b/content/runbooks/notes.md"
		"$RB" build -C "$b" -q 2> "$tmp/two.1" &
		p1=$!
		"$RB" build -C "$b" -q 2> "$tmp/two.2"
		s2=$?
		wait "$p1"
		s1=$?
		if [ "$s1" != 0 ] || [ "$s2" != 0 ]; then
			echo "round $i: exit $s1 and $s2"
			cat "$tmp/two.1" "$tmp/two.2"
			return 1
		fi
		"$RB" verify "$b/out" > /dev/null || return 1
		grep -q "Round $i." "$b/out/txt/notes.txt" || return 1
	done
	# the lock is gone with the last build
	[ ! -e "$b/.out.lock" ]
}
example "ci: two builds at once, ten times: both exit 0, out/ verifies" two_builds

# The PDFs made by helper processes beside the HTML (a binder of 12
# runbooks, three processes) are the bytes one process makes, the sums
# list every file, and a helper's files are in the binder.
pdf_jobs() {
	b="$tmp/jobs"
	rm -rf "$b"
	sh "$top/tests/bench/gen_binder.sh" 12 "$b" > /dev/null
	echo 'formats: [html, txt, pdf, runbook-pdf, scripts]' >> "$b/runbinder.yaml"
	RUNBINDER_JOBS=1 "$RB" build -C "$b" -q --out "$tmp/jobs1" || return 1
	RUNBINDER_JOBS=3 "$RB" build -C "$b" -q --out "$tmp/jobs3" 2> "$tmp/jobs3.err" || { cat "$tmp/jobs3.err"; return 1; }
	[ ! -s "$tmp/jobs3.err" ] || { cat "$tmp/jobs3.err"; return 1; }
	diff -r "$tmp/jobs1" "$tmp/jobs3" || return 1
	[ "$(ls "$tmp/jobs3/pdf" | wc -l)" = 12 ] || return 1
	[ "$(grep -c ' pdf/rb-000[01][0-9].pdf$' "$tmp/jobs3/SHA256SUMS")" = 12 ] || return 1
	"$RB" verify "$tmp/jobs3" > /dev/null
}
example "ci: PDFs made by three processes are the bytes one makes, every file summed" pdf_jobs

# A lock held by another process (flock(1) stands in for a running build):
# a build waits --wait seconds, then stops with exit 2 naming the holder.
lock_busy() {
	command -v flock > /dev/null || { echo "flock(1) not installed"; return 1; }
	b="$tmp/busy"
	binder "$b"
	printf '4242 1795478400\n' > "$b/.out.lock"
	flock "$b/.out.lock" sleep 5 &
	holder=$!
	sleep 0.3
	"$RB" build -C "$b" --wait 0.5 > /dev/null 2> "$tmp/busy.err"
	status=$?
	kill "$holder" 2> /dev/null
	wait "$holder" 2> /dev/null
	[ "$status" = 2 ] || { echo "exit $status"; cat "$tmp/busy.err"; return 1; }
	printf '%s\n' \
		"runbinder build: another runbinder (pid 4242, started 2026-11-24 00:00:00 UTC) is writing $b/out: waiting for it (up to 0.5 s, --wait SECONDS)" \
		"$b/out: error: another runbinder (pid 4242, started 2026-11-24 00:00:00 UTC) is writing $b/out; gave up after waiting 0.5 s (--wait SECONDS waits longer)" \
		> "$tmp/busy.want"
	grep 'another runbinder' "$tmp/busy.err" | diff "$tmp/busy.want" - && [ ! -e "$b/out" ]
}
example "ci: a lock held by another: wait, then exit 2 naming its pid and start" lock_busy

# A build killed (SIGKILL) while it holds the lock: the next build takes the
# lock over with a note and builds.
killed_holder() {
	b="$tmp/killed"
	binder "$b"
	"$RB" build -C "$b" -q 2> /dev/null &
	p=$!
	n=0
	while [ ! -s "$b/.out.lock" ] && [ $n -lt 300 ]; do
		sleep 0.02
		n=$((n + 1))
	done
	kill -9 "$p" 2> /dev/null
	wait "$p" 2> /dev/null
	[ -s "$b/.out.lock" ] || { echo "the build finished before it could be killed"; return 1; }
	pid=$(cut -d' ' -f1 "$b/.out.lock")
	"$RB" build -C "$b" > /dev/null 2> "$tmp/killed.err" || { cat "$tmp/killed.err"; return 1; }
	grep -q "^runbinder build: note: took over the lock $b/.out.lock of a runbinder that is gone (pid $pid, started " "$tmp/killed.err" &&
		"$RB" verify "$b/out" > /dev/null && [ ! -e "$b/.out.lock" ]
}
example "ci: a build killed holding the lock: the next one takes it over with a note" killed_holder

# out/ as a link: written where it points, the link kept; a link to nothing
# and a read-only out/ are located errors, exit 2, nothing changed.
out_link() {
	b="$tmp/link"
	binder "$b"
	mkdir -p "$tmp/link-target"
	ln -s "$tmp/link-target" "$b/out"
	"$RB" build -C "$b" -q || return 1
	[ -L "$b/out" ] && "$RB" verify "$tmp/link-target" > /dev/null || return 1
	rm "$b/out"
	ln -s "$tmp/no-such-dir" "$b/out"
	"$RB" build -C "$b" -q 2> "$tmp/link.err"
	[ $? = 2 ] && [ "$(cat "$tmp/link.err")" = "$b/out: error: no such directory (or a symbolic link to one that does not exist): create it, or remove the link" ]
}
example "ci: out/ as a symbolic link is followed; a link to nothing is exit 2" out_link

out_read_only() {
	b="$tmp/ro"
	binder "$b"
	"$RB" build -C "$b" -q || return 1
	# root writes through permissions: an immutable directory stands in
	if [ "$(id -u)" = 0 ]; then
		chattr +i "$b/out" 2> /dev/null || { echo "skipped: chattr +i unsupported here"; return 0; }
	else
		chmod 555 "$b/out"
	fi
	"$RB" build -C "$b" -q 2> "$tmp/ro.err"
	status=$?
	chattr -i "$b/out" 2> /dev/null
	chmod 755 "$b/out"
	[ "$status" = 2 ] &&
		[ "$(cat "$tmp/ro.err")" = "$b/out: error: the binder directory is read-only, or so is the directory it is in: make them writable, or write elsewhere with --out DIR" ] &&
		"$RB" verify "$b/out" > /dev/null
}
example "ci: a read-only out/ is a located error, exit 2, the binder intact" out_read_only

# shellcheck disable=SC2030,SC2031 # the exports are meant for each subshell
shallow_clone() {
	g="$tmp/deep"
	binder "$g"
	(
		cd "$g" || exit 1
		git_as 2026-01-01T10:00:00Z
		git init -q . && git add -A && git commit -q -m "First binder" || exit 1
		git_as 2026-01-02T10:00:00Z
		echo "One." > unrelated.txt && git add unrelated.txt && git commit -q -m "Unrelated" || exit 1
		git_as 2026-01-03T10:00:00Z
		echo "One more line." >> content/runbooks/notes.md
		git commit -q -am "Notes: one more line" || exit 1
		git_as 2026-01-04T10:00:00Z
		echo "Two." > unrelated.txt && git commit -q -am "Unrelated again" || exit 1
	) || return 1
	rm -rf "$tmp/shallow"
	# three commits of four: the oldest present is the one of 2026-01-02
	git clone -q --depth 3 "file://$g" "$tmp/shallow" || return 1
	(
		cd "$tmp/shallow" || exit 1
		"$RB" build --only txt > /dev/null 2> ../shallow.err || exit 1
		notes=$(git rev-parse --short=12 HEAD~1)
		cut=$(git rev-parse --short=12 HEAD~2)
		grep -qx "runbinder: warning: the git history is shallow: the last change of 2 runbooks is known only as 'at or before' the oldest commit present; fetch the whole history (git fetch --unshallow; in GitHub Actions, actions/checkout with fetch-depth: 0)" ../shallow.err &&
		grep -qx "  Changed   2026-01-03 by Test Author ($notes)" out/txt/notes.txt &&
		grep -qx "  Changed   at or before 2026-01-02 (shallow clone, cut at $cut)" out/txt/failover-web.txt &&
		"$RB" build -q --only txt 2> ../shallow-q.err && [ ! -s ../shallow-q.err ]
	) || return 1
	# CI's default checkout: one commit, every runbook 'at or before' it
	rm -rf "$tmp/one"
	git clone -q --depth 1 "file://$g" "$tmp/one" || return 1
	(
		cd "$tmp/one" || exit 1
		"$RB" build --only txt > /dev/null 2> ../one.err || exit 1
		tip=$(git rev-parse --short=12 HEAD)
		grep -q "the last change of 3 runbooks is known only as 'at or before'" ../one.err &&
		for f in failover-web failback-web notes; do
			grep -qx "  Changed   at or before 2026-01-04 (shallow clone, cut at $tip)" "out/txt/$f.txt" || exit 1
		done
	)
}

# Two publish runs of two binders at once, to one branch, ten times: every
# run's commit is on the branch, in a line, or a run said why it stopped.
two_publishes() {
	g="$tmp/pub"
	binder "$g"
	(
		cd "$g" || exit 1
		git_as
		git init -q . && git add -A && git commit -q -m "Binder" || exit 1
		for i in 1 2 3 4 5 6 7 8 9 10; do
			echo "A $i." >> content/runbooks/notes.md
			"$RB" build -q --only txt --out outa 2> ../build.a || { echo "round $i: build a"; cat ../build.a; exit 1; }
			echo "B $i." >> content/runbooks/notes.md
			"$RB" build -q --only txt --out outb 2> ../build.b || { echo "round $i: build b"; cat ../build.b; exit 1; }
			"$RB" publish --branch binder --out outa > ../pub.a.out 2> ../pub.a &
			pa=$!
			"$RB" publish --branch binder --out outb > ../pub.b.out 2> ../pub.b
			sb=$?
			wait "$pa"
			sa=$?
			for run in "$sa:a" "$sb:b"; do
				case ${run%%:*} in
				0)
					# its commit is on the branch: nothing lost
					id=$(sed -n 's/^binder: \([0-9a-f]\{40\}\)$/\1/p' "../pub.${run#*:}.out")
					[ -n "$id" ] && git merge-base --is-ancestor "$id" binder ||
						{ echo "round $i, run ${run#*:}: commit '$id' is not on the branch"; cat "../pub.${run#*:}.out" "../pub.${run#*:}"; exit 1; }
					;;
				2) grep -q "^runbinder publish: error: branch 'binder' moved twice" "../pub.${run#*:}" ||
					{ echo "round $i, run ${run#*:}: exit 2"; cat "../pub.${run#*:}"; exit 1; } ;;
				*) echo "round $i, run ${run#*:}: exit ${run%%:*}"; cat "../pub.${run#*:}"; exit 1 ;;
				esac
			done
		done
		# every commit has one parent but the first: a line, nothing lost
		[ "$(git rev-list --min-parents=2 binder | wc -l)" = 0 ] &&
		[ "$(git rev-list --count binder)" -ge 10 ] ||
			{ echo "the branch: $(git rev-list --count binder) commits, $(git rev-list --min-parents=2 binder | wc -l) merges"; exit 1; }
	)
}
if command -v git > /dev/null; then
	example "ci: a shallow clone warns once and dates runbooks 'at or before'" shallow_clone
	example "ci: two publish runs race for one branch, ten times: nothing lost" two_publishes
else
	echo "skip ci: git not installed"
fi

finish
