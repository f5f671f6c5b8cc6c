#!/bin/sh
# The foreign corpus: the CommonMark and GFM spec examples (50 to a file) and
# real runbooks of other teams (tests/corpus/), as one binder each, in every
# format: no crash, valid PDF.

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

finish
