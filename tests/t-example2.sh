#!/bin/sh
# The second example binder, tests/examples/orders: a different team's plan
# (Aurora PostgreSQL global database, DynamoDB global table, EFS and S3
# replication, AWS Backup copies, an Auto Scaling fleet, eu-west-1 to
# eu-central-1), so that the checks are not fitted to content/. It checks
# with no finding at all, builds byte-identically twice with no secret of
# its state in any byte (PDF streams included), its PDFs pass qpdf --check,
# and its step scripts parse, pass shellcheck and call aws as the runbooks
# say.

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

ex="$top/tests/examples/orders"
# the master password of the Aurora cluster and the application's login,
# both in the state, neither to be printed anywhere
secrets="-e Aurora-orders-7Qm2vXk9 -e orders-app-4Tn8wLp3 -e never-print"

no_findings() {
	out=$("$RB" check -C "$ex" 2>&1) || { printf '%s\n' "$out"; return 1; }
	[ "$out" = "runbinder check: 3 runbooks, 5 services, 35 resources: 0 errors, 0 warnings, 0 notes" ] ||
		{ printf '%s\n' "$out"; return 1; }
}
example "orders: checks with no finding at all" no_findings
example "orders: the JSON report lists no finding" sh -c "'$RB' check -C '$ex' --format json | grep -q '\"findings\": *\[\]'"
example "orders: builds" "$RB" build -C "$ex" --out "$tmp/o1" -q
example "orders: builds again" "$RB" build -C "$ex" --out "$tmp/o2" -q
example "orders: byte-identical builds" diff -r "$tmp/o1" "$tmp/o2"
example "orders: the state's secrets are in the inventory" sh -c "grep -q $secrets '$ex/content/infra/terraform.tfstate'"
example "orders: no secret of the state in the binder" sh -c "! grep -rq $secrets '$tmp/o1'"
# shellcheck disable=SC2086 # $secrets is a list of grep options
redacted_in_inventory() {
	shown=$("$RB" inventory -C "$ex" show aws_rds_cluster.primary) || return 1
	printf '%s\n' "$shown" | grep -q '"master_password": "(redacted)"' &&
	! printf '%s\n' "$shown" | grep -q $secrets
}
example "orders: inventory show redacts the master password" redacted_in_inventory
# shellcheck disable=SC2086 # $secrets is a list of grep options
orders_pdf_secrets() {
	for f in "$tmp/o1/binder.pdf" "$tmp/o1"/pdf/*.pdf; do
		qpdf --stream-data=uncompress "$f" - 2>/dev/null | grep -aq $secrets && return 1
		pdftotext "$f" - 2>/dev/null | grep -q $secrets && return 1
	done
	return 0
}
example "orders: no secret in the PDFs' uncompressed streams or text" orders_pdf_secrets
example "orders: PDF passes qpdf --check" qpdf --check "$tmp/o1/binder.pdf"
example "orders: a PDF per runbook" sh -c "test \$(ls '$tmp/o1/pdf' | wc -l) -eq 3 && test \$(ls '$tmp/o1/runbooks' | wc -l) -eq 3"
example "orders: PDF commands are exact" sh -c "pdftotext -layout '$tmp/o1/pdf/failover-orders.pdf' - 2>/dev/null | grep -q 'aws rds failover-global-cluster --region eu-central-1 \\\\'"
scripts="$tmp/o1/scripts"
example "orders: a script per step (17, manual ones too) and a run.sh per runbook" sh -c "test \$(ls '$scripts'/*/*.sh | wc -l) -eq 20"
example "orders: scripts pass bash -n" sh -c "for f in '$scripts'/*/*.sh; do bash -n \"\$f\" || exit 1; done"
example "orders: scripts pass shellcheck" sh -c "shellcheck '$scripts'/*/*.sh"
orders_failover_argv() {
	rm -rf "$tmp/orun"
	mkdir -p "$tmp/orun"
	# "y" to every gate: --yes answers no task item
	(cd "$tmp/orun" && yes y | STUB_LOG="$tmp/orun/argv" PATH="$top/tests/scripts/stub:$PATH" \
		bash "$scripts/failover-orders/run.sh" --yes --log "$tmp/orun/timing.log" \
		> "$tmp/orun/stdout" 2> "$tmp/orun/stderr") || return 1
	sed -E 's/--(start|end)-time [0-9T:-]+Z/--\1-time TIME/g' "$tmp/orun/argv" |
		diff "$top/tests/examples/orders-failover-argv.expected" - &&
	test "$(grep -c ' end [0-9]* [^ ]* 0$' "$tmp/orun/timing.log")" -eq 7
}
example "orders: failover run.sh calls aws exactly as the runbook says" orders_failover_argv

# The checks bite on this binder too: one seeded change each, in a copy;
# the finding expected, and the exit status (1 for an error, 0 for a
# warning alone).
mutant() {
	rm -rf "$tmp/m"
	cp -R "$ex" "$tmp/m"
	(cd "$tmp/m" && eval "$1")
	out=$("$RB" check -C "$tmp/m" 2>&1)
	status=$?
	if [ "$status" -ne "${3:-1}" ] || ! printf '%s\n' "$out" | grep -q "$2"; then
		printf 'exit %s\n%s\n' "$status" "$out"
		return 1
	fi
}
example "orders: the DR cluster waited on in the primary region is cmd-wrong-region" mutant \
	"sed -i 's/wait db-cluster-available --region {{dr_db.region}}/wait db-cluster-available --region {{db.region}}/' content/runbooks/failover-orders.md" \
	"failover-orders.md:77:44: error: '--region eu-west-1' but aws_rds_cluster 'hl-orders-euc1' is in eu-central-1 \[cmd-wrong-region\]"
