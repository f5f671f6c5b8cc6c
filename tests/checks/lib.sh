# Helpers for the setup scripts of tests/checks: small edits of the
# example's Terraform state (pretty-printed, one resource block per
# "    {" ... "    }" at four spaces).

# drop_resource TYPE NAME FILE: removes that resource block from the state
drop_resource() {
	awk -v t="\"type\": \"$1\"," -v n="\"name\": \"$2\"," '
		/^    \{/ { blk = $0; inb = 1; hit_t = 0; hit_n = 0; next }
		inb {
			blk = blk "\n" $0
			if (index($0, t)) hit_t = 1
			if (index($0, n)) hit_n = 1
			if ($0 ~ /^    \}/) { inb = 0; if (!(hit_t && hit_n)) print blk }
			next
		}
		{ print }' "$3" > "$3.new" && mv "$3.new" "$3"
}

# edit_resource TYPE NAME OLD NEW FILE: replaces text inside that block only
edit_resource() {
	awk -v t="\"type\": \"$1\"," -v n="\"name\": \"$2\"," -v old="$3" -v new="$4" '
		/^    \{/ { blk = $0; inb = 1; hit_t = 0; hit_n = 0; next }
		inb {
			blk = blk "\n" $0
			if (index($0, t)) hit_t = 1
			if (index($0, n)) hit_n = 1
			if ($0 ~ /^    \}/) {
				inb = 0
				if (hit_t && hit_n) {
					i = index(blk, old)
					if (i) blk = substr(blk, 1, i - 1) new substr(blk, i + length(old))
				}
				print blk
			}
			next
		}
		{ print }' "$5" > "$5.new" && mv "$5.new" "$5"
}
