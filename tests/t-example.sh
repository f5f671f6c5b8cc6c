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
# its text is all in the code pages (a code line cut at the margin has a
# drawn mark, not a character): the fonts are the reduced ones, no CID font,
# and poppler reads every PDF without a warning
pdfs_quiet() {
	for f in "$tmp/ex1/binder.pdf" "$tmp/ex1"/pdf/*.pdf; do
		qpdf --check "$f" > /dev/null 2>&1 || { echo "qpdf: $f"; return 1; }
		err=$(pdftotext "$f" - 2>&1 > /dev/null; pdftoppm -r 10 "$f" 2>&1 > /dev/null)
		[ -z "$err" ] || { echo "$f: $err"; return 1; }
		fonts=$(pdffonts "$f" 2>/dev/null | awk 'NR > 2 { sub(/^[A-Z]+\+/, "", $1); print $1, $2, $(NF - 4) }' | sort -u)
		[ -n "$fonts" ] || { echo "$f: no fonts"; return 1; }
		printf '%s\n' "$fonts" | grep -vE '^[^ ]+-CP,[^ ]+ TrueType yes$' && { echo "in $f"; return 1; }
	done
	return 0
}
example "every PDF: qpdf --check, reduced fonts embedded, no CID font, no poppler warning" pdfs_quiet
example "PDF fonts are all embedded" sh -c "pdffonts '$tmp/ex1/binder.pdf' 2>/dev/null | awk 'NR > 2 && \$(NF-4) != \"yes\" { bad = 1 } END { exit bad }'"
example "PDF outline: the plan, the contacts, the 6 runbooks, the scripts, the findings" sh -c "test \$(qpdf --json --json-key=outlines '$tmp/ex1/binder.pdf' | grep -c '^      \"title\"') -eq 10"
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

# print and text in the order of the index: the failovers first, by service
# and tier, then the others; the contacts have a contents entry
index_order() {
	grep -o 'href="runbooks/[^"]*\.html"' "$tmp/ex1/index.html" | sed -n 's/.*runbooks\/\(.*\)\.html"/\1/p' | awk '!seen[$0]++'
}
in_index_order() {
	want=$(index_order | tr '\n' ' ')
	txt=$(sed -n 's/^  \([a-z0-9-]*\): .*/\1/p' "$tmp/ex1/txt/binder.txt" | tr '\n' ' ')
	pdf=$(pdftotext -f 2 -l 2 -layout "$tmp/ex1/binder.pdf" - 2>/dev/null | sed -n 's/^\(.*[^ ]\)  *[0-9][0-9]*$/\1/p' | sed -n '/^Contacts$/,$p' | sed '1d;/^Step scripts/,$d' | tr '\n' '|')
	titles=""
	for id in $want; do
		titles="$titles$(sed -n 's/^title: //p' "$top/content/runbooks/$id.md")|"
	done
	[ "$want" = "failover-core-api failback-core-api dns-failover-check redis-sessions-recovery restore-test-db s3-replication-check " ] &&
		[ "$txt" = "$want" ] && [ "$pdf" = "$titles" ] || {
		printf 'index: %s\ntext: %s\npdf: %s\nwant: %s\n' "$want" "$txt" "$pdf" "$titles"
		return 1
	}
}
example "binder.txt and binder.pdf list the runbooks in the order of the index" in_index_order
example "PDF contents: the contacts" sh -c "pdftotext -f 2 -l 2 -layout '$tmp/ex1/binder.pdf' - 2>/dev/null | grep -Eq '^Contacts  +3\$'"
example "PDF outline: the contacts" sh -c "qpdf --json --json-key=outlines '$tmp/ex1/binder.pdf' | grep -q '\"title\": \"Contacts\"'"
# the owners and their phones on every runbook, in every format
owners_everywhere() {
	for f in "$top"/content/runbooks/*.md; do
		id=$(basename "$f" .md)
		grep -q 'class="owner">[^<]* <a href="tel:+[0-9]*">+[0-9 ]*</a>' "$tmp/ex1/runbooks/$id.html" || { echo "$id.html"; return 1; }
		grep -Eq '^  Owners    [^,]+, \+[0-9 ]+$' "$tmp/ex1/txt/$id.txt" || { echo "$id.txt"; return 1; }
		pdftotext -layout "$tmp/ex1/pdf/$id.pdf" - 2>/dev/null | grep -Eq '^ Owners +[^,]+, \+[0-9 ]+$' || { echo "$id.pdf"; return 1; }
	done
}
example "owners with their phones on every runbook page, text and PDF" owners_everywhere
example "tel: links are + and digits only" sh -c "grep -rho 'href=\"tel:[^\"]*\"' '$tmp/ex1' | grep -vxE 'href=\"tel:\\+?[0-9]+\"' | grep -c . | grep -qx 0 && grep -q 'href=\"tel:+14155550142\"' '$tmp/ex1/index.html'"

# a finding about a resource reaches the banner of every runbook that binds
# it (the DR ECS service of the core API) or names it in a literal command,
# in every format; the others stay clean
mkdir -p "$tmp/drift"
cp -R "$top/runbinder.yaml" "$top/content" "$tmp/drift/"
sed -i '0,/"desiredCount": 1,/s//"desiredCount": 0,/' "$tmp/drift/content/infra/ecs-describe-services.us-west-2.json"
# a procedure that names the DR service in a literal command, binding nothing of it
printf '\n```bash\naws ecs describe-services --cluster nw-dr --services api --region us-west-2\n```\n' >> "$tmp/drift/content/runbooks/dns-failover-check.md"
example "the drifted example builds" "$RB" build -C "$tmp/drift" --out "$tmp/drift/out" -q
drift_banners() {
	msg='module.dr.aws_ecs_service.backend\["api"\]: desired_count is 0 in AWS but 1 in the Terraform state'
	for id in failover-core-api failback-core-api dns-failover-check; do
		grep -q "class=\"alert drift findings\"" "$tmp/drift/out/runbooks/$id.html" &&
		grep -q "<code>content/infra/ecs-describe-services.us-west-2.json</code>: $(printf '%s' "$msg" | sed 's/"/\&quot;/g')" "$tmp/drift/out/runbooks/$id.html" &&
		grep -q "^  warning: content/infra/ecs-describe-services.us-west-2.json: $msg" "$tmp/drift/out/txt/$id.txt" &&
		pdftotext "$tmp/drift/out/pdf/$id.pdf" - 2>/dev/null | tr '\n' ' ' | grep -q "FINDINGS: check this runbook.*$msg" || { echo "$id"; return 1; }
	done
	for id in redis-sessions-recovery restore-test-db s3-replication-check; do
		! grep -q "desired_count is 0 in AWS" "$tmp/drift/out/runbooks/$id.html" "$tmp/drift/out/txt/$id.txt" || { echo "$id"; return 1; }
	done
	test "$(pdftotext "$tmp/drift/out/binder.pdf" - 2>/dev/null | tr '\n' ' ' | grep -o "FINDINGS: check this runbook" | wc -l)" -eq 3
}
example "a drift finding reaches the banners of the runbooks that bind or name the resource" drift_banners

finish
