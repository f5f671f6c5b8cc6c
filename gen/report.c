#include <jansson.h>

#include "rules.h"
#include "report.h"

static const char *rule_of(const struct rb_diag *g)
{
	return g->rule ? g->rule : "bad-input";
}

static void dump(struct rb_buf *out, json_t *v)
{
	char *s = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

	rb_buf_adds(out, s);
	rb_buf_addch(out, '\n');
	free(s);
	json_decref(v);
}

void rb_report_json(struct rb_buf *out, const struct rb_diags *d)
{
	json_t *list = json_array();
	size_t counts[3] = { 0, 0, 0 };

	for (size_t i = 0; i < d->nr; i++) {
		const struct rb_diag *g = &d->items[i];
		json_t *f = json_pack("{s:s, s:s, s:s?, s:i, s:i, s:s}",
				      "rule", rule_of(g),
				      "severity", rb_severity_name(g->severity),
				      "path", g->path, "line", g->line, "column", g->col,
				      "message", g->message);

		if (g->hint)
			json_object_set_new(f, "hint", json_string(g->hint));
		json_array_append_new(list, f);
		counts[g->severity]++;
	}
	dump(out, json_pack("{s:i, s:{s:I, s:I, s:I}, s:o}", "version", 1,
			    "counts", "error", (json_int_t)counts[RB_SEV_ERROR],
			    "warning", (json_int_t)counts[RB_SEV_WARNING],
			    "note", (json_int_t)counts[RB_SEV_NOTE],
			    "findings", list));
}

static const char *sarif_level(enum rb_severity s)
{
	return s == RB_SEV_ERROR ? "error" : s == RB_SEV_WARNING ? "warning" : "note";
}

void rb_report_sarif(struct rb_buf *out, const struct rb_diags *d,
		     const char *version)
{
	json_t *rules = json_array(), *results = json_array();

	for (size_t i = 0; i < RB_RULE_CHECKS_NR; i++)
		json_array_append_new(rules, json_pack("{s:s, s:{s:s}, s:{s:s}}",
			"id", rb_rules[i].id,
			"shortDescription", "text", rb_rules[i].summary,
			"defaultConfiguration", "level", sarif_level(rb_rules[i].severity)));
	json_array_append_new(rules, json_pack("{s:s, s:{s:s}, s:{s:s}}",
		"id", "bad-input",
		"shortDescription", "text", "a source file cannot be read as the format it must be in",
		"defaultConfiguration", "level", "error"));
	for (size_t i = 0; i < d->nr; i++) {
		const struct rb_diag *g = &d->items[i];
		json_t *res = json_pack("{s:s, s:s, s:{s:s}}", "ruleId", rule_of(g),
					"level", sarif_level(g->severity),
					"message", "text", g->message);
		json_t *region = json_object();

		if (g->line > 0)
			json_object_set_new(region, "startLine", json_integer(g->line));
		if (g->col > 0)
			json_object_set_new(region, "startColumn", json_integer(g->col));
		if (g->path) {
			json_t *phys = json_pack("{s:{s:s}}", "artifactLocation", "uri", g->path);

			if (json_object_size(region))
				json_object_set(phys, "region", region);
			json_object_set_new(res, "locations",
					    json_pack("[{s:o}]", "physicalLocation", phys));
		}
		json_decref(region);
		json_array_append_new(results, res);
	}
	dump(out, json_pack("{s:s, s:s, s:[{s:{s:{s:s, s:s, s:o}}, s:o}]}",
			    "$schema", "https://json.schemastore.org/sarif-2.1.0.json",
			    "version", "2.1.0",
			    "runs", "tool", "driver", "name", "runbinder",
			    "version", version,
			    "rules", rules, "results", results));
}

static void xml_escape(struct rb_buf *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': rb_buf_adds(out, "&amp;"); break;
		case '<': rb_buf_adds(out, "&lt;"); break;
		case '>': rb_buf_adds(out, "&gt;"); break;
		case '"': rb_buf_adds(out, "&quot;"); break;
		default:
			if ((unsigned char)*s >= 0x20 || *s == '\n' || *s == '\t')
				rb_buf_addch(out, *s);
		}
	}
}

/*
 * JUnit: each error or warning is a failed test case named by its place
 * (classname: the rule), and each rule without one is a passing case, so
 * dashboards show both what broke and what was checked.
 */
void rb_report_junit(struct rb_buf *out, const struct rb_diags *d)
{
	size_t failures = 0, total = 0;
	struct rb_buf cases = RB_BUF_INIT;

	for (size_t r = 0; r <= RB_RULE_CHECKS_NR; r++) {
		const char *id = r < RB_RULE_CHECKS_NR ? rb_rules[r].id : "bad-input";
		bool any = false;

		for (size_t i = 0; i < d->nr; i++) {
			const struct rb_diag *g = &d->items[i];

			if (strcmp(rule_of(g), id) || g->severity == RB_SEV_NOTE)
				continue;
			any = true;
			total++;
			failures++;
			rb_buf_addf(&cases, "    <testcase classname=\"%s\" name=\"", id);
			xml_escape(&cases, g->path ? g->path : "runbinder");
			if (g->line)
				rb_buf_addf(&cases, ":%d:%d", g->line, g->col);
			rb_buf_addf(&cases, "\">\n      <failure type=\"%s\" message=\"",
				    rb_severity_name(g->severity));
			xml_escape(&cases, g->message);
			rb_buf_adds(&cases, "\">");
			xml_escape(&cases, g->hint ? g->hint : g->message);
			rb_buf_adds(&cases, "</failure>\n    </testcase>\n");
		}
		if (!any) {
			total++;
			rb_buf_addf(&cases, "    <testcase classname=\"%s\" name=\"%s\"/>\n", id, id);
		}
	}
	rb_buf_addf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		    "<testsuites tests=\"%zu\" failures=\"%zu\">\n"
		    "  <testsuite name=\"runbinder check\" tests=\"%zu\" failures=\"%zu\">\n",
		    total, failures, total, failures);
	rb_buf_add(out, cases.ptr, cases.len);
	rb_buf_adds(out, "  </testsuite>\n</testsuites>\n");
	rb_buf_release(&cases);
}
