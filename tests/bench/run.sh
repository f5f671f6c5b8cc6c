#!/bin/sh
# make bench: measures, never asserts. Prints a table and writes it to
# build/bench/results.txt and results.json (not out/: every build replaces
# out/ whole). Sizes: BENCH_RUNBOOKS (default "100 1000 10000"), BENCH_SEARCH_RUNBOOKS (10000) and
# BENCH_RESOURCES (default "1000 50000 1000000").
set -e
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
out=build/bench
mkdir -p "$out"
rb=./runbinder
sizes=${BENCH_RESOURCES:-1000 50000 1000000}
binders=${BENCH_RUNBOOKS:-100 1000 10000}
cc -O2 -o "$out/json_load" tests/bench/json_load.c -ljansson
cc -O2 -std=c11 -D_GNU_SOURCE -Igen -o "$out/json_scan" tests/bench/json_scan.c gen/json_scan.c \
	gen/buf.c gen/diag.c gen/util.c gen/fsutil.c
cc -O2 -std=c11 -D_GNU_SOURCE -o "$out/browser" tests/tools/browser.c -ljansson -lcrypto

# The inputs read into the page cache: this machine drops pages unused for
# half a minute (a state of 14 MB lost 1 MB of them in 35 s idle, with 21 GB
# free), so a run after a pause would read its inputs from the disk
# and nothing else waits to be written: a build ends with syncfs(), which
# would flush what the steps before it left (the bench repository's git
# objects, the last build's files) in its own time
prime() {
	find "$@" -type f -exec cat {} + > /dev/null 2>&1
	sync
}
fonts=/usr/share/fonts/truetype/dejavu

# median of three runs of a command, in seconds; peak RSS in KiB
measure() {
	for i in 1 2 3; do
		/usr/bin/time -f '%e %M' -o "$out/time.$i" "$@" > /dev/null 2>&1
	done
	sort -n "$out/time.1" "$out/time.2" "$out/time.3" | sed -n 2p
}

