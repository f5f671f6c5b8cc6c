/*
 * cmd_init.c - `runbinder init [DIR]`: writes the smallest binder that
 * builds and checks clean, for a team to grow into its own: a config, one
 * service, a failover runbook and its failback, and a Terraform state of
 * two database instances the failover's commands are bound to.
 *
 * It writes only into a directory without a binder: an existing
 * runbinder.yaml, or any file init would write, stops it before it writes
 * anything. Nothing in it depends on the date (no drill that goes
 * overdue, no review that ages), so it checks clean on any day.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "cmd.h"
#include "fsutil.h"
#include "opt.h"

struct init_opts {
	struct rb_common_opts common;
};

static const char operands[] = "[DIR]";

static const struct rb_opt init_opts[] = {
	RB_OPT_HELP(struct init_opts),
};

void cmd_init_help(FILE *f)
{
	rb_opt_help(f, "init", operands,
		    "Writes a minimal working binder into DIR (default: the current\n"
		    "directory): runbinder.yaml, content/plan/plan.yaml, a failover\n"
		    "runbook and its failback, and content/infra/terraform.tfstate.\n"
		    "`runbinder check` and `runbinder build` pass on it as it is.\n"
		    "Refuses to write into a directory that has a runbinder.yaml.",
		    init_opts, RB_ARRAY_SIZE(init_opts));
}

static const char config_yaml[] =
	"# runbinder.yaml: the binder's config. Every key is optional; see the\n"
	"# README's \"Config\" section for all of them.\n"
	"title: Example Disaster Recovery Binder\n"
	"organisation: Example Ltd\n"
	"classification: INTERNAL          # banner on every page; empty for none\n"
	"paper: A4                         # A4 | Letter\n"
	"regions: { primary: eu-west-1, dr: eu-central-1 }\n"
	"paths:\n"
	"  plan: content/plan\n"
	"  runbooks: content/runbooks\n"
	"  infra: [content/infra]          # replace with your own exports\n"
	"rules:\n"
	"  # Until your first drill is recorded in the plan's drills: list, the\n"
	"  # drill calendar would report every kind of drill as due; delete this\n"
	"  # line once you record one.\n"
	"  plan-drill-overdue: off\n";

static const char plan_yaml[] =
	"# The plan: tiers (T1..T4 exist with defaults), services, drills and\n"
	"# contacts. See the README's \"Plan data\" section.\n"
	"tiers:\n"
	"  T3:\n"
	"    signoff: { by: \"Alex Doe, COO\", date: 2026-01-05 }\n"
	"services:\n"
	"  - id: orders\n"
	"    name: Orders database\n"
	"    tier: T3                        # RTO 4h, RPO 24h, backup-restore\n"
	"    owners: [alex, sam, kim]\n"
	"    description: PostgreSQL on RDS with a replica in the DR region\n"
	"    infra: [aws_db_instance.orders, aws_db_instance.orders_replica]\n"
	"drills: []\n"
	"contacts:\n"
	"  - id: alex\n"
	"    name: Alex Doe\n"
	"    role: Incident commander\n"
	"    phone: \"+44 20 7946 0100\"\n"
	"    email: alex@example.com\n"
	"    escalation: 1\n"
	"  - id: sam\n"
	"    name: Sam Roe\n"
	"    role: Database\n"
	"    phone: \"+44 20 7946 0101\"\n"
	"    email: sam@example.com\n"
	"    escalation: 2\n"
	"  - id: kim\n"
	"    name: Kim Poe\n"
	"    role: Platform\n"
	"    phone: \"+44 20 7946 0102\"\n"
	"    email: kim@example.com\n";

static const char failover_md[] =
	"---\n"
	"id: failover-orders\n"
	"title: Fail over the orders database\n"
	"service: orders\n"
	"kind: failover\n"
	"failback: failback-orders\n"
	"estimate: 30m\n"
	"owners: [alex, sam, kim]\n"
	"requires:                       # names for resources of the infra exports\n"
	"  replica: aws_db_instance.orders_replica\n"
	"---\n"
	"Run this when {{service.name}} cannot serve from {{site.primary_region}}.\n"
	"Tier {{tier.id}}: RTO {{tier.rto}}, RPO {{tier.rpo}}.\n"
	"\n"
	"## Step 1: Confirm the outage (5 min)\n"
	"- [ ] The incident commander has declared a failover\n"
	"\n"
	"```bash\n"
	"aws rds describe-db-instances --db-instance-identifier {{replica.identifier}} \\\n"
	"  --region {{replica.region}}\n"
	"```\n"
	"\n"
	"## Step 2: Promote the replica (15 min)\n"
	"Read how far behind the replica is: what it has not received is lost.\n"
	"\n"
	"```bash\n"
	"aws cloudwatch get-metric-statistics --region {{replica.region}} \\\n"
	"  --namespace AWS/RDS --metric-name ReplicaLag \\\n"
	"  --dimensions Name=DBInstanceIdentifier,Value={{replica.identifier}} \\\n"
	"  --start-time \"$(date -u -d '-10 min' +%Y-%m-%dT%H:%M:%SZ)\" \\\n"
	"  --end-time \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\" \\\n"
	"  --period 60 --statistics Maximum\n"
	"```\n"
	"\n"
	"```bash\n"
	"aws rds promote-read-replica --db-instance-identifier {{replica.identifier}} \\\n"
	"  --region {{replica.region}}\n"
	"```\n"
	"\n"
	"## Step 3: Point the application at the new primary (10 min)\n"
	"```bash\n"
	"aws rds describe-db-instances --db-instance-identifier {{replica.identifier}} \\\n"
	"  --region {{replica.region}} --query 'DBInstances[0].Endpoint.Address' --output text\n"
	"```\n"
	"\n"
	"- [ ] The application's database endpoint is the address above\n";

static const char failback_md[] =
	"---\n"
	"id: failback-orders\n"
	"title: Fail back the orders database\n"
	"service: orders\n"
	"kind: failback\n"
	"estimate: 1h\n"
	"owners: [alex, sam, kim]\n"
	"requires:\n"
	"  primary: aws_db_instance.orders\n"
	"---\n"
	"Run this once {{site.primary_region}} serves again.\n"
	"\n"
	"## Step 1: Check the old primary (10 min)\n"
	"```bash\n"
	"aws rds describe-db-instances --db-instance-identifier {{primary.identifier}} \\\n"
	"  --region {{primary.region}}\n"
	"```\n"
	"\n"
	"## Step 2: Move back in a maintenance window (50 min)\n"
	"- [ ] A new replica of the promoted database runs in {{site.primary_region}}\n"
	"\n"
	"```bash\n"
	"aws rds describe-db-instances --db-instance-identifier {{primary.identifier}} \\\n"
	"  --region {{primary.region}} --query 'DBInstances[0].DBInstanceStatus' --output text\n"
	"```\n"
	"\n"
	"- [ ] The application points at {{site.primary_region}} again\n";

/*
 * `terraform state pull` of the database, its replica and DR-region backups,
 * and the DNS failover records, trimmed to what the checks read.
 */
