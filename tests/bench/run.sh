#!/bin/sh
# make bench: measures, never asserts. Prints a table and writes it to
# build/bench/results.txt. Sizes: BENCH_RUNBOOKS (default "100 1000") and
# BENCH_RESOURCES (default "50000 1000000").
set -e
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
out=build/bench
mkdir -p "$out"
rb=./runbinder
sizes=${BENCH_RESOURCES:-50000 1000000}
binders=${BENCH_RUNBOOKS:-100 1000}
cc -O2 -o "$out/json_load" tests/bench/json_load.c -ljansson
cc -O2 -std=c11 -D_GNU_SOURCE -o "$out/browser" tests/tools/browser.c -ljansson -lcrypto

# median of three runs of a command, in seconds; peak RSS in KiB
measure() {
	for i in 1 2 3; do
		/usr/bin/time -f '%e %M' -o "$out/time.$i" "$@" > /dev/null 2>&1
	done
	sort -n "$out/time.1" "$out/time.2" "$out/time.3" | sed -n 2p
}

{
	printf '%-34s %10s %10s %10s %12s %10s\n' "binder build" "MB md" "seconds" "MB/s" "peak RSS MB" "pages/s"
	for n in $binders; do
		b="$out/binder-$n"
		[ -d "$b" ] || sh tests/bench/gen_binder.sh "$n" "$b" > /dev/null
		mb=$(cat "$b"/content/runbooks/*.md | wc -c | awk '{ printf "%.1f", $1 / 1048576 }')
		for what in all html txt pdf check; do
			if [ "$what" = check ]; then
				set -- $(measure "$top/runbinder" check -C "$b" -q)
			elif [ "$what" = all ]; then
				set -- $(measure "$top/runbinder" build -C "$b" -q)
			else
				set -- $(measure "$top/runbinder" build -C "$b" -q --only "$what")
			fi
			secs=$1
			rss=$(awk -v k="$2" 'BEGIN { printf "%.0f", k / 1024 }')
			pps=""
			if [ "$what" = pdf ] || [ "$what" = all ]; then
				pages=$(pdfinfo "$b/out/binder.pdf" 2>/dev/null | awk '/^Pages/ { print $2 }')
				pps=$(awk -v p="$pages" -v s="$secs" 'BEGIN { printf "%.0f", (s > 0 ? p / s : 0) }')
			fi
			printf '%-34s %10s %10s %10s %12s %10s\n' "$n runbooks, $what" "$mb" "$secs" \
				"$(awk -v m="$mb" -v s="$secs" 'BEGIN { printf "%.1f", (s > 0 ? m / s : 0) }')" "$rss" "$pps"
		done
		if command -v cmark-gfm > /dev/null; then
			cat "$b"/content/runbooks/*.md > "$out/all-$n.md"
			set -- $(measure cmark-gfm -e table -e tasklist -e strikethrough -e autolink "$out/all-$n.md")
			printf '%-34s %10s %10s\n' "bare cmark-gfm to HTML, $n (floor)" "$mb" "$1"
		else
			printf '%-34s\n' "bare cmark-gfm: not installed (apt-get install cmark-gfm), skipped"
		fi
		for peer in hugo pandoc weasyprint; do
			command -v "$peer" > /dev/null || printf '%-34s\n' "$peer: not installed, skipped"
		done
	done
	echo
	# search in the HTML binder at 10,000 runbooks, in headless Chromium
	printf '%-34s %10s %10s %12s %14s\n' "search (HTML, file://)" "index MB" "load ms" "first ms" "keystroke ms"
	n=${BENCH_SEARCH_RUNBOOKS:-10000}
	b="$out/binder-$n"
	[ -d "$b" ] || sh tests/bench/gen_binder.sh "$n" "$b" > /dev/null
	if [ -x /usr/bin/chromium ] && "$top/runbinder" build -C "$b" -q --only html; then
		t=$("$out/browser" tests/bench/search.script "$b/out" | sed -n 's/.* => //p' | tr -d '[]' | tr '\n' ',')
		printf '%-34s %10s %10s %12s %14s\n' "$n runbooks" \
			"$(awk -v b="$(wc -c < "$b/out/search.js")" 'BEGIN { printf "%.1f", b / 1048576 }')" \
			"$(echo "$t" | cut -d, -f1)" \
			"$(echo "$t" | awk -F, '{ printf "%.0f", $1 + $2 }')" "$(echo "$t" | awk -F, '{ printf "%.0f", $4 }')"
	else
		printf '%-34s\n' "chromium: not installed (make deps-test), skipped"
	fi
	echo
	# the last-change walk: 1,000 runbooks, 10,000 commits, all dated by the first
	h="$out/history-1000"
	if [ ! -d "$h/.git" ]; then
		rm -rf "$h"
		sh tests/bench/gen_binder.sh 1000 "$h" > /dev/null
		sh tests/bench/gen_history.sh "$h" 10000 > /dev/null
	fi
	set -- $(measure "$top/runbinder" build -C "$h" -q --only txt)
	with_git=$1
	mv "$h/.git" "$h/.git-aside"
	set -- $(measure "$top/runbinder" build -C "$h" -q --only txt)
	mv "$h/.git-aside" "$h/.git"
	printf '%-34s %10s\n' "last-change walk, 1000 x 10000" \
		"$(awk -v a="$with_git" -v b="$1" 'BEGIN { printf "%.2f s", a - b }')"
	echo
	printf '%-34s %10s %10s %10s %12s %10s\n' "inventory load" "MB" "seconds" "MB/s" "peak RSS MB" "RSS/file"
	for n in $sizes; do
		state="$out/state-$n.tfstate"
		[ -f "$state" ] || sh tests/bench/gen_state.sh "$n" > "$state"
		mb=$(awk -v b="$(wc -c < "$state")" 'BEGIN { printf "%.1f", b / 1048576 }')
		set -- $(measure "$out/json_load" "$state")
		floor=$1
		floor_rss=$(awk -v k="$2" 'BEGIN { printf "%.0f", k / 1024 }')
		set -- $(measure "$rb" inventory --state "$state" list)
		secs=$1
		rss=$(awk -v k="$2" 'BEGIN { printf "%.0f", k / 1024 }')
		printf '%-34s %10s %10s %10s %12s %10s\n' "runbinder, $n resources" "$mb" "$secs" \
			"$(awk -v m="$mb" -v s="$secs" 'BEGIN { printf "%.0f", (s > 0 ? m / s : 0) }')" "$rss" \
			"$(awk -v r="$rss" -v m="$mb" 'BEGIN { printf "%.2f", r / m }')"
		printf '%-34s %10s %10s %10s %12s %10s\n' "bare json_load_file, $n" "$mb" "$floor" \
			"$(awk -v m="$mb" -v s="$floor" 'BEGIN { printf "%.0f", (s > 0 ? m / s : 0) }')" "$floor_rss" \
			"$(awk -v r="$floor_rss" -v m="$mb" 'BEGIN { printf "%.2f", r / m }')"
		printf '%-34s %10s\n' "ratio runbinder / bare jansson" \
			"$(awk -v a="$secs" -v b="$floor" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')"
	done
} | tee "$out/results.txt"
