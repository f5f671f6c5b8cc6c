#!/bin/sh
# Writes a synthetic binder of N runbooks into DIR: runbook-like Markdown
# (front matter, steps with estimates, task lists, tables, aws commands with
# continuations, links between runbooks), a plan with services and drills.
# Deterministic: the same N gives the same files.
n=${1:-100}
dir=${2:-build/bench/binder-$n}
mkdir -p "$dir/content/plan" "$dir/content/runbooks"
cat > "$dir/runbinder.yaml" <<YAML
title: Synthetic binder of $n runbooks
organisation: Bench Ltd
classification: INTERNAL
regions: { primary: us-east-1, dr: us-west-2 }
YAML
awk -v n="$n" -v dir="$dir" 'BEGIN {
	plan = dir "/content/plan/plan.yaml"
	print "tiers:" > plan
	for (t = 1; t <= 4; t++)
		printf "  T%d: { signoff: { by: \"Bench Owner\", date: 2026-01-10 } }\n", t > plan
	print "contacts:" > plan
	for (c = 0; c < 5; c++)
		printf "  - { id: c%d, name: Contact %d, role: On call, phone: \"+1 555 010%d\", email: c%d@example.com, escalation: %d }\n", c, c, c, c, c + 1 > plan
	print "services:" > plan
	services = int(n / 10) + 1
	for (s = 0; s < services; s++)
		printf "  - { id: svc%d, name: Service %d, tier: T%d, owners: [c0, c1, c2] }\n", s, s, s % 4 + 1 > plan
	print "drills:" > plan
	for (m = 1; m <= 9; m++) {
		printf "  - { date: 2026-%02d-10, type: backup-restore, result: pass, rto: 45m }\n", m > plan
	}
	print "  - { date: 2026-09-01, type: tabletop, result: pass }" > plan
	print "  - { date: 2026-09-15, type: component-failover, result: pass }" > plan
	print "  - { date: 2026-07-01, type: full-drill, result: pass }" > plan
	close(plan)
	for (i = 0; i < n; i++) {
		f = sprintf("%s/content/runbooks/rb-%05d.md", dir, i)
		printf "---\nid: rb-%05d\ntitle: Recover component %d of service %d\nservice: svc%d\n", i, i, int(i / 10), int(i / 10) > f
		printf "kind: procedure\nestimate: 45m\nowners: [c0, c1, c2]\nlast_reviewed: 2026-10-01\n---\n" > f
		printf "Recover component %d when its region fails. Read every step before you start;\n", i > f
		printf "the commands are exact and safe to copy. See [the next runbook](rb-%05d.html).\n\n", (i + 1) % n > f
		for (s = 1; s <= 6; s++) {
			printf "## Step %d: Do part %d of the recovery (%d-%d min)\n\n", s, s, s, s + 4 > f
			printf "This step moves part %d of component %d to the DR region. It checks the\n", s, i > f
			printf "state first, then changes it, then verifies the change. **Stop** if a\n" > f
			printf "check fails and call the incident commander; do not improvise.\n\n" > f
			printf "- [ ] The health check of part %d is failing in us-east-1\n", s > f
			printf "- [ ] The DR copy of part %d is up to date\n- [ ] The change is announced\n\n", s > f
			if (s % 2 == 0) {
				printf "| Check | Expected | Where |\n|---|---|---|\n" > f
				printf "| Replica lag | under 60 seconds | CloudWatch ReplicaLag |\n" > f
				printf "| Tasks | %d running | ECS console |\n| DNS | DR load balancer | dig |\n\n", s > f
			}
			printf "```bash\naws ecs update-service --cluster bench-dr --service svc%d-part%d \\\n", int(i / 10), s > f
			printf "  --desired-count %d --region us-west-2\n", s > f
			printf "aws ecs wait services-stable --cluster bench-dr --services svc%d-part%d --region us-west-2\n```\n\n", int(i / 10), s > f
		}
		close(f)
	}
}'