static const char state_json[] =
	"{\n"
	"  \"version\": 4,\n"
	"  \"terraform_version\": \"1.9.8\",\n"
	"  \"serial\": 1,\n"
	"  \"lineage\": \"00000000-0000-4000-8000-000000000000\",\n"
	"  \"outputs\": {},\n"
	"  \"resources\": [\n"
	"    {\n"
	"      \"mode\": \"managed\",\n"
	"      \"type\": \"aws_db_instance\",\n"
	"      \"name\": \"orders\",\n"
	"      \"provider\": \"provider[\\\"registry.terraform.io/hashicorp/aws\\\"]\",\n"
	"      \"instances\": [\n"
	"        {\n"
	"          \"schema_version\": 2,\n"
	"          \"attributes\": {\n"
	"            \"id\": \"db-ORDERSPRIMARY0000000000\",\n"
	"            \"identifier\": \"orders\",\n"
	"            \"arn\": \"arn:aws:rds:eu-west-1:123456789012:db:orders\",\n"
	"            \"engine\": \"postgres\",\n"
	"            \"engine_version\": \"16.4\",\n"
	"            \"instance_class\": \"db.t4g.medium\",\n"
	"            \"availability_zone\": \"eu-west-1a\",\n"
	"            \"address\": \"orders.c1example.eu-west-1.rds.amazonaws.com\",\n"
	"            \"backup_retention_period\": 7,\n"
	"            \"storage_encrypted\": true\n"
	"          },\n"
	"          \"sensitive_attributes\": []\n"
	"        }\n"
	"      ]\n"
	"    },\n"
	"    {\n"
	"      \"mode\": \"managed\",\n"
	"      \"type\": \"aws_db_instance\",\n"
	"      \"name\": \"orders_replica\",\n"
	"      \"provider\": \"provider[\\\"registry.terraform.io/hashicorp/aws\\\"].dr\",\n"
	"      \"instances\": [\n"
	"        {\n"
	"          \"schema_version\": 2,\n"
	"          \"attributes\": {\n"
	"            \"id\": \"db-ORDERSREPLICA0000000000\",\n"
	"            \"identifier\": \"orders-replica\",\n"
	"            \"arn\": \"arn:aws:rds:eu-central-1:123456789012:db:orders-replica\",\n"
	"            \"engine\": \"postgres\",\n"
	"            \"engine_version\": \"16.4\",\n"
	"            \"instance_class\": \"db.t4g.medium\",\n"
	"            \"availability_zone\": \"eu-central-1a\",\n"
	"            \"address\": \"orders-replica.c2example.eu-central-1.rds.amazonaws.com\",\n"
	"            \"replicate_source_db\": \"arn:aws:rds:eu-west-1:123456789012:db:orders\",\n"
	"            \"backup_retention_period\": 7,\n"
	"            \"storage_encrypted\": true\n"
	"          },\n"
	"          \"sensitive_attributes\": []\n"
	"        }\n"
	"      ]\n"
	"    },\n"
	"    {\n"
	"      \"mode\": \"managed\",\n"
	"      \"type\": \"aws_kms_key\",\n"
	"      \"name\": \"dr\",\n"
	"      \"provider\": \"provider[\\\"registry.terraform.io/hashicorp/aws\\\"].dr\",\n"
	"      \"instances\": [\n"
	"        {\n"
	"          \"schema_version\": 0,\n"
	"          \"attributes\": {\n"
	"            \"id\": \"5d0c1b2a-3e4f-4a5b-8c6d-7e8f9a0b1c2d\",\n"
	"            \"arn\": \"arn:aws:kms:eu-central-1:123456789012:key/5d0c1b2a-3e4f-4a5b-8c6d-7e8f9a0b1c2d\",\n"
	"            \"key_id\": \"5d0c1b2a-3e4f-4a5b-8c6d-7e8f9a0b1c2d\",\n"
	"            \"description\": \"orders backups in the DR region\",\n"
	"            \"enable_key_rotation\": true,\n"
	"            \"multi_region\": false\n"
	"          },\n"
	"          \"sensitive_attributes\": []\n"
	"        }\n"
	"      ]\n"
	"    },\n"
	"    {\n"
	"      \"mode\": \"managed\",\n"
	"      \"type\": \"aws_db_instance_automated_backups_replication\",\n"
	"      \"name\": \"orders\",\n"
	"      \"provider\": \"provider[\\\"registry.terraform.io/hashicorp/aws\\\"].dr\",\n"
	"      \"instances\": [\n"
	"        {\n"
	"          \"schema_version\": 0,\n"
	"          \"attributes\": {\n"
	"            \"id\": \"arn:aws:rds:eu-central-1:123456789012:auto-backup:ab-orders0example0000000000\",\n"
	"            \"source_db_instance_arn\": \"arn:aws:rds:eu-west-1:123456789012:db:orders\",\n"
	"            \"retention_period\": 7,\n"
	"            \"kms_key_id\": \"arn:aws:kms:eu-central-1:123456789012:key/5d0c1b2a-3e4f-4a5b-8c6d-7e8f9a0b1c2d\"\n"
	"          },\n"
	"          \"sensitive_attributes\": []\n"
	"        }\n"
	"      ]\n"
	"    },\n"
	"    {\n"
	"      \"mode\": \"managed\",\n"
	"      \"type\": \"aws_route53_health_check\",\n"
	"      \"name\": \"orders_primary\",\n"
	"      \"provider\": \"provider[\\\"registry.terraform.io/hashicorp/aws\\\"]\",\n"
	"      \"instances\": [\n"
	"        {\n"
	"          \"schema_version\": 0,\n"
	"          \"attributes\": {\n"
	"            \"id\": \"7a1b2c3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d\",\n"
	"            \"arn\": \"arn:aws:route53:::healthcheck/7a1b2c3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d\",\n"
	"            \"type\": \"TCP\",\n"
	"            \"fqdn\": \"orders.c1example.eu-west-1.rds.amazonaws.com\",\n"
	"            \"port\": 5432,\n"
	"            \"request_interval\": 30,\n"
	"            \"failure_threshold\": 3\n"
	"          },\n"
	"          \"sensitive_attributes\": []\n"
	"        }\n"
	"      ]\n"
	"    },\n"
	"    {\n"
	"      \"mode\": \"managed\",\n"
	"      \"type\": \"aws_route53_record\",\n"
	"      \"name\": \"orders_primary\",\n"
	"      \"provider\": \"provider[\\\"registry.terraform.io/hashicorp/aws\\\"]\",\n"
	"      \"instances\": [\n"
	"        {\n"
	"          \"schema_version\": 2,\n"
	"          \"attributes\": {\n"
	"            \"id\": \"Z0EXAMPLE00000000000_db.example.com_CNAME_primary\",\n"
	"            \"zone_id\": \"Z0EXAMPLE00000000000\",\n"
	"            \"name\": \"db.example.com\",\n"
	"            \"fqdn\": \"db.example.com\",\n"
	"            \"type\": \"CNAME\",\n"
	"            \"set_identifier\": \"primary\",\n"
	"            \"ttl\": 60,\n"
	"            \"health_check_id\": \"7a1b2c3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d\",\n"
	"            \"failover_routing_policy\": [{ \"type\": \"PRIMARY\" }],\n"
	"            \"records\": [\"orders.c1example.eu-west-1.rds.amazonaws.com\"]\n"
	"          },\n"
	"          \"sensitive_attributes\": []\n"
	"        }\n"
	"      ]\n"
	"    },\n"
	"    {\n"
	"      \"mode\": \"managed\",\n"
	"      \"type\": \"aws_route53_record\",\n"
	"      \"name\": \"orders_secondary\",\n"
	"      \"provider\": \"provider[\\\"registry.terraform.io/hashicorp/aws\\\"]\",\n"
	"      \"instances\": [\n"
	"        {\n"
	"          \"schema_version\": 2,\n"
	"          \"attributes\": {\n"
	"            \"id\": \"Z0EXAMPLE00000000000_db.example.com_CNAME_secondary\",\n"
	"            \"zone_id\": \"Z0EXAMPLE00000000000\",\n"
	"            \"name\": \"db.example.com\",\n"
	"            \"fqdn\": \"db.example.com\",\n"
	"            \"type\": \"CNAME\",\n"
	"            \"set_identifier\": \"secondary\",\n"
	"            \"ttl\": 60,\n"
	"            \"health_check_id\": \"\",\n"
	"            \"failover_routing_policy\": [{ \"type\": \"SECONDARY\" }],\n"
	"            \"records\": [\"orders-replica.c2example.eu-central-1.rds.amazonaws.com\"]\n"
	"          },\n"
	"          \"sensitive_attributes\": []\n"
	"        }\n"
	"      ]\n"
	"    }\n"
	"  ]\n"
	"}\n";

