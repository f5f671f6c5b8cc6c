#!/bin/sh
# The example binder in content/: checks clean, builds byte-identically twice
# with no secret of content/infra in any byte; its PDFs pass qpdf --check,
# embed every font, hold the outline, working contents links and the exact
# commands.

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

example "checks clean" "$RB" check -C "$top" -q
# the date is an input: in 2030 the four drills of the calendar are overdue
example "check --date 2030-01-01 finds the drills overdue" sh -c \
	"'$RB' check -C '$top' --date 2030-01-01 2>&1 | grep -c '\[plan-drill-overdue\]\$' | grep -qx 4"
example "builds" "$RB" build -C "$top" --out "$tmp/ex1" -q
example "builds again" "$RB" build -C "$top" --out "$tmp/ex2" -q
example "byte-identical builds" diff -r "$tmp/ex1" "$tmp/ex2"
example "no secret of content/infra in the binder" sh -c "! grep -rq -e do-not-print -e example-db-password '$tmp/ex1'"
no_secret_in_pdf_streams() {
	for f in "$tmp/ex1/binder.pdf" "$tmp/ex1"/pdf/*.pdf; do
		qpdf --stream-data=uncompress "$f" - 2>/dev/null | grep -aq -e do-not-print -e example-db-password && return 1
		pdftotext "$f" - 2>/dev/null | grep -q -e do-not-print -e example-db-password && return 1
	done
	return 0
}
example "no secret in the PDFs' uncompressed streams or text" no_secret_in_pdf_streams
example "PDF passes qpdf --check" qpdf --check "$tmp/ex1/binder.pdf"
example "PDF fonts are all embedded" sh -c "pdffonts '$tmp/ex1/binder.pdf' 2>/dev/null | awk 'NR > 2 && \$(NF-4) != \"yes\" { bad = 1 } END { exit bad }'"
example "PDF outline: the plan, the 6 runbooks, the scripts, the findings" sh -c "test \$(qpdf --json --json-key=outlines '$tmp/ex1/binder.pdf' | grep -c '^      \"title\"') -eq 9"
example "PDF outline: every step of the failover" sh -c "qpdf --json --json-key=outlines '$tmp/ex1/binder.pdf' | grep -q '\"6. After the failover\"'"
contents_links() {
	pdf=$1
	links=$(qpdf --json --json-key=pages --json-key=qpdf "$pdf" | "$top/build/asan/tools/pdf_links" 2)
	n=$(printf '%s\n' "$links" | grep -c .)
	numbers=$(pdftotext -f 2 -l 2 -layout "$pdf" - 2>/dev/null | grep -oE '[0-9]+$' | head -n "$n")
	[ "$n" -ge 7 ] && [ "$links" = "$numbers" ]
}
example "PDF contents links land on the pages the contents name" contents_links "$tmp/ex1/binder.pdf"
example "a PDF per runbook" sh -c "test \$(ls '$tmp/ex1/pdf' | wc -l) -eq \$(ls '$tmp/ex1/runbooks' | wc -l)"
example "PDF commands are exact" sh -c "pdftotext -layout '$tmp/ex1/pdf/failover-core-api.pdf' - 2>/dev/null | grep -q 'aws rds promote-read-replica \\\\'"
example "writes the pages" sh -c "test -f '$tmp/ex1/index.html' && test -f '$tmp/ex1/plan.html' && test \$(ls '$tmp/ex1/runbooks' | wc -l) -ge 5 && test -f '$tmp/ex1/txt/binder.txt'"

finish
