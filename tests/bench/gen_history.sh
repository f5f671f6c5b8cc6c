#!/bin/sh
# Makes DIR a git repository whose history has COMMITS commits touching the
# binder in DIR (made by gen_binder.sh), through git fast-import. The runbooks
# change in the first commit only: the last-change walk must go through the
# whole history to date them, its worst case.

dir=$1
commits=${2:-10000}
cd "$dir" || exit 1
rm -rf .git
git init -q . || exit 1
files=$(find . -path ./.git -prune -o -type f -print | sed 's|^\./||' | sort)
nfiles=$(printf '%s\n' "$files" | grep -c '^content/runbooks/')
{
	t=1767225600
	echo "commit refs/heads/main"
	echo "committer Bench <bench@example.com> $t +0000"
	echo "data 12"
	echo "First binder"
	for f in $files; do
		echo "M 100644 inline $f"
		echo "data $(wc -c < "$f")"
		cat "$f"
		echo
	done
	awk -v commits="$commits" -v n="$nfiles" -v t="$t" 'BEGIN {
		for (c = 1; c < commits; c++) {
			f = sprintf("content/runbooks/rb-%05d.md", c % n)
			body = sprintf("<!-- revision %d -->\n", c)
			msg = sprintf("Revise %s", f)
			printf "commit refs/heads/main\ncommitter Bench <bench@example.com> %d +0000\n", t + c * 60
			printf "data %d\n%s\n", length(msg), msg
			printf "M 100644 inline %s.rev\ndata %d\n%s\n", f, length(body), body
		}
	}'
} | git fast-import --quiet || exit 1
git reset -q --hard main