static const struct init_file {
	const char *path;
	const char *text;
} init_files[] = {
	{ "runbinder.yaml", config_yaml },
	{ "content/plan/plan.yaml", plan_yaml },
	{ "content/runbooks/failover-orders.md", failover_md },
	{ "content/runbooks/failback-orders.md", failback_md },
	{ "content/infra/terraform.tfstate", state_json },
};

/* DIR/REL, or REL alone in the current directory: paths as typed. */
static char *in_dir(const char *dir, const char *rel)
{
	return strcmp(dir, ".") ? rb_xasprintf("%s/%s", dir, rel) : rb_xstrdup(rel);
}

/* Writes one new file; never replaces one. */
static int write_new(const char *dir, const char *rel, const char *text)
{
	char *path = in_dir(dir, rel);
	char *parent = rb_xstrdup(path);
	char *slash = strrchr(parent, '/');
	size_t len = strlen(text);
	int fd, ret = -1;

	if (slash)
		*slash = '\0';
	if ((slash && rb_mkdirs(parent) < 0) ||
	    (fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644)) < 0) {
		fprintf(stderr, "runbinder init: error: cannot create '%s': %s\n", path,
			strerror(errno));
		goto done;
	}
	if (write(fd, text, len) != (ssize_t)len) {
		fprintf(stderr, "runbinder init: error: cannot write '%s': %s\n", path,
			strerror(errno));
		close(fd);
		goto done;
	}
	if (close(fd) < 0) {
		fprintf(stderr, "runbinder init: error: cannot write '%s': %s\n", path,
			strerror(errno));
		goto done;
	}
	ret = 0;
