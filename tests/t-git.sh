#!/bin/sh
# Provenance from git, in a repository made here with fixed dates: the last
# change per runbook, the build date from the commit, dirty files, build
# --ref, and publish to a branch. Skipped without git.

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

# shellcheck disable=SC2030 # the exports are meant for the subshell alone
git_provenance() {
	g="$tmp/gitrepo"
	rm -rf "$g"
	mkdir -p "$g"
	cp -R "$top/tests/cases/minimal/src/." "$g/"
	(
		cd "$g" || exit 1
		git_as 2026-01-01T10:00:00Z
		git init -q . && git add -A && git commit -q -m "First binder" || exit 1
		git_as 2026-01-02T10:00:00Z
		echo "One more line." >> content/runbooks/notes.md
		git commit -q -am "Notes: one more line" || exit 1
		unset SOURCE_DATE_EPOCH
		"$RB" build -q --only txt 2>/dev/null || exit 1
		grep -q '^  Changed   2026-01-02 by Test Author' out/txt/notes.txt &&
		grep -q '^  Changed   2026-01-01 by Test Author' out/txt/failover-web.txt &&
		# the date is today, not the commit's: on the binder; a committed
		# runbook's own pages name its change, not the build
		grep -q "^Built $(date -u +%Y-%m-%d) from commit " out/txt/binder.txt &&
		! grep -q "Built" out/txt/notes.txt &&
		grep -q '^source_commit: ' out/BUILDINFO && grep -q '^dirty: no' out/BUILDINFO || exit 1
		# --date pins it, over SOURCE_DATE_EPOCH too
		SOURCE_DATE_EPOCH=0 "$RB" build -q --only txt --date 2026-03-04 2>/dev/null &&
		grep -q '^Built 2026-03-04 from commit ' out/txt/binder.txt || exit 1
		echo "Uncommitted." >> content/runbooks/failover-web.md
		"$RB" build -q --only txt 2>/dev/null || exit 1
		# a runbook with uncommitted changes names the build it is in
		grep -q 'changes that are not committed' out/txt/failover-web.txt &&
		grep -q "^  Built     .* from commit .* with uncommitted changes" out/txt/failover-web.txt &&
		! grep -q 'changes that are not committed' out/txt/notes.txt &&
		grep -q '^dirty: yes' out/BUILDINFO
	)
}
# shellcheck disable=SC2031 # each subshell exports what it needs
publish() {
	g="$tmp/gitrepo"
	(
		cd "$g" || exit 1
		git_as
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
		grep -q "^Built $(date -u +%Y-%m-%d) from commit " out/txt/binder.txt &&
		[ "$(git status --porcelain)" = "$before" ] || exit 1
		"$RB" build -q --ref no-such-ref 2> ../ref-err
		[ $? -eq 2 ] && grep -q "no commit 'no-such-ref'" ../ref-err &&
		git checkout -q -- .
	)
}
# shellcheck disable=SC2031 # each subshell exports what it needs
stable_pdfs() {
	g="$tmp/gitpdf"
	rm -rf "$g"
	mkdir -p "$g"
	cp -R "$top/tests/cases/minimal/src/." "$g/"
	(
		cd "$g" || exit 1
		git_as 2026-01-01T10:00:00Z
		git init -q . && git add -A && git commit -q -m "First binder" || exit 1
		"$RB" build -q --only pdf,runbook-pdf --date 2026-02-01 2>/dev/null || exit 1
		cp -R out/pdf ../pdf1
		git_as 2026-01-05T10:00:00Z
		echo "One more line." >> content/runbooks/notes.md
		git commit -q -am "Notes: one more line" || exit 1
		# from scratch, another commit and date: the same bytes for the runbook that did not change
		rm -rf out
		"$RB" build -q --only pdf,runbook-pdf --date 2026-03-01 2>/dev/null || exit 1
		cmp -s ../pdf1/failover-web.pdf out/pdf/failover-web.pdf &&
		! cmp -s ../pdf1/notes.pdf out/pdf/notes.pdf || exit 1
		# its pages name the runbook's last change, not the build
		pdftotext out/pdf/failover-web.pdf - 2>/dev/null |
			grep -q "changed 2026-01-01 $(git log -1 --format=%h HEAD~1)" || exit 1
		grep -aq '/CreationDate (D:20260101000000Z' out/pdf/failover-web.pdf || exit 1
		# a rebuild takes the unchanged file over from the binder it replaces
		before=$(ls -i out/pdf/failover-web.pdf | cut -d' ' -f1)
		echo "Another line." >> content/runbooks/notes.md
		git commit -q -am "Notes: another line" || exit 1
		"$RB" build -q --only pdf,runbook-pdf 2>/dev/null || exit 1
		[ "$(ls -i out/pdf/failover-web.pdf | cut -d' ' -f1)" = "$before" ] &&
		cmp -s ../pdf1/failover-web.pdf out/pdf/failover-web.pdf &&
		pdftotext out/pdf/notes.pdf - 2>/dev/null | grep -q 'Another line' &&
		"$RB" verify out > /dev/null || exit 1
		# a file edited by hand since the last build: taken over (its mark
		# holds), so its sum is read back, not copied from the old SHA256SUMS
		sleep 0.05
		echo "% edited" >> out/pdf/failover-web.pdf
		"$RB" build -q --only pdf,runbook-pdf 2>/dev/null &&
		"$RB" verify out > /dev/null || exit 1
		# a file of the same bytes as before is linked, not written again
		"$RB" build -q 2>/dev/null || exit 1
		before=$(ls -i out/index.html | cut -d' ' -f1)
		"$RB" build -q 2>/dev/null &&
		[ "$(ls -i out/index.html | cut -d' ' -f1)" = "$before" ] &&
		"$RB" verify out > /dev/null
	)
}
if command -v git > /dev/null; then
	example "git: an unchanged runbook's PDF is the same bytes at another commit, and reused; unchanged files linked" stable_pdfs
	example "git: last change per runbook, build date today or --date, dirty files" git_provenance
	example "git: build --ref HEAD~1 builds that commit's sources, the work tree untouched" build_ref
	example "git: publish commits out/ to a branch once, without touching the work tree" publish
fi

finish
