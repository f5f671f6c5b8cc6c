#!/bin/sh
# Adopting another tool's Markdown as it is (tests/adopt/): Hugo, Jekyll and
# workshop pages taken from the corpus with their front matter and template
# syntax, and pages written for this test. Their keys are read or noted
# once per name, their {{< >}}, {% %}, ${{ }} and <% %> stay text, their
# titles, headings, order and ids are checked in every format.

# shellcheck disable=SC2016 # the ${{ }} below are the text looked for
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

src="$tmp/adopt"
cp -R "$top/tests/adopt/src" "$src"

# check: exit 0, one note per ignored key name, a warning at a repeated key
"$RB" check -C "$src" > "$tmp/check.out" 2> "$tmp/check.err"
status=$?
if [ -n "$UPDATE_GOLDEN" ]; then
	cp "$tmp/check.err" "$top/tests/adopt/expected.stderr"
fi
if [ "$status" -eq 0 ] && d=$(diff "$top/tests/adopt/expected.stderr" "$tmp/check.err"); then
	ok "adopt: check gives the expected notes and warning"
else
	ko "adopt: check (exit $status)" "$d"
fi

out="$tmp/out"
if ! err=$("$RB" build -C "$src" --out "$out" -q 2>&1); then
	ko "adopt: build" "$err"
	finish
	exit 1
fi
ok "adopt: builds"
pdftotext -layout "$out/binder.pdf" "$tmp/binder.pdftext" 2>/dev/null

# has FILE TEXT NAME: FILE holds TEXT, as a fixed string
has() {
	if grep -qF -- "$2" "$1"; then
		ok "adopt: $3"
	else
		ko "adopt: $3" "'$2' not in $(basename "$1")"
	fi
}

# the title: front matter, else the first heading of any level, else the file's name
title_is() {
	got=$(sed -n 3p "$out/txt/$1.txt")
	if [ "$got" = "$2" ]; then
		ok "adopt: title of $1"
	else
		ko "adopt: title of $1" "got '$got', want '$2'"
	fi
}
title_is own-repeated "Rotate the deploy key"
title_is own-starts-with-a-step "Overview"
title_is own-restore-db-replica "Restore db replica"
title_is workshop-index-en "SSM Additional resources"
title_is node-nodeclocknotsynchronising "Node Clock Not Synchronising"
# Hugo's TOML front matter (+++), a table and a multi-line string in it
title_is own-toml "Rotate 'the' TLS certificate"
title_is workshop-siteurl "Site URL"
if ! grep -q '^+++' "$out/txt/own-toml.txt" "$out/txt/workshop-siteurl.txt"; then
	ok "adopt: TOML front matter is not shown as text"
else
	ko "adopt: TOML front matter is not shown as text"
fi
has "$out/txt/workshop-siteurl.txt" 'the baseURL is {{% siteurl %}}' "a Hugo page's {{% %}} stays text"

# what another tool's front matter says of the page
has "$out/runbooks/own-repeated.html" '<p class="description">Rotating the deploy key of the CI system.</p>' "a description shows under the title"

# every heading in every format: a second "#" heading before the first step
# (in HTML under the page's title, the one h1: headings never skip a level)
has "$out/runbooks/own-failover-web.html" '<h2 id="before-you-start">Before you start' "a second level-1 heading in HTML"
has "$out/txt/own-failover-web.txt" "Before you start" "a second level-1 heading in text"
has "$tmp/binder.pdftext" "Before you start" "a second level-1 heading in PDF"
# a leading "# Title" that differs from the front matter's title is kept
has "$out/runbooks/node-nodeclocknotsynchronising.html" '>NodeClockNotSynchronising' "a heading unlike the title in HTML"
has "$out/txt/node-nodeclocknotsynchronising.txt" "NodeClockNotSynchronising" "a heading unlike the title in text"
n=$(grep -c '<h1' "$out/runbooks/own-failover-web.html")
if [ "$n" -eq 1 ] && ! grep -q '<h[2-6][^>]*>Fail over the web tier' "$out/runbooks/own-failover-web.html"; then
	ok "adopt: a leading '# Title' equal to the title is shown once"