done:
	free(parent);
	free(path);
	return ret;
}

int cmd_init(int argc, char **argv)
{
	struct init_opts o = { RB_COMMON_OPTS_INIT };
	struct rb_cmd cmd;
	const char *dir = ".";
	int status = RB_EXIT_BAD_INPUT, ret;

	ret = rb_cmd_start(&cmd, "init", init_opts, RB_ARRAY_SIZE(init_opts),
			   cmd_init_help, &o, true, argc, argv);
	if (ret <= 0) {
		status = ret ? RB_EXIT_BAD_INPUT : RB_EXIT_OK;
		goto done;
	}
	if (cmd.args.nr > 1) {
		fprintf(stderr, "runbinder init: error: unexpected argument '%s'\n",
			cmd.args.items[1]);
		goto done;
	}
	if (cmd.args.nr)
		dir = cmd.args.items[0];
	/* all or nothing: check every path before the first is written */
	for (size_t i = 0; i < RB_ARRAY_SIZE(init_files); i++) {
		char *path = in_dir(dir, init_files[i].path);
		bool there = access(path, F_OK) == 0;

		if (there) {
			if (i == 0)
				fprintf(stderr, "runbinder init: error: '%s' already exists: this is a binder already (runbinder check%s%s checks it)\n",
					path, strcmp(dir, ".") ? " -C " : "", strcmp(dir, ".") ? dir : "");
			else
				fprintf(stderr, "runbinder init: error: '%s' already exists: init writes only new files; move it away or init another directory\n",
					path);
			free(path);
			goto done;
		}
		free(path);
	}
	for (size_t i = 0; i < RB_ARRAY_SIZE(init_files); i++)
		if (write_new(dir, init_files[i].path, init_files[i].text) < 0) {
			status = RB_EXIT_INTERNAL;
			goto done;
		}
	printf("wrote a binder in %s:\n", dir);
	for (size_t i = 0; i < RB_ARRAY_SIZE(init_files); i++)
		printf("  %s\n", init_files[i].path);
	if (strcmp(dir, "."))
		printf("next: runbinder check -C %s && runbinder build -C %s\n", dir, dir);
	else
		printf("next: runbinder check && runbinder build\n");
	status = RB_EXIT_OK;
done:
	rb_cmd_release(&cmd);
	return status;
}