example "orders: invoices replicated under a primary-region key are plan-dr-key-region" mutant \
	"sed -i 's#\"replica_kms_key_id\": \"arn:aws:kms:eu-central-1#\"replica_kms_key_id\": \"arn:aws:kms:eu-west-1#' content/infra/terraform.tfstate" \
	"encrypted with a key in eu-west-1, not in eu-central-1 \[plan-dr-key-region\]"
example "orders: a DR cluster the export shows with another retention is drift-attribute" mutant \
	"sed -i 's/\"BackupRetentionPeriod\": 14/\"BackupRetentionPeriod\": 7/' content/infra/rds-describe-db-clusters.eu-central-1.json" \
	"backup_retention_period is 7 in AWS but 14 in the Terraform state .* \\[drift-attribute\\]" 0
example "orders: a secret without its DR replica is dr-missing-secret" mutant \
	"sed -i '/\"replica\": \\[/,/\\]/s/\"region\": \"eu-central-1\"/\"region\": \"eu-west-2\"/' content/infra/terraform.tfstate" \
	"'hl/orders/db-app' exists in eu-west-1 only: .* \[dr-missing-secret\]"

# The recovery model on this binder: what copies each store in another
# region, under which key, and how much each may lose (dr_copies.c).
example "orders: a global table without its DR replica falls back to the daily backup copy: plan-rpo-copy-too-slow" mutant \
	"sed -i '/\"replica\": \\[/,/\\]/s/\"region_name\": \"eu-central-1\"/\"region_name\": \"eu-west-1\"/' content/infra/terraform.tfstate" \
	"service 'carts' promises an RPO of 1m but the best copy of aws_dynamodb_table.carts in another region, by AWS Backup copy (aws_backup_plan.orders), may lose 1d \[plan-rpo-copy-too-slow\]"
example "orders: a table replica under the primary's key, given by key id, is plan-dr-key-region" mutant \
	"sed -i '/\"region_name\": \"eu-central-1\"/,+1s#\"kms_key_arn\": \"arn:aws:kms:eu-central-1:210987654321:key/b8f37e02-91c4-4d6a-8e2b-5a0d93c6f174\"#\"kms_key_arn\": \"6d2a41c8-3b7e-4f19-9a05-c8e1f27b4d36\"#' content/infra/terraform.tfstate" \
	"terraform.tfstate:353:32: error: the table replica of 'aws_dynamodb_table.carts' is encrypted with a key in eu-west-1, not in eu-central-1 \[plan-dr-key-region\]"
example "orders: an S3 replication rule switched off is plan-rpo-no-replication" mutant \
	"sed -i '/\"id\": \"invoices-to-euc1\"/,+1s/\"Enabled\"/\"Disabled\"/' content/infra/terraform.tfstate" \
	"service 'documents' promises an RPO of 30m but aws_s3_bucket.invoices has no copy in another region \[plan-rpo-no-replication\]"
example "orders: a paused EFS replication leaves the daily backup copy: plan-rpo-copy-too-slow" mutant \
	"sed -i '/\"file_system_id\": \"fs-09b3d6e2a71c4f805\"/,+3s/\"ENABLED\"/\"PAUSED\"/' content/infra/terraform.tfstate" \
	"service 'documents' promises an RPO of 30m but the best copy of aws_efs_file_system.documents in another region, by AWS Backup copy (aws_backup_plan.orders), may lose 1d \[plan-rpo-copy-too-slow\]"
example "orders: an EFS replica under the primary region's key is plan-dr-key-region" mutant \
	"sed -i '/\"file_system_id\": \"fs-09b3d6e2a71c4f805\"/,+1s#arn:aws:kms:eu-central-1:210987654321:key/b8f37e02-91c4-4d6a-8e2b-5a0d93c6f174#arn:aws:kms:eu-west-1:210987654321:key/6d2a41c8-3b7e-4f19-9a05-c8e1f27b4d36#' content/infra/terraform.tfstate" \
	"terraform.tfstate:419:31: error: the file system replica of 'aws_efs_replication_configuration.documents' is encrypted with a key in eu-west-1, not in eu-central-1 \[plan-dr-key-region\]"
example "orders: a failover that no longer sets the DR fleet's desired capacity is dr-capacity" mutant \
	"sed -i 's/ --desired-capacity {{api.desired_capacity}}//' content/runbooks/failover-orders.md" \
	"no failover runbook scales aws_autoscaling_group.orders_api_dr (desired_capacity 1) up to production's 4 (aws_autoscaling_group.orders_api) \[dr-capacity\]"
example "orders: the global database failed over through the region the failover leaves is cmd-failed-region" mutant \
	"sed -i 's/aws rds failover-global-cluster --region {{dr_db.region}}/aws rds failover-global-cluster --region {{db.region}}/' content/runbooks/failover-orders.md" \
	"failover-orders.md:73:42: error: 'aws rds failover-global-cluster' in a failover changes something in eu-west-1, the region the failover leaves \[cmd-failed-region\]"
example "orders: the global database failed over with no read of its lag is cmd-promote-without-lag" mutant \
	"sed -i 's/--metric-name AuroraGlobalDBRPOLag/--metric-name CPUUtilization/' content/runbooks/failover-orders.md" \
	"failover-orders.md:73:9: warning: 'aws rds failover-global-cluster' promotes the secondary cluster (Aurora global database) with no earlier read of its lag (AuroraGlobalDBReplicationLag): what it has not received is lost \[cmd-promote-without-lag\]" 0
finish