else
	ko "adopt: a leading '# Title' equal to the title is shown once" "$n <h1> elements"
fi

# other tools' template syntax is text in every page; runbinder's own resolves
has "$out/txt/own-repeated.txt" '{% include note.html content="Jekyll'"'"'s include stays text." %}' "Liquid {% %} stays text"
has "$out/txt/own-repeated.txt" '${{ secrets.DEPLOY_KEY }}' "\${{ }} stays text"
has "$out/txt/own-repeated.txt" '<%= @host %>' "ERB <% %> stays text"
has "$out/txt/own-repeated.txt" '{{ site.baseurl }}, the page {{ page.url }}' "Liquid {{ site.* }} and {{ page.* }} stay text"
has "$out/txt/migrate-index.txt" '{{site.url}}{{site.baseurl}}/migration-assistant/' "a Jekyll page's Liquid link stays text"
has "$out/txt/own-failover-web.txt" '{{% notice warning %}}Tell the incident channel first.{{% /notice %}}' "{{% %}} stays text in a runbinder runbook"
has "$out/txt/own-failover-web.txt" '{{< hint info >}}' "{{< >}} stays text in a runbinder runbook"
has "$out/txt/own-failover-web.txt" 'echo "ref ${{ github.ref }}"' "\${{ }} stays text in a runbinder runbook's code"
has "$out/txt/own-failover-web.txt" "Post in Adopted pages's channel." "a runbinder placeholder resolves beside them"
has "$out/scripts/own-failover-web/01-announce.sh" 'echo "ref ${{ github.ref }}"' "\${{ }} reaches the step script as written"

# weight orders a folder's pages: node/_index.md (10) before NodeClock... (20)
order=$(sed -n 's/^  \(node-[a-z]*\): .*/\1/p' "$out/txt/binder.txt" | tr '\n' ' ')
if [ "$order" = "node-index node-nodeclocknotsynchronising " ]; then
	ok "adopt: weight orders the pages of a folder"
else
	ko "adopt: weight orders the pages of a folder" "order: $order"
fi

# an id from a long path keeps its start and end, with a digest between
id=platform-team-disaster-recovery-procedures-9cd7bd22-to-primary-and-repoint-the-application
if [ -f "$out/runbooks/$id.html" ] && [ "${#id}" -le 100 ]; then
	ok "adopt: a long path gives a readable id of at most 100 characters"
else
	ko "adopt: a long path gives a readable id" "$(ls "$out/runbooks")"
fi

# unknown_front_matter: ignore silences the notes; rules: re-grades them
printf 'title: Adopted pages\nunknown_front_matter: ignore\n' > "$src/runbinder.yaml"
"$RB" check -C "$src" > /dev/null 2> "$tmp/check.err"
if ! grep -q 'front-matter' "$tmp/check.err"; then
	ok "adopt: unknown_front_matter: ignore notes nothing"
else
	ko "adopt: unknown_front_matter: ignore notes nothing" "$(cat "$tmp/check.err")"
fi
printf 'title: Adopted pages\nrules:\n  front-matter-ignored: off\n  front-matter-repeated-key: error\n' > "$src/runbinder.yaml"
"$RB" check -C "$src" > /dev/null 2> "$tmp/check.err"
status=$?
want="content/runbooks/own/repeated.md:4:1: error: key 'title' is given again: the last value is used [front-matter-repeated-key]"
if [ "$status" -eq 1 ] && [ "$(grep -c 'front-matter-ignored' "$tmp/check.err")" -eq 0 ] &&
   grep -qxF "$want" "$tmp/check.err"; then
	ok "adopt: rules: re-grades the front matter findings"
else
	ko "adopt: rules: re-grades the front matter findings (exit $status)" "$(cat "$tmp/check.err")"
fi

finish
