#!/bin/sh
# Every script in print: tests/print/binder has a page with lines in
# Japanese, Chinese, Korean, Greek, Cyrillic and Arabic, a code block
# with tabs, a table and a heading in Chinese, a Chinese page of the
# Karmada documentation (tests/print/README), and titles too long for a
# running header or a contents line. The PDF gives every character back
# to pdftotext, draws Arabic right to left, embeds the fallback fonts
# only in the documents that use them, expands tabs, and never lets
# header, contents or title run over; the text output keeps to 78
# display columns.

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

src="$top/tests/print/binder"
out="$tmp/print"
export LC_ALL=C.UTF-8

if err=$("$RB" build -C "$src" --out "$out" -q 2>&1); then
	ok "print: builds"
else
	ko "print: builds" "$err"
fi
# no character printed as a box: no warning at all
if [ -z "$err" ]; then
	ok "print: no character without a glyph"
else
	ko "print: no character without a glyph" "$err"
fi

pdftotext "$out/pdf/every-script.pdf" "$tmp/every.txt" 2>/dev/null
pdftotext -layout "$out/pdf/every-script.pdf" "$tmp/every.layout" 2>/dev/null
for line in '日本語：障害が発生したら、まず影響範囲を確認してください。' \
	'中文：集群发生故障时，先确认影响范围。' \
	'한국어: 장애가 발생하면 먼저 영향 범위를 확인하십시오.' \
	'Ελληνικά: Σε περίπτωση βλάβης, ελέγξτε πρώτα την έκταση.' \
	'Русский: При сбое сначала проверьте масштаб последствий.'; do
	if grep -qxF "• $line" "$tmp/every.txt"; then
		ok "print: pdftotext gives back $line"
	else
		ko "print: pdftotext gives back $line" "$(grep -F "${line%%:*}" "$tmp/every.txt")"
	fi
done

# Arabic is drawn right to left, its letters not joined (no shaping):
# pdftotext gives back the same letters, every word in its order (a mark
# may come before its letter), its runs split at punctuation
chars() {
	printf '%s' "$1" | LC_ALL=C sed 's/\xe2\x80\xab//g; s/\xe2\x80\xac//g' | grep -o . | sort | tr -d '\n'
}
arabic='العربية: عند حدوث عطل، تحقق أولاً من نطاق التأثير.'
got=$(grep -F 'ع' "$tmp/every.txt" | sed 's/^• //')
if [ -n "$got" ] && [ "$(chars "$got")" = "$(chars "$arabic")" ]; then
	ok "print: pdftotext gives back the Arabic letters"
else
	ko "print: pdftotext gives back the Arabic letters" "$got"
fi
for word in العربية 'عند حدوث عطل' 'من نطاق التأثير'; do
	if printf '%s\n' "$got" | grep -qF "$word"; then
		ok "print: the Arabic $word reads right to left"
	else
		ko "print: the Arabic $word reads right to left" "$got"
	fi
done

# a tab is 8 columns, not a glyph
if grep -qF 'kubectl get pods        # 列出所有 Pod' "$tmp/every.layout" &&
	grep -qE '^ {8,}echo "indented by a tab"' "$tmp/every.layout" &&
	! grep -q "$(printf '\t')" "$tmp/every.txt"; then
	ok "print: tabs are expanded to 8 columns"
else
	ko "print: tabs are expanded to 8 columns" "$(grep -F -e kubectl -e echo "$tmp/every.layout")"
fi

# every word of the Chinese page comes back (blanks aside: CJK lines
# break without them); the Markdown marks, links and code fences are not text
pdftotext "$out/pdf/cluster-failover.pdf" - 2>/dev/null | tr -d ' \n' > "$tmp/cf.pdf"
missing=$(sed -e '1,/^---$/d' -e '/^---$/,/^---$/d' -e '/^```/d' \
	-e 's/^#* //' -e 's/^- //' -e 's/`//g' "$src/content/runbooks/cluster-failover.md" |
	tr -d ' ' | while IFS= read -r l; do
		[ -z "$l" ] || grep -qF -- "$l" "$tmp/cf.pdf" || printf '%s\n' "$l"
	done)
if [ -z "$missing" ]; then
	ok "print: every line of the Chinese page is in its PDF"
else
	ko "print: every line of the Chinese page is in its PDF" "$missing"
fi

# the fallback fonts are embedded where they are used, and only there
fonts() {
	pdffonts "$1" 2>/dev/null | awk 'NR > 2 { sub(/^[A-Z]+\+/, "", $1); print $1, $(NF - 4) }' | sort -u | tr '\n' ' '
}
check_fonts() {
	got=$(fonts "$out/$1")
	if [ "$got" = "$2" ]; then
		ok "print: fonts of $1"
	else
		ko "print: fonts of $1" "got:  $got
want: $2"
	fi
}
# the code-page forms are set in the fonts reduced to the code pages'
# glyphs (named -CP); the Arabic of every-script needs DejaVu Sans whole,
# as a CID font
dejavu='DejaVuSans-Bold-CP,Bold yes DejaVuSans-CP,Book yes DejaVuSansMono-CP,Book yes '
check_fonts pdf/every-script.pdf "DejaVuSans,Book yes ${dejavu}IPAGothic yes NanumGothic yes UMingCN,Light yes "
check_fonts pdf/cluster-failover.pdf "${dejavu}UMingCN,Light yes "
check_fonts pdf/long-title.pdf "$dejavu"
# a font set in several code pages is embedded once (reduced), and once
# more whole where a character needs its CID form
programs=$(grep -ac '/Type /FontDescriptor' "$out/pdf/every-script.pdf")
if [ "$programs" = 7 ]; then
	ok "print: each font program embedded once"
