#!/bin/sh
# Pathological inputs, each under a time limit: built or refused with exit 2,
# never a crash or a hang. The inputs are made here (shell and awk only).

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

patho() {
	name="pathological: $1"
	want=$2
	dir=$3
	out=$(cd "$dir" && timeout 300 "$RB" build -q 2>&1)
	status=$?
	if [ "$status" -eq "$want" ]; then
		ok "$name"
	else
		ko "$name: exit $status, expected $want" "$(printf '%s\n' "$out" | tail -8)"
	fi
}
patho_binder() {
	rm -rf "$tmp/patho" && mkdir -p "$tmp/patho/content/runbooks" "$tmp/patho/content/infra"
	printf 'title: Pathological\npaths:\n  infra: [content/infra]\n' > "$tmp/patho/runbinder.yaml"
}
runbook_head() {
	printf -- '---\nid: %s\ntitle: %s\n---\n# %s\n\n## Step 1: Do it\n\n' "$1" "$1" "$1"
}
patho_binder
{ runbook_head wide; awk 'BEGIN { for (i = 0; i < 100000; i++) printf "x"; print "" }'
  printf '\n```bash\necho '; awk 'BEGIN { for (i = 0; i < 100000; i++) printf "y"; print "" }'
  printf '```\n'; } > "$tmp/patho/content/runbooks/wide.md"
patho "a 100,000-column line and command" 0 "$tmp/patho"
patho_binder
{ runbook_head table
  awk 'BEGIN { for (r = 0; r < 3; r++) { for (i = 0; i < 1000; i++) printf "| %s ", (r == 1 ? "-" : "c" i); print "|" } }'
} > "$tmp/patho/content/runbooks/table.md"
patho "a table of 1,000 columns" 0 "$tmp/patho"
patho_binder
{ runbook_head nested
  awk 'BEGIN { for (i = 0; i < 60; i++) { for (k = 0; k < i; k++) printf ">"; print " quoted " i } }'
  awk 'BEGIN { for (i = 0; i < 30; i++) { for (k = 0; k < i; k++) printf "  "; print "- item " i } }'
} > "$tmp/patho/content/runbooks/nested.md"
patho "block quotes 59 deep and lists 30 deep" 0 "$tmp/patho"
patho_binder
{ runbook_head big; printf '```bash\n'; head -c 52428800 /dev/zero | tr '\0' 'z'; printf '\n```\n'; } \
	> "$tmp/patho/content/runbooks/big.md"
patho "a 50 MB code block (refused: over 16 MiB)" 2 "$tmp/patho"
patho_binder
awk 'BEGIN {
	printf "{\"version\": 4, \"terraform_version\": \"1.5.7\", \"serial\": 1, \"lineage\": \"x\", \"outputs\": {}, \"resources\": [{\"module\": \""
	for (i = 0; i < 1000; i++) printf "%smodule.m%d", (i ? "." : ""), i
	printf "\", \"mode\": \"managed\", \"type\": \"aws_s3_bucket\", \"name\": \"deep\", \"provider\": \"aws\", \"instances\": [{\"schema_version\": 0, \"attributes\": {\"bucket\": \"deep\", \"region\": \"us-east-1\"}}]}]}\n"
}' > "$tmp/patho/content/infra/deep.tfstate"
awk 'BEGIN {
	printf "{\"format_version\": \"1.0\", \"values\": {\"root_module\": {\"resources\": []"
	for (i = 0; i < 1000; i++) printf ", \"child_modules\": [{\"address\": \"module.m%d\", \"resources\": [{\"address\": \"module.m%d.aws_s3_bucket.b\", \"mode\": \"managed\", \"type\": \"aws_s3_bucket\", \"name\": \"b\", \"values\": {\"bucket\": \"b%d\"}}]", i, i, i
	for (i = 0; i < 1000; i++) printf "}]"
	print "}}}"
}' > "$tmp/patho/content/infra/deep-show.json"
runbook_head modules > "$tmp/patho/content/runbooks/modules.md"
patho "1,000 levels of modules in a state and in show -json" 0 "$tmp/patho"

finish
