/*
 * pdf_jobs.c - the PDF phase shared among processes (see pages.h).
 *
 * binder.pdf and the runbook PDFs read the view model and write files of
 * their own, nothing else: they are made by forked processes while this
 * one writes the text and the HTML. The first helper makes binder.pdf
 * and sends where each runbook is in it (the HTML pages say so) on a pipe
 * of its own; then every process takes the next runbook PDF not yet taken
 * from a counter in shared memory, this one too once its own pages are
 * written. A helper reports on another pipe the files it wrote (with
 * their SHA-256) and the messages it has; the bytes of a file do not
 * depend on which process made it.
 */
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "model.h"
#include "pages.h"

#define MAX_JOBS 8

struct shared {
	atomic_size_t next;	/* the next runbook PDF to make */
	atomic_int stop;	/* the build failed: take no more */
};

struct rb_pdf_jobs {
	struct shared *shared;
	size_t helpers;
	pid_t pids[MAX_JOBS];
	int fds[MAX_JOBS];	/* read ends of the helpers' reports */
	int pages_fd;		/* where binder.pdf's helper sends the runbooks' pages; -1 */
	bool runbooks;		/* the runbook PDFs are made */
};

/*
 * Processes for the PDF phase: RUNBINDER_JOBS, else one per core (up to
 * 8); two at most when binder.pdf is the only PDF.
 */
static size_t jobs_wanted(size_t runbooks, bool runbook_pdfs)
{
	const char *env = getenv("RUNBINDER_JOBS");
	long cores;
	size_t n;

	if (env && *env) {
		long k = strtol(env, NULL, 10);

		n = k < 1 ? 1 : k > MAX_JOBS ? MAX_JOBS : (size_t)k;
	} else if (runbooks < 8) {
		/* a small binder is not worth a fork */
		n = 1;
	} else {
		cores = sysconf(_SC_NPROCESSORS_ONLN);
		n = cores < 2 ? 1 : cores > MAX_JOBS ? MAX_JOBS : (size_t)cores;
	}
	return !runbook_pdfs && n > 2 ? 2 : n;
}

/*
 * A runbook PDF. Its warnings are those binder.pdf gives for the same
 * text (a character no font has), said once there; its errors stay.
 */
static int runbook_pdf(struct rb_page_ctx *c, size_t i)
{
	struct rb_diags *keep = c->diags, mine = RB_DIAGS_INIT;
	int ret;

	c->diags = &mine;
	ret = rb_page_runbook_pdf(c, i);
	c->diags = keep;
	for (size_t k = 0; k < mine.nr; k++) {
		struct rb_diag *g = &mine.items[k];

		if (g->severity == RB_SEV_ERROR)
			rb_error_hint(keep, (struct rb_loc){ g->path, g->line, g->col }, g->hint,
				      "%s", g->message);
	}
	rb_diags_release(&mine);
	return ret;
}

/* Takes runbook PDFs from the shared counter until none is left. */
static int take_runbooks(struct rb_page_ctx *c, struct shared *s)
{
	size_t n = c->binder->runbooks_nr;
	int ret = 0;

	for (;;) {
		size_t i = atomic_fetch_add(&s->next, 1);

		if (i >= n || atomic_load(&s->stop))
			return ret;
		if (runbook_pdf(c, i) < 0) {
			ret = -1;
			atomic_store(&s->stop, 1);
		}
	}
}

static void put_str(struct rb_buf *b, const char *s)
{
	/* "-" for none, "+" and the text otherwise; NUL-terminated */
	rb_buf_add(b, s ? "+" : "-", 1);
	if (s)
		rb_buf_adds(b, s);
	rb_buf_add(b, "", 1);
}

static void put_int(struct rb_buf *b, long long v)
{
	rb_buf_addf(b, "%lld", v);
	rb_buf_add(b, "", 1);
}