else
	ko "print: each font program embedded once" "$programs font descriptors, want 7"
fi
# Latin text needs no CID font: simple TrueType fonts, and no poppler warning
err=$(pdftotext "$out/pdf/long-title.pdf" - 2>&1 > /dev/null)
if [ -z "$err" ] && ! pdffonts "$out/pdf/long-title.pdf" 2>/dev/null | grep -q 'CID'; then
	ok "print: a Latin document has no CID font"
else
	ko "print: a Latin document has no CID font" "$err"
fi

# header, contents and titles: an ellipsis, never a word cut or run over
pdftotext -layout -f 2 -l 2 "$out/binder.pdf" "$tmp/contents" 2>/dev/null
if grep -qE '^Fail over the payments database cluster from eu-west-1 to eu-central-1 when the… +6$' "$tmp/contents" &&
	grep -qE '^Disaster-recovery-and-failover-binder of the platform team for the multi-region Kubernetes clusters and… +Contents$' "$tmp/contents"; then
	ok "print: a long contents title ends in an ellipsis before its page number"
else
	ko "print: a long contents title ends in an ellipsis before its page number" "$(cat "$tmp/contents")"
fi
pdftotext -f 6 -l 6 "$out/binder.pdf" - 2>/dev/null | head -3 > "$tmp/header"
if [ "$(cat "$tmp/header")" = "Disaster-recovery-and-failover-binder of the platform…

Fail over the payments database cluster from…" ]; then
	ok "print: running header: binder title and section share the line"
else
	ko "print: running header: binder title and section share the line" "$(cat "$tmp/header")"
fi
pdftotext -f 1 -l 1 "$out/binder.pdf" - 2>/dev/null | head -4 > "$tmp/cover"
# (its first word is too wide for the line at 26 points: the type is smaller)
if [ "$(cat "$tmp/cover")" = "Disaster-recovery-and-failover-binder
of the platform team for the
multi-region Kubernetes clusters and
their data stores" ]; then
	ok "print: the cover title is set smaller rather than cut inside a word"
else
	ko "print: the cover title is set smaller rather than cut inside a word" "$(cat "$tmp/cover")"
fi

# text: no line wider than 78 display columns (wc -L counts CJK as two)
for f in "$out"/txt/*.txt; do
	w=$(wc -L < "$f")
	if [ "$w" -le 78 ]; then
		ok "print: $(basename "$f") fits in 78 columns"
	else
		ko "print: $(basename "$f") fits in 78 columns" "$(awk 'length > 39' "$f" | head -5) ($w columns)"
	fi
done
if grep -qxF '集群故障迁移' "$out/txt/cluster-failover.txt" &&
	grep -qxF '============' "$out/txt/cluster-failover.txt"; then
	ok "print: a CJK title is underlined as wide as it is"
else
	ko "print: a CJK title is underlined as wide as it is" "$(head -5 "$out/txt/cluster-failover.txt")"
fi

# a theme whose fallback lacks CJK: one warning naming the character, exit 0
cp -r "$src" "$tmp/nofallback"
mkdir -p "$tmp/nofallback/themes/default"
printf 'fonts:\n  fallback: DejaVuSans-Bold.ttf\n' > "$tmp/nofallback/themes/default/pdf.yaml"
err=$("$RB" build -C "$tmp/nofallback" --out "$tmp/nofallback-out" -q --only pdf,runbook-pdf 2>&1)
status=$?
want="content/runbooks/cluster-failover.md: warning: no installed font has a glyph for '集' (U+96C6): the PDF prints it as [U+96C6]"
if [ "$status" = 0 ] && [ "$err" = "$want" ]; then
	ok "print: a character no font has is one warning, and the PDF is made"
else
	ko "print: a character no font has is one warning, and the PDF is made" "status $status: $err"
fi
# never a box: such a character prints as its code point
if pdftotext "$tmp/nofallback-out/pdf/cluster-failover.pdf" - 2>/dev/null | grep -qF '[U+96C6]'; then
	ok "print: a character no font has prints as its code point, not a box"
else
	ko "print: a character no font has prints as its code point, not a box"
fi
# outside the Basic Multilingual Plane (libharu's glyph codes are 16-bit)
cp -r "$src" "$tmp/emoji"
printf '\n## Status\n\nOn call 👤 and the fire 🔥.\n' >> "$tmp/emoji/content/runbooks/cluster-failover.md"
err=$("$RB" build -C "$tmp/emoji" --out "$tmp/emoji-out" -q --only pdf,runbook-pdf 2>&1)
status=$?
want="content/runbooks/cluster-failover.md: warning: no installed font has a glyph for '👤' (U+1F464): the PDF prints it as [U+1F464]"
if [ "$status" = 0 ] && [ "$err" = "$want" ] &&
   pdftotext "$tmp/emoji-out/pdf/cluster-failover.pdf" - 2>/dev/null | grep -qF 'On call [U+1F464] and the fire [U+1F525].'; then
	ok "print: an emoji prints as its code point, with one warning"
else
	ko "print: an emoji prints as its code point, with one warning" "status $status: $err"
fi

finish
