/*
 * report.h - findings as machine-readable reports for CI: JSON, SARIF 2.1.0
 * (code scanning) and JUnit XML (test dashboards). Load errors, which have
 * no rule, appear under the rule id "bad-input".
 */
#ifndef RB_REPORT_H
#define RB_REPORT_H

#include "diag.h"

void rb_report_json(struct rb_buf *out, const struct rb_diags *d);
void rb_report_sarif(struct rb_buf *out, const struct rb_diags *d,
		     const char *version);
void rb_report_junit(struct rb_buf *out, const struct rb_diags *d);

#endif