/* The helper's report: the files it added to the binder, then its messages. */
static void report(struct rb_page_ctx *c, size_t files0, size_t diags0, int fd)
{
	struct rb_buf b = RB_BUF_INIT;

	for (size_t i = files0; i < c->out->files.nr; i++) {
		rb_buf_add(&b, "F", 1);
		put_str(&b, c->out->files.items[i]);
		put_str(&b, rb_output_sum(c->out, c->out->files.items[i]));
	}
	for (size_t i = diags0; i < c->diags->nr; i++) {
		const struct rb_diag *g = &c->diags->items[i];

		rb_buf_add(&b, "D", 1);
		put_int(&b, g->severity);
		put_str(&b, g->rule);
		put_str(&b, g->path);
		put_int(&b, g->line);
		put_int(&b, g->col);
		put_str(&b, g->message);
		put_str(&b, g->hint);
	}
	rb_write_fd(fd, b.ptr, b.len);
	rb_buf_release(&b);
}

static void helper(struct rb_page_ctx *c, struct rb_pdf_jobs *j, int pages_fd, int fd)
{
	struct shared *s = j->shared;
	size_t files0 = c->out->files.nr, diags0 = c->diags->nr;
	int status = 0;

	/* a build stopped (killed, or failed elsewhere) takes its helpers with it */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() == 1)
		_exit(1);
	/* a report nobody reads any more fails to be written, quietly */
	signal(SIGPIPE, SIG_IGN);
	if (pages_fd >= 0) {
		if (rb_page_binder_pdf(c) < 0) {
			status = 1;
			atomic_store(&s->stop, 1);
		} else {
			rb_write_fd(pages_fd, c->print,
				    c->binder->runbooks_nr * sizeof(*c->print));
		}
		close(pages_fd);
	}
	if (j->runbooks && take_runbooks(c, s) < 0)
		status = 1;
	report(c, files0, diags0, fd);
	close(fd);
	fflush(stderr);
	/* the rest is the build's, left to the kernel; this block, only
	   this process knows of (valgrind would call it lost) */
	free(j);
	_exit(status);
}

struct rb_pdf_jobs *rb_pages_pdf_start(struct rb_page_ctx *c, unsigned formats)
{
	struct rb_pdf_jobs *j = rb_xcalloc(1, sizeof(*j));
	bool binder = formats & RB_FMT_PDF;
	size_t n = c->binder->runbooks_nr;
	size_t wanted;
	void *mem;

