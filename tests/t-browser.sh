#!/bin/sh
# The HTML binder in a real browser: tests/browser/NAME.script run by
# build/asan/tools/browser in headless Chromium against the example binder
# opened from file://; the transcript must equal NAME.expected. Screenshots
# go to build/screenshots/ to look at.

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

build_example "$tmp/ex1"
shots="$top/build/screenshots"
mkdir -p "$shots"
for script in "$top"/tests/browser/*.script; do
	name="browser: $(basename "$script" .script)"
	expected="${script%.script}.expected"
	if [ ! -x /usr/bin/chromium ]; then
		ko "$name" "/usr/bin/chromium is missing: make deps-test installs it"
		continue
	fi
	actual=$("$top/build/asan/tools/browser" "$script" "$tmp/ex1" "$shots" 2>&1)
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
