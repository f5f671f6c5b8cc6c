/*
 * pages.h - the binder's pages in each format, written into the staging
 * output: HTML (page_html.c) and text (page_text.c). Both take the loaded
 * binder and the view model; they record errors in `d` and return -1 on
 * a template or write error.
 */
#ifndef RB_PAGES_H
#define RB_PAGES_H

#include "binder.h"
#include "output.h"
#include "templates.h"

struct rb_page_ctx {
	struct rb_binder *binder;
	json_t *model;
	const struct rb_diags *findings; /* the checks' findings */
	long long build_time;
	struct rb_templates *templates;
	struct rb_output *out;
	struct rb_diags *diags;
	/* where each runbook is in binder.pdf (physical page numbers, from 1),
	   by runbook index; NULL until binder.pdf is laid out */
	struct rb_print_pages *print;
};

struct rb_print_pages {
	unsigned first, last;	/* 0: not in binder.pdf */
};

/* Links to runbooks and files made the binder's; files copied (page_files.c). */
int rb_pages_files(struct rb_page_ctx *c);
int rb_pages_html(struct rb_page_ctx *c);
int rb_pages_text(struct rb_page_ctx *c);
/*
 * The PDFs (pdf_jobs.c), binder.pdf when `formats` has RB_FMT_PDF, the
 * runbook PDFs when it has RB_FMT_RUNBOOK_PDF: started after the scripts
 * (binder.pdf lists their digests), made by forked processes while this
 * one writes the text and the HTML. rb_pages_pdf_pages waits for
 * binder.pdf's layout and fills `print` (each runbook's pages in it, for
 * the HTML: not in the view model, whose pages a helper shares until one
 * side writes to them); finish takes this process's share of the
 * runbook PDFs and the others' files and messages. `cancel` stops them
 * (the build failed). Without helpers (a small binder, one core,
 * RUNBINDER_JOBS=1) binder.pdf is made in start and the runbook PDFs in
 * finish, by this process.
 */
struct rb_pdf_jobs;
struct rb_pdf_jobs *rb_pages_pdf_start(struct rb_page_ctx *c, unsigned formats);
int rb_pages_pdf_pages(struct rb_page_ctx *c, struct rb_pdf_jobs *j);
int rb_pages_pdf_finish(struct rb_page_ctx *c, struct rb_pdf_jobs *j, bool cancel);
/* binder.pdf; the PDF of runbook i, or its copy in the previous binder (page_pdf.c) */
int rb_page_binder_pdf(struct rb_page_ctx *c);
int rb_page_runbook_pdf(struct rb_page_ctx *c, size_t i);
/*
 * The step scripts, made (their digests put in the view model: the pages
 * list them) and held in memory, then written: the PDF helpers start in
 * between, so the writing, which on a cold disk makes most of the
 * binder's files, runs beside binder.pdf. Write frees what make returned.
 */
struct rb_scripts;
struct rb_scripts *rb_pages_scripts_make(struct rb_page_ctx *c);
int rb_pages_scripts_write(struct rb_page_ctx *c, struct rb_scripts *held);
/* out/search.js, the index the HTML pages search (search_index.c). */
int rb_search_index(struct rb_page_ctx *c);

/* What every format shares (page.c). */

/* A template that writes Markdown (plan.md), parsed; NULL on an error. */
cmark_node *rb_markdown_template(struct rb_page_ctx *c, const char *name,
				 json_t *data);

/* Writes `data` to the staging output; records an error on failure. */
int rb_page_write(struct rb_page_ctx *c, const char *rel, const char *data,
		  size_t len);

/* Markdown escaping for templates that produce Markdown (plan.md). */
void rb_escape_markdown(struct rb_buf *out, const char *s, size_t len);

#endif