	j->pages_fd = -1;
	j->runbooks = formats & RB_FMT_RUNBOOK_PDF;
	wanted = binder || j->runbooks ? jobs_wanted(n, j->runbooks) : 1;
	if (binder)
		c->print = rb_xcalloc(n + 1, sizeof(*c->print));
	if (wanted > 1) {
		mem = mmap(NULL, sizeof(struct shared), PROT_READ | PROT_WRITE,
			   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (mem != MAP_FAILED) {
			j->shared = mem;
			atomic_init(&j->shared->next, 0);
			atomic_init(&j->shared->stop, 0);
		}
	}
	fflush(stdout);
	fflush(stderr);
	for (size_t w = 1; j->shared && w < wanted; w++) {
		int fds[2], pages[2] = { -1, -1 };
		pid_t pid;

		/* the first helper makes binder.pdf */
		if (w == 1 && binder && pipe(pages) < 0)
			break;
		if (pipe(fds) < 0) {
			if (pages[0] >= 0) {
				close(pages[0]);
				close(pages[1]);
			}
			break;
		}
		pid = fork();
		if (pid == 0) {
			close(fds[0]);
			if (pages[0] >= 0)
				close(pages[0]);
			for (size_t k = 0; k < j->helpers; k++)
				close(j->fds[k]);
			if (j->pages_fd >= 0)
				close(j->pages_fd);
			helper(c, j, pages[1], fds[1]);
		}
		close(fds[1]);
		if (pages[1] >= 0)
			close(pages[1]);
		if (pid < 0) {
			close(fds[0]);
			if (pages[0] >= 0)
				close(pages[0]);
			break;
		}
		j->pids[j->helpers] = pid;
		j->fds[j->helpers++] = fds[0];
		if (pages[0] >= 0)
			j->pages_fd = pages[0];
	}
	/* no helper makes binder.pdf: this process, now, before the HTML */
	if (binder && j->pages_fd < 0) {
		if (rb_page_binder_pdf(c) < 0) {
			free(c->print);
			c->print = NULL;
			j->pages_fd = -2;	/* failed: finish says so */
		}
	}
	return j;
}

int rb_pages_pdf_pages(struct rb_page_ctx *c, struct rb_pdf_jobs *j)
{
	size_t want = c->binder->runbooks_nr * sizeof(*c->print), got;

	/* (binder.pdf made here, or not asked for, or failed: finish says so) */
	if (!j || j->pages_fd < 0)
		return 0;
	got = rb_read_fd(j->pages_fd, c->print, want);
	close(j->pages_fd);
	j->pages_fd = -1;
	/* the helper failed: finish says why; the pages say nothing */
	if (got < want)
		memset(c->print, 0, want);
	return 0;
}

static const char *get_str(const char **p, const char *end)
{
	const char *s = *p;
	size_t len;

	if (s >= end)
		return NULL;
	len = strnlen(s, (size_t)(end - s));
	*p = s + len + 1;
	return *s == '+' ? s + 1 : NULL;
}

static long long get_int(const char **p, const char *end)
{
	const char *s = *p;
	size_t len;

	if (s >= end)
		return 0;
	len = strnlen(s, (size_t)(end - s));
	*p = s + len + 1;
	return strtoll(s, NULL, 10);
}

/* Takes a helper's report into this process: its files and its messages. */
static int take_report(struct rb_page_ctx *c, int fd)
{
	struct rb_buf b = RB_BUF_INIT;
	const char *p, *end;

	rb_read_fd_all(fd, &b);
	close(fd);
	p = b.ptr;
	end = b.ptr + b.len;
	while (p < end) {
		char kind = *p++;

		if (kind == 'F') {
			const char *rel = get_str(&p, end), *hex = get_str(&p, end);

			if (rel)
				rb_output_adopt(c->out, rel, hex);
		} else if (kind == 'D') {
			enum rb_severity sev = (enum rb_severity)get_int(&p, end);
			const char *rule = get_str(&p, end), *path = get_str(&p, end);
			int line = (int)get_int(&p, end), col = (int)get_int(&p, end);
			const char *message = get_str(&p, end), *hint = get_str(&p, end);

			rb_finding(c->diags, sev, rule, (struct rb_loc){ path, line, col }, hint, "%s",
				   message ? message : "");
		} else {
			break;
		}
	}
	rb_buf_release(&b);
	return 0;
}

int rb_pages_pdf_finish(struct rb_page_ctx *c, struct rb_pdf_jobs *j, bool cancel)
{
	int ret = 0;

	if (!j)
		return cancel ? 0 : -1;
	if (j->shared && cancel)
		atomic_store(&j->shared->stop, 1);
	/* read, not closed: binder.pdf's helper may be writing them (no HTML asked for them) */
	if (j->pages_fd >= 0)
		rb_pages_pdf_pages(c, j);
	if (j->pages_fd == -2)
		ret = -1;
	if (!cancel && j->runbooks) {
		if (!j->shared) {
			for (size_t i = 0; ret == 0 && i < c->binder->runbooks_nr; i++)
				if (runbook_pdf(c, i) < 0)
					ret = -1;
		} else if (ret < 0) {
			atomic_store(&j->shared->stop, 1);
		} else if (take_runbooks(c, j->shared) < 0) {
			ret = -1;
		}
	}
	for (size_t w = 0; w < j->helpers; w++) {
		int status;

		/* the report first: a helper blocks on a full pipe until it is read */
		take_report(c, j->fds[w]);
		while (waitpid(j->pids[w], &status, 0) < 0 && errno == EINTR)
			;
		if (!cancel && (!WIFEXITED(status) || WEXITSTATUS(status) != 0)) {
			if (c->diags->errors == 0)
				rb_error(c->diags, (struct rb_loc){ "pdf", 0, 0 },
					 "a process making the PDFs failed");
			ret = -1;
		}
	}
	if (j->shared)
		munmap(j->shared, sizeof(*j->shared));
	free(c->print);
	c->print = NULL;
	free(j);
	return ret;
}
