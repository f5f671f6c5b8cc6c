#!/bin/sh
# Writes the C source of the AWS CLI table (struct rb_awscli_table, see
# gen/awscli.h) on standard output, from the tables in DIR (gen/awscli/):
#
#   commands.tsv        service command option required kind
#   global-options.tsv  option takes_value
#   paginated.tsv       service command page_size
#   regions.txt         one region a line, # comments
#   services.txt        one service a line that commands.tsv lacks, # comments
#
#   sh gen/awscli_gen.sh gen/awscli > build/gen/awscli_table.c
#
# Every name is checked to be plain ([a-z0-9-] and, in a waiter's or
# wizard's command, one space), so nothing from the tables can break out of
# a C string. Strings are pooled once each; services, commands and options
# are sorted in byte order, as rb_awscli_*() search them.
set -e
dir=${1:-gen/awscli}
tab=$(printf '\t')
export LC_ALL=C

for f in commands.tsv global-options.tsv paginated.tsv regions.txt services.txt; do
	[ -f "$dir/$f" ] || { echo "awscli_gen.sh: $dir/$f is missing" >&2; exit 1; }
done

{
	# one stream, each line tagged with the file it comes from
	sed 1d "$dir/global-options.tsv" | sort -t "$tab" -k1,1 | sed 's/^/G\t/'
	sed 1d "$dir/paginated.tsv" | sed 's/^/P\t/'
	grep -v -e '^#' -e '^$' "$dir/regions.txt" | sort -u | sed 's/^/R\t/'
	grep -v -e '^#' -e '^$' "$dir/services.txt" | sort -u | sed 's/^/S\t/'
	sed 1d "$dir/commands.tsv" | sort -t "$tab" -k1,1 -k2,2 -k3,3 | sed 's/^/C\t/'
	# the CLI releases the table describes, from its README
	[ -f "$dir/README.md" ] &&
		sed -n 's/^  v1 \([0-9.]*\)) and .*(branch v2, \([0-9.]*\)):$/V\tv1 \1 and v2 \2/p' "$dir/README.md"
} | awk -F '\t' '
function fail(msg) { print "awscli_gen.sh: " msg > "/dev/stderr"; bad = 1; exit 1 }
function plain(s, what, spaced) {
	if (s !~ (spaced ? "^[a-z0-9-]+( [a-z0-9-]+)?$" : "^[a-z0-9-]+$"))
		fail("not a plain " what ": \"" s "\"")
	return s
}
function str(s) {
	if (!(s in off)) {
		off[s] = pool_len
		pool[npool++] = s
		pool_len += length(s) + 1
	}
	return off[s]
}
# commands that take no --cli-input-json, --cli-input-yaml or
# --generate-cli-skeleton besides the customizations (README.md, limits)
BEGIN {
	split("s3api get-object|s3api get-object-torrent|s3api get-object-annotation|" \
	      "s3api select-object-content|lambda invoke|cloudfront get-function|" \
	      "cloudfront get-connection-function|iam create-virtual-mfa-device|" \
	      "logs start-live-tail|logs tail", l, "|")
	for (i in l) no_input[l[i]] = 1
	split("rds add-option-to-option-group|rds remove-option-from-option-group", l, "|")
	for (i in l) input_ok[l[i]] = 1
	version = "unknown"
	pool_len = 0; npool = 0; nsvc = 0; ncmd = 0; nopt = 0; nglob = 0; nregion = 0; nother = 0
}
$1 == "V" { version = $2; next }
$1 == "G" {
	plain(substr($2, 3), "option")
	if ($3 != "yes" && $3 != "no" && $3 != "optional") fail("bad takes_value \"" $3 "\"")
	per = ($2 == "--cli-input-json" || $2 == "--cli-input-yaml" || $2 == "--generate-cli-skeleton")
	glob[nglob++] = str($2) ", " ($3 == "no" ? 0 : $3 == "yes" ? 1 : 2) + (per ? 4 : 0)
	next
}
$1 == "P" { pag[plain($2, "service") " " plain($3, "command", 1)] = ($4 == "yes" ? 2 : 1); next }
$1 == "R" { region[nregion++] = str(plain($2, "region")); next }
$1 == "S" { other[nother++] = str(plain($2, "service")); next }
$1 == "C" {
	svc = plain($2, "service"); cmd = plain($3, "command", 1)
	if (svc != cur_svc) {
		if (cur_svc != "" && svc < cur_svc) fail("services out of order at " svc)
		svcs[nsvc++] = str(svc) ", " ncmd
		cur_svc = svc; cur_cmd = ""
	}
	if (cmd != cur_cmd) {
		if ($4 != "-") fail("no - row for " svc " " cmd)
		kind = $6 == "operation" ? 0 : $6 == "waiter" ? 1 : $6 == "customization" ? 2 : -1
		if (kind < 0) fail("bad kind \"" $6 "\" of " svc " " cmd)
		flags = kind
		key = svc " " cmd
		if (key in pag) flags += pag[key] == 2 ? 12 : 4   # 4 paginated, 8 with --page-size
		if (no_input[key] || svc == "s3" || (kind == 2 && !input_ok[key]))
			flags += 16
		cmds[ncmd] = str(cmd) ", " nopt
		cmdflags[ncmd] = flags
		cmdsvc[ncmd] = nsvc - 1
		ncmd++
		cur_cmd = cmd
		next
	}
	plain(substr($4, 3), "option")
	if ($5 != "yes" && $5 != "no") fail("bad required \"" $5 "\" of " svc " " cmd " " $4)
	opts[nopt++] = str($4) ", " ($5 == "yes")
	next
}
END {
	if (bad) exit 1
	if (!ncmd || !nglob || !nregion) fail("empty tables")
	print "/* Made by gen/awscli_gen.sh from gen/awscli/: change those, not this file. */"
	print "#include \"awscli.h\""
	print ""
	print "static const char pool[] ="
	for (i = 0; i < npool; i++) printf "\t\"%s\\0\"\n", pool[i]
	print "\t;"
	print ""
	print "static const struct rb_awscli_service services[] = {"
	for (i = 0; i < nsvc; i++) {
		split(svcs[i], p, ", ")
		end = i + 1 < nsvc ? substr(svcs[i + 1], index(svcs[i + 1], ", ") + 2) : ncmd
		printf "\t{ %s, %s, %d },\n", p[1], p[2], end - p[2]
	}
	print "};"
	print ""
	print "static const struct rb_awscli_command commands[] = {"
	for (i = 0; i < ncmd; i++) {
		split(cmds[i], p, ", ")
		end = i + 1 < ncmd ? substr(cmds[i + 1], index(cmds[i + 1], ", ") + 2) : nopt
		printf "\t{ %s, %s, %d, %d },\n", p[1], p[2], end - p[2], cmdflags[i]
	}
	print "};"
	print ""
	print "static const struct rb_awscli_option options[] = {"
	for (i = 0; i < nopt; i++) printf "\t{ %s },\n", opts[i]
	print "};"
	print ""
	print "static const struct rb_awscli_option globals[] = {"
	for (i = 0; i < nglob; i++) printf "\t{ %s },\n", glob[i]
	print "};"
	print ""
	print "static const uint32_t regions[] = {"
	for (i = 0; i < nregion; i++) printf "\t%s,\n", region[i]
	print "};"
	print ""
	print "static const uint32_t others[] = {"
	for (i = 0; i < nother; i++) printf "\t%s,\n", other[i]
	if (!nother) print "\t0,"
	print "};"
	print ""
	print "const struct rb_awscli_table rb_awscli = {"
	print "\tpool, sizeof(pool),"
	print "\tservices, RB_ARRAY_SIZE(services),"
	print "\tcommands, RB_ARRAY_SIZE(commands),"
	print "\toptions, RB_ARRAY_SIZE(options),"
	print "\tglobals, RB_ARRAY_SIZE(globals),"
	print "\tregions, RB_ARRAY_SIZE(regions),"
	printf "\tothers, %d,\n", nother
	printf "\t\"%s\",\n", version
	print "};"
}'
