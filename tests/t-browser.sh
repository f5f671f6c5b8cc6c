#!/bin/sh
# The HTML binder in a real browser: tests/browser/NAME.script run by
# build/asan/tools/browser in headless Chromium against the example binder
# opened from file://; the transcript must equal NAME.expected. Screenshots
# go to build/screenshots/ to look at. A script named *-dark runs against
# the example built with the dark theme, *-corpus against one corpus set
# (tests/corpus/runbooks/, as t-corpus builds it). The accessibility
# scripts (a11y-*) need axe-core in build/npm, which make deps-test installs.

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

build_example "$tmp/ex1"
# the example in the dark theme
mkdir -p "$tmp/dark-src"
cp -R "$top/content" "$tmp/dark-src/"
sed 's/^theme: .*/theme: dark/' "$top/runbinder.yaml" > "$tmp/dark-src/runbinder.yaml"
if ! out=$("$RB" build -C "$tmp/dark-src" --out "$tmp/dark" --only html -q 2>&1); then
	ko "set-up: the example binder builds with the dark theme" "$out"
fi
# a corpus set, adopted as it is
corpus_set=kubernetes-monitoring__kubernetes-mixin
mkdir -p "$tmp/corpus-src"
cp -R "$top/tests/corpus/runbooks/$corpus_set" "$tmp/corpus-src/src"
printf 'title: %s\npaths:\n  runbooks: src\n' "$corpus_set" > "$tmp/corpus-src/runbinder.yaml"
if ! out=$("$RB" build -C "$tmp/corpus-src" --out "$tmp/corpus" --only html --fail-on never -q 2>&1); then
	ko "set-up: the corpus set $corpus_set builds" "$out"
fi
# the block conventions' binder: transcripts as teams paste them
if ! out=$("$RB" build -C "$top/tests/scripts/blocks" --out "$tmp/blocks" --only html --fail-on never -q 2>&1); then
	ko "set-up: the block conventions' binder builds" "$out"
fi
axe="$top/build/npm/node_modules/axe-core/axe.min.js"
shots="$top/build/screenshots"
mkdir -p "$shots"
for script in "$top"/tests/browser/*.script; do
	name="browser: $(basename "$script" .script)"
	expected="${script%.script}.expected"
	if [ ! -x /usr/bin/chromium ]; then
		ko "$name" "/usr/bin/chromium is missing: make deps-test installs it"
		continue
	fi
	case "$script" in
	*/a11y-*)
		if [ ! -f "$axe" ]; then
			ko "$name" "$axe is missing: make deps-test installs it"
			continue
		fi
	esac
	case "$script" in
	*-dark.script) binder="$tmp/dark" ;;
	*-corpus.script) binder="$tmp/corpus" ;;
	*-blocks.script) binder="$tmp/blocks" ;;
	*) binder="$tmp/ex1" ;;
	esac
	actual=$(nice "$top/build/asan/tools/browser" "$script" "$binder" "$shots" 2>&1)
	status=$?
	if [ -n "$UPDATE_GOLDEN" ]; then
		printf '%s\n' "$actual" > "$expected"
	fi
	if [ "$status" -eq 0 ] && [ "$actual" = "$(cat "$expected" 2>/dev/null)" ]; then
		ok "$name"
	else
		ko "$name (status $status)" "$(printf '%s\n' "$actual" | diff "$expected" - | head -30)"
	fi
done

finish
