#!/bin/sh
# Escape safety: file names, ids and titles made of path tricks, quotes, $(),
# backticks, newlines and HTML: nothing is written outside out/, every HTML
# sink escapes, every script still parses and passes shellcheck.

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

esc="$tmp/escape/binder"
mkdir -p "$esc/content/runbooks" "$tmp/escape/canary"
# shellcheck disable=SC2016 # $() and backticks go into the files as they are
printf 'title: "<b>Binder</b> $(touch ../../pwned) `id`"\n' > "$esc/runbinder.yaml"
# shellcheck disable=SC2016 # $() and backticks go into the files as they are
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
	expect_success "$name" "$@"
}
escape "the hostile binder builds" sh -c "cd '$esc' && '$RB' build -q --fail-on never"
escape "nothing written outside out/" sh -c "[ \"\$(cd '$tmp/escape' && find . -path ./binder/out -prune -o -print | sort)\" = '$before' ] && ! find / -xdev -name pwned -newer '$esc/runbinder.yaml' 2>/dev/null | grep -q ."
escape "every output file name is plain" sh -c "! (cd '$esc/out' && find . | grep -v '^[a-zA-Z0-9./_-]*\$')"
escape "no live markup from the sources in HTML" sh -c "! grep -rE '<script>alert|<img src=x|onerror=|href=\"javascript:|<b>Binder' '$esc/out' --include='*.html'"
escape "scripts parse and pass shellcheck" sh -c "for f in '$esc'/out/scripts/*/*.sh; do bash -n \"\$f\" || exit 1; done; shellcheck '$esc'/out/scripts/*/*.sh"

finish
