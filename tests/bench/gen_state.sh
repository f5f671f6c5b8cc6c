#!/bin/sh
# Writes a synthetic Terraform state v4 with N resources to stdout: RDS
# instances, ECS services in a module with for_each keys, and counted
# Route 53 records, with sensitive attributes, like a large real estate.
# The ECS cluster bench-dr and its services svcK-partP are the ones the
# runbooks of gen_binder.sh name, so a binder checks clean against it.
n=${1:-1000}
awk -v n="$n" 'BEGIN {
	printf "{\n\"version\": 4,\n\"terraform_version\": \"1.9.8\",\n\"serial\": 1,\n"
	printf "\"lineage\": \"00000000-0000-4000-8000-000000000000\",\n\"outputs\": {},\n\"resources\": [\n"
	per = 100
	printf "{\"mode\":\"managed\",\"type\":\"aws_ecs_cluster\",\"name\":\"bench\","
	printf "\"provider\":\"provider[\\\"registry.terraform.io/hashicorp/aws\\\"].dr\",\"instances\":["
	printf "{\"schema_version\":0,\"attributes\":{\"id\":\"arn:aws:ecs:us-west-2:123456789012:cluster/bench-dr\","
	printf "\"arn\":\"arn:aws:ecs:us-west-2:123456789012:cluster/bench-dr\",\"name\":\"bench-dr\"},\"sensitive_attributes\":[]}]},\n"
	made = 1
	groups = int((n + per - 1) / per)
	ecs = 0
	for (g = 0; g < groups && made < n; g++) {
		kind = g % 3
		if (g) printf ",\n"
		if (kind == 0) {
			printf "{\"mode\":\"managed\",\"type\":\"aws_db_instance\",\"name\":\"db%d\",", g
			printf "\"provider\":\"provider[\\\"registry.terraform.io/hashicorp/aws\\\"]\",\"instances\":["
		} else if (kind == 1) {
			printf "{\"module\":\"module.svc%d\",\"mode\":\"managed\",\"type\":\"aws_ecs_service\",\"name\":\"backend\",", g
			printf "\"provider\":\"provider[\\\"registry.terraform.io/hashicorp/aws\\\"].dr\",\"instances\":["
		} else {
			printf "{\"mode\":\"managed\",\"type\":\"aws_route53_record\",\"name\":\"rec%d\",", g
			printf "\"provider\":\"provider[\\\"registry.terraform.io/hashicorp/aws\\\"]\",\"instances\":["
		}
		for (i = 0; i < per && made < n; i++) {
			if (i) printf ","
			if (kind == 0) {
				printf "{\"index_key\":%d,\"schema_version\":2,\"attributes\":{\"id\":\"db-%06d%04d\",\"identifier\":\"db-%d-%d\",", i, g, i, g, i
				printf "\"arn\":\"arn:aws:rds:us-east-1:123456789012:db:db-%d-%d\",\"instance_class\":\"db.r6g.large\",", g, i
				printf "\"engine\":\"postgres\",\"engine_version\":\"15.4\",\"password\":\"pw-%d-%d\",\"availability_zone\":\"us-east-1a\"},", g, i
				printf "\"sensitive_attributes\":[[{\"type\":\"get_attr\",\"value\":\"password\"}]]}"
			} else if (kind == 1) {
				svc = sprintf("svc%d-part%d", int(ecs / 6), ecs % 6 + 1)
				ecs++
				printf "{\"index_key\":\"%s\",\"schema_version\":0,\"attributes\":{\"id\":\"arn:aws:ecs:us-west-2:123456789012:service/bench-dr/%s\",", svc, svc
				printf "\"name\":\"%s\",\"cluster\":\"arn:aws:ecs:us-west-2:123456789012:cluster/bench-dr\",\"desired_count\":%d,", svc, i % 4
				printf "\"task_definition\":\"arn:aws:ecs:us-west-2:123456789012:task-definition/%s:%d\"},\"sensitive_attributes\":[]}", svc, g
			} else {
				printf "{\"index_key\":%d,\"schema_version\":2,\"attributes\":{\"id\":\"Z1_r%d-%d.example.com_A\",\"zone_id\":\"Z1\",", i, g, i
				printf "\"name\":\"r%d-%d.example.com\",\"type\":\"A\",\"ttl\":60,\"records\":[\"10.0.%d.%d\"]},\"sensitive_attributes\":[]}", g, i, g % 250, i
			}
			made++
		}
		printf "]}"
	}
	printf "\n]\n}\n"
}'