{
	printf '%-34s %10s %10s %10s %12s %10s\n' "binder build" "MB md" "seconds" "MB/s" "peak RSS MB" "pages/s"
	first=$(echo $binders | cut -d' ' -f1)
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
			echo "$secs" > "$out/$what-$n.secs"
			[ "$what" = html ] && echo "$secs" > "$out/html-$n"
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
			printf '%-34s %10s %10s %10s %12s   runbinder html / floor: %.1fx\n' "cmark-gfm to HTML, $n (floor)" "$mb" "$1" \
				"" "" "$(awk -v h="$(cat "$out/html-$n")" -v c="$1" 'BEGIN { print (c > 0 ? h / c : 0) }')"
		else
			printf '%-34s\n' "bare cmark-gfm: not installed (apt-get install cmark-gfm), skipped"
		fi
		html_secs=$(awk -v f="$out/html-$n" 'BEGIN { getline l < f; print l }')
		if command -v hugo > /dev/null; then
			# the same runbooks as a Hugo site with the barest layouts
			site="$out/hugo-$n"
			rm -rf "$site" && mkdir -p "$site/content" "$site/layouts/_default"
			cp -R "$b/content/runbooks" "$site/content/runbooks"
			printf 'baseURL = "/"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n' > "$site/hugo.toml"
			printf '<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body>{{ .Content }}</body></html>\n' \
				> "$site/layouts/_default/single.html"
			printf '<!DOCTYPE html><html><body>{{ range .Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</body></html>\n' \
				> "$site/layouts/_default/list.html"
			# as runbinder's cold builds below: each run into a new folder,
			# half a minute after the last removal of many files, the
			# inputs in the page cache
			sleep 31
			for i in 1 2 3; do
				prime "$site/content" "$site/layouts" "$(command -v hugo)"
				/usr/bin/time -f '%e %M' -o "$out/time.$i" hugo --quiet -s "$site" \
					-d "$site/public-$i" > /dev/null 2>&1
			done
			set -- $(sort -n "$out/time.1" "$out/time.2" "$out/time.3" | sed -n 2p)
			echo "$1" > "$out/hugo-$n.secs"
			printf '%-34s %10s %10s %10s %12s   html: runbinder %.2fx faster; all formats + checks: %.2fx\n' \
				"Hugo to HTML, $n" "$mb" "$1" "" "$(awk -v k="$2" 'BEGIN { printf "%.0f", k / 1024 }')" \
				"$(awk -v h="$1" -v r="$html_secs" 'BEGIN { print (r > 0 ? h / r : 0) }')" \
				"$(awk -v h="$1" -v r="$(awk -v f="$out/all-$n.secs" 'BEGIN { getline l < f; print l }')" 'BEGIN { print (r > 0 ? h / r : 0) }')"
		else
			printf '%-34s\n' "hugo: not installed (apt-get install hugo), skipped"
		fi
		if [ "$n" = "$first" ] && command -v pandoc > /dev/null && command -v weasyprint > /dev/null; then
			# the whole binder as one document: Pandoc to HTML, WeasyPrint to PDF (one run: slow)
			for f in "$b"/content/runbooks/*.md; do awk 'NR == 1 && /^---$/ { fm = 1; next } fm && /^---$/ { fm = 0; next } !fm' "$f"; done \
				> "$out/pandoc-$n.md"
			/usr/bin/time -f '%e %M' -o "$out/time.p" pandoc -f gfm -s --metadata title=Binder \
				"$out/pandoc-$n.md" -o "$out/pandoc-$n.html" > /dev/null 2>&1
			/usr/bin/time -f '%e %M' -o "$out/time.w" weasyprint -q "$out/pandoc-$n.html" "$out/pandoc-$n.pdf" > /dev/null 2>&1
			ps=$(awk '{ s += $1 } END { print s }' "$out/time.p" "$out/time.w")
			printf '%-34s %10s %10s %10s %12s %10s   pdf: runbinder %.1fx faster\n' \
				"Pandoc + WeasyPrint to PDF, $n" "$mb" "$ps" "" \
				"$(awk '{ if ($2 > m) m = $2 } END { printf "%.0f", m / 1024 }' "$out/time.p" "$out/time.w")" \
				"$(pdfinfo "$out/pandoc-$n.pdf" 2>/dev/null | awk '/^Pages/ { printf "%.0f", $2 / '"$ps"' }')" \
				"$(awk -v p="$ps" -v r="$(awk -v f="$out/pdf-$n.secs" 'BEGIN { getline l < f; print l }')" 'BEGIN { print (r > 0 ? p / r : 0) }')"
		elif [ "$n" = "$first" ]; then
			printf '%-34s\n' "pandoc/weasyprint: not installed (apt-get install pandoc weasyprint), skipped"
		fi
	done
	# where the time goes, at the largest size
	last=$(echo $binders | awk '{ print $NF }')
	if [ -n "$last" ]; then
		echo
		echo "phases of 'runbinder build --timings', $last runbooks:"
		"$top/runbinder" build -C "$out/binder-$last" -q --timings 2>&1 | sed -n 's/^  /  /p'
	fi
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
		# the floor: the same file read and checked in place, nothing built
		set -- $(measure "$out/json_scan" "$state")
		printf '%-34s %10s %10s %10s %12s %10s\n' "in-place scan (floor), $n" "$mb" "$1" \
			"$(awk -v m="$mb" -v s="$1" 'BEGIN { printf "%.0f", (s > 0 ? m / s : 0) }')" \
			"$(awk -v k="$2" 'BEGIN { printf "%.0f", k / 1024 }')" \
			"$(awk -v k="$2" -v m="$mb" 'BEGIN { printf "%.2f", k / 1024 / m }')"
	done
	# the full binder against a large state: what CI runs on every infra change.
	# Cold: no previous binder. Warm: one runbook changed and committed, the
	# last binder in out/ (what a CI job that restores it does). The binder is
	# a git repository of its own here, so runbook pages name their last change.
	if [ -d "$out/binder-1000" ]; then
		state="$out/state-50000.tfstate"
		[ -f "$state" ] || sh tests/bench/gen_state.sh 50000 > "$state"
		echo
		w="$out/warm-1000"
		rm -rf "$w" && mkdir -p "$w" && cp -R "$out/binder-1000/content" "$out/binder-1000/runbinder.yaml" "$w/"
		(cd "$w" && git init -q . && git add -A && git -c user.name=bench -c user.email=bench@example.com \
			commit -q -m "bench binder") > /dev/null
		# Each cold build, and each of Hugo's three runs beside them, into a
		# new directory, none removed until all six are done, six minutes
		# after the last removal of many files: ext4 without a journal
		# (this machine's) passes over each inode freed in the last 60 s,
		# 360 s while its inode table block is unwritten, one by one, to
		# make a file (fs/ext4/ialloc.c, recently_deleted), which a fresh
		# CI machine does not do. Measured: the cold build's "scripts
		# written" phase 1.2-1.5 s 35 s and 65 s after removing a binder,
		# 0.28 s 370 s after.
		rm -rf "$w/out" && sync && sleep 361
		hugo=0
		if command -v hugo > /dev/null && [ -d "$out/hugo-1000/content" ]; then
			for i in 1 2 3; do
				prime "$out/hugo-1000/content" "$out/hugo-1000/layouts" "$(command -v hugo)"
				/usr/bin/time -f '%e %M' -o "$out/time.$i" hugo --quiet -s "$out/hugo-1000" \
					-d "$out/hugo-1000/cold-$i" > /dev/null 2>&1
			done
			hugo=$(sort -n "$out/time.1" "$out/time.2" "$out/time.3" | sed -n 2p | cut -d' ' -f1)
		fi
		for i in 1 2 3; do
			prime "$w/content" "$w/runbinder.yaml" "$state" "$top/runbinder" "$fonts"
			/usr/bin/time -f '%e %M' -o "$out/time.$i" "$top/runbinder" build -C "$w" -q --state "$state" \
				--out "$w/cold-$i" --timings > /dev/null 2> "$out/cold-timings.$i"
		done
		mv "$w/cold-3" "$w/out" && rm -rf "$w/cold-1" "$w/cold-2" "$out"/hugo-1000/cold-*
		set -- $(sort -n "$out/time.1" "$out/time.2" "$out/time.3" | sed -n 2p)
		cold=$1
		printf '%-34s %10s %10s %10s %12s   %s\n' "1000 runbooks + 50000 res., cold" "4.2" "$cold" "" \
			"$(awk -v k="$2" 'BEGIN { printf "%.0f", k / 1024 }')" \
			"$(awk -v r="$cold" -v h="$hugo" 'BEGIN { if (h > 0) printf "Hugo HTML alone %.2f s: runbinder all formats %.2fx its time", h, r / h }')"
		pages=$(pdfinfo "$w/out/binder.pdf" 2>/dev/null | awk '/^Pages/ { print $2 }')
		printf '%-34s %10s   %s\n' "out/, 1000 runbooks" \
			"$(du -sk "$w/out" | awk '{ printf "%.1f MB", $1 / 1024 }')" \
			"$(du -sk --apparent-size "$w/out" | awk '{ printf "%.1f MB", $1 / 1024 }') in bytes; binder.pdf $(du -k "$w/out/binder.pdf" | awk '{ printf "%.1f MB", $1 / 1024 }'), $pages pages; HTML $(du -sk "$w/out/runbooks" | awk '{ printf "%.1f MB", $1 / 1024 }'), scripts $(du -sk "$w/out/scripts" | awk '{ printf "%.1f MB", $1 / 1024 }'), text $(du -sk "$w/out/txt" | awk '{ printf "%.1f MB", $1 / 1024 }')"
		# the runbook PDFs, asked for (formats: runbook-pdf): what they cost and weigh
		rm -rf "$w/rbpdf" && sleep 31
		/usr/bin/time -f '%e %M' -o "$out/time.r" "$top/runbinder" build -C "$w" -q --state "$state" \
			--only pdf,runbook-pdf --out "$w/rbpdf" > /dev/null 2>&1
		rm -rf "$w/bpdf" && /usr/bin/time -f '%e %M' -o "$out/time.b" "$top/runbinder" build -C "$w" -q \
			--state "$state" --only pdf --out "$w/bpdf" > /dev/null 2>&1
		rbpdf=$(ls "$w/rbpdf/pdf" | wc -l)
		printf '%-34s %10s %10s   %s\n' "runbook PDFs (runbook-pdf), 1000" \
			"$(du -sk "$w/rbpdf/pdf" | awk '{ printf "%.1f MB", $1 / 1024 }')" \
			"$(awk -v a="$(cut -d' ' -f1 "$out/time.r")" -v b="$(cut -d' ' -f1 "$out/time.b")" 'BEGIN { printf "+%.2f s", a - b }')" \
			"$(awk -v n="$rbpdf" -v b="$(cat "$w"/rbpdf/pdf/*.pdf | wc -c)" 'BEGIN { printf "%.1f KB", b / n / 1024 }') per runbook PDF ($(pdfinfo "$w/rbpdf/pdf/rb-00000.pdf" | awk '/^Pages/ { print $2 }') pages), goal 60 KB; the seconds they add to --only pdf"
		rm -rf "$w/rbpdf" "$w/bpdf"
		(cd "$w" && "$top/runbinder" publish --branch binder > /dev/null 2>&1 && git gc -q --prune=now)
		pack0=$(cd "$w" && git count-objects -v | awk '/^size-pack/ { print $2 }')
		for i in 1 2 3; do
			f="$w/content/runbooks/rb-0050$i.md"
			echo "One more line for run $i." >> "$f"
			(cd "$w" && git -c user.name=bench -c user.email=bench@example.com commit -q -am "run $i") > /dev/null
			prime "$w/content" "$w/runbinder.yaml" "$w/out" "$state" "$top/runbinder" "$fonts"
			/usr/bin/time -f '%e %M' -o "$out/time.$i" "$top/runbinder" build -C "$w" -q --state "$state" \
				--timings > /dev/null 2> "$out/warm-timings.$i"
			if [ "$i" = 1 ]; then
				# what publishing this rebuild adds to the repository
				(cd "$w" && "$top/runbinder" publish --branch binder > /dev/null 2>&1 && git gc -q --prune=now)
				pack1=$(cd "$w" && git count-objects -v | awk '/^size-pack/ { print $2 }')
			fi
		done
		set -- $(sort -n "$out/time.1" "$out/time.2" "$out/time.3" | sed -n 2p)
		printf '%-34s %10s %10s %10s %12s   %s\n' "the same, one runbook changed" "4.2" "$1" "" \
			"$(awk -v k="$2" 'BEGIN { printf "%.0f", k / 1024 }')" \
			"warm: the last binder in out/; goal under 1 s; cold / warm $(awk -v c="$cold" -v r="$1" 'BEGIN { printf "%.1f", (r > 0 ? c / r : 0) }')x"
		# binder.pdf alone, made by this process: the "pdf start" phase, median of three
		for i in 1 2 3; do
			prime "$w/content" "$w/runbinder.yaml" "$state" "$top/runbinder" "$fonts"
			RUNBINDER_JOBS=1 "$top/runbinder" build -C "$w" -q --state "$state" --only pdf --out "$w/bpdf" \
				--timings 2>&1 > /dev/null | awk '/^  pdf start / { print $3 }' > "$out/bpdf.$i"
			rm -rf "$w/bpdf"
		done
		pdfs=$(sort -n "$out/bpdf.1" "$out/bpdf.2" "$out/bpdf.3" | sed -n 2p)
		printf '%-34s %10s %10s   %s\n' "binder.pdf, one process" "$pages pp" "$pdfs" \
			"$(awk -v p="$pages" -v s="$pdfs" 'BEGIN { printf "%.0f pages/s (goal 4,000)", (s > 0 ? p / s : 0) }')"
		printf '%-34s %10s   %s\n' "publish after a one-runbook change" \
			"$(awk -v a="$pack0" -v b="$pack1" 'BEGIN { printf "+%.2f MB", (b - a) / 1024 }')" \
			"packed size of the repository with its binder branch (git count-objects -v), goal 1 MB"
		set -- $(measure "$top/runbinder" check -C "$out/binder-1000" -q --state "$state")
		printf '%-34s %10s %10s\n' "check, 1000 runbooks + 50000 res." "4.2" "$1"
	fi
} | tee "$out/results.txt"
# the same table as JSON: one object per row, the label and its figures
awk -v m="$(uname -m), $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)" \
	'BEGIN { print "{\"machine\": \"" m "\", \"rows\": ["; n = 0 }
	length($0) > 34 && substr($0, 35, 1) == " " && $0 !~ /^ / {
		label = substr($0, 1, 34); sub(/ +$/, "", label); gsub(/"/, "\\\"", label)
		rest = substr($0, 35); gsub(/"/, "\\\"", rest); gsub(/^ +| +$/, "", rest); gsub(/  +/, "\t", rest)
		k = split(rest, v, "\t")
		printf "%s  {\"label\": \"%s\", \"figures\": [", (n++ ? ",\n" : ""), label
		for (i = 1; i <= k; i++) printf "%s\"%s\"", (i > 1 ? ", " : ""), v[i]
		printf "]}"
	}
	END { print "\n]}" }' "$out/results.txt" > "$out/results.json"
echo "written: $out/results.txt, $out/results.json"
