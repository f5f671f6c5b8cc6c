#!/bin/sh
# Checks the `aws` commands of the AWS CLI's own example pages (the .rst
# files of aws-cli's awscli/examples/, given as DIR) against the table:
# each page becomes a runbook whose bash block holds its commands, and
# `runbinder check` must know every service, command, option, waiter and
# region. Prints the count of commands and the findings; exit 1 when a
# command is unknown. (A page whose continuation is broken, `\` followed
# by spaces or missing, leaves options out: cmd-missing-option, listed.)
#
#   sh tests/awscli/examples.sh DIR [RUNBINDER]
dir=${1:?usage: examples.sh DIR [RUNBINDER]}
rb=${2:-$(cd "$(dirname "$0")/../.." && pwd)/runbinder}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/runbinder-examples.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/content/runbooks"
printf 'title: AWS CLI examples\n' > "$tmp/runbinder.yaml"
find "$dir" -name '*.rst' | LC_ALL=C sort | while IFS= read -r f; do
	out="$tmp/content/runbooks/$(printf '%s' "${f#"$dir"/}" | tr '/.' '--').md"
	awk '
		{ sub(/\r$/, "") }
		/^ +aws / || cont { if (!n++) print "# Example\n\n```bash"; sub(/^ +/, ""); print; cont = /\\$/ }
		END { if (n) print "```" }' "$f" > "$out"
	[ -s "$out" ] || rm -f "$out"
done
commands=$(cat "$tmp"/content/runbooks/*.md | grep -c '^aws ')
(cd "$tmp" && "$rb" check --fail-on never -q) > "$tmp/findings" 2>&1
unknown=$(grep -c '\[cmd-unknown-[a-z]*\]$' "$tmp/findings")
missing=$(grep -c '\[cmd-missing-option\]$' "$tmp/findings")
sed "s|^content/runbooks/||" "$tmp/findings" | grep '\[cmd-'
echo "$commands aws commands in $(ls "$tmp/content/runbooks" | wc -l) example pages: $unknown unknown, $missing missing a required option"
[ "$unknown" -eq 0 ]
