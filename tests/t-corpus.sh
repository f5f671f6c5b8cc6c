#!/bin/sh
# The foreign corpus: the CommonMark and GFM spec examples (50 to a file) and
# real runbooks of other teams (tests/corpus/), as one binder each, in every
# format: no crash, valid PDF; for the runbook sets, only their true findings,
# no dead link, and every word of every page in every format
# (tests/tools/word_coverage.c).

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

foreign() {
	name="foreign corpus: $1"
	src="$2"
	# shellcheck disable=SC2012 # out/pdf/ holds only plain names
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
# The runbook sets of other teams (tests/corpus/runbooks/), each adopted as
# it is, front matter and all, as a binder of its own with the default
# config.
coverage_list="$tmp/coverage-list"
: > "$coverage_list"
for set in "$top"/tests/corpus/runbooks/*/; do
	set_name=$(basename "$set")
	dir="$tmp/sets/$set_name"
	mkdir -p "$dir"
	cp -R "$set" "$dir/src"
	# the runbook PDFs too, for the word coverage of each page in print
	printf 'title: %s\npaths:\n  runbooks: src\nformats: [html, txt, pdf, runbook-pdf, scripts]\n' \
		"$set_name" > "$dir/runbinder.yaml"
	# one build with the default config: it succeeds, its PDF is valid, and
	# its findings are the true ones listed in tests/corpus/findings/ (links
	# and images whose target is not in the copy of the repository)
	if (cd "$dir" && "$RB" build 2> findings.all >/dev/null) && [ -f "$dir/out/binder.pdf" ] &&
	   qpdf --check "$dir/out/binder.pdf" >/dev/null 2>&1; then
		ok "corpus $set_name: builds with the default config"
		# shellcheck disable=SC2012 # out/txt/ holds only plain names
		echo "ok   corpus $set_name: $(ls "$dir/out/txt" | wc -l) text pages, $(pdfinfo "$dir/out/binder.pdf" 2>/dev/null | awk '/^Pages/ { print $2 }') PDF pages"
	else
		ko "corpus $set_name: builds with the default config" "$(tail -5 "$dir/findings.all")"
	fi
	expected="$top/tests/corpus/findings/$set_name"
	grep -e ': error: ' -e ': warning: ' -e ': note: ' "$dir/findings.all" > "$dir/findings"
	if [ -n "$UPDATE_GOLDEN" ]; then
		cp "$dir/findings" "$expected"
	fi
	if diff -u "$expected" "$dir/findings" > "$dir/findings.diff" 2>&1; then
		ok "corpus $set_name: the findings are the expected ones"
	else
		ko "corpus $set_name: the findings are the expected ones" "$(head -30 "$dir/findings.diff")"
	fi
	# no dead link in the HTML but to a target the findings name
	dead=$(cd "$dir/out/runbooks" && grep -oh -e 'href="[^"]*"' -e 'src="[^"]*"' ./*.html |
		sed 's/^[a-z]*="\([^"#?]*\).*/\1/' | sort -u | while IFS= read -r u; do
			# a URL with a scheme, or another tool's template syntax left as written
			case $u in ''|*:*|*%7B%7B*) continue ;; esac
			[ -e "$u" ] || grep -qF "'$u" "$dir/findings" || echo "$u"
		done)
	if [ -z "$dead" ]; then
		ok "corpus $set_name: every link of the HTML leads somewhere or is a finding"
	else
		ko "corpus $set_name: every link of the HTML leads somewhere or is a finding" "$dead"
	fi
	if "$RB" verify "$dir/out" >/dev/null 2>&1; then
		ok "corpus $set_name: the binder verifies against its SHA256SUMS"
	else
		ko "corpus $set_name: the binder verifies against its SHA256SUMS" "$("$RB" verify "$dir/out" 2>&1 | tail -3)"
	fi
	for t in "$dir"/out/txt/*.txt; do
		id=$(basename "$t" .txt)
		[ -f "$dir/out/pdf/$id.pdf" ] || continue
		src=$(sed -n 's/^  Source    \([^ ]*\).*/\1/p' "$t" | head -n 1)
		pdftotext -enc UTF-8 "$dir/out/pdf/$id.pdf" "$dir/out/pdf/$id.pdftext" 2>/dev/null
		printf '%s\t%s\t%s\t%s\n' "$dir/$src" "$t" "$dir/out/runbooks/$id.html" \
			"$dir/out/pdf/$id.pdftext" >> "$coverage_list"
	done
done
# the PNG charts of a post-mortem are printed, not named
pm="$tmp/sets/rust-lang__infra-team/out/pdf/service-catalog-rust-ci-post-mortems-20260702-rust-outage-readme.pdf"
images=$(pdfimages -list "$pm" 2>/dev/null | awk '$3 == "image"' | wc -l)
if [ "$images" -eq 1 ]; then
	ok "corpus: a page's PNG is embedded in its PDF"
else
	ko "corpus: a page's PNG is embedded in its PDF" "$images images in $pm"
fi
# every word of every page's visible text in its text, HTML and PDF
"$top/build/asan/tools/word_coverage" < "$coverage_list" > "$tmp/coverage"
sort -n "$tmp/coverage" | head -n 12
min=$(awk '/^min/ { m = $2; if ($3 < m) m = $3; if ($4 < m) m = $4; print m }' "$tmp/coverage")
if awk -v m="$min" 'BEGIN { exit !(m >= 0.99) }'; then
	ok "corpus word coverage $(tail -n 1 "$tmp/coverage") (text html pdf) >= 0.99"
else
	ko "corpus word coverage >= 0.99" "$(tail -n 1 "$tmp/coverage")"
fi

finish
