/*
 * cmd_new.c - `runbinder new runbook ID`: writes a runbook skeleton with
 * front matter and one step into the binder's runbooks directory. The
 * skeleton passes the checks as it is: its service must exist in the plan
 * (its owners become the runbook's), and a failover gets its failback
 * skeleton beside it, as the plan rules ask.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "binder.h"
#include "closest.h"
#include "cmd.h"
#include "opt.h"

struct new_opts {
	struct rb_common_opts common;
	const char *service, *kind, *title;
};

static const char operands[] = "runbook ID";

static const struct rb_opt new_opts[] = {
	RB_OPT_DIR(struct new_opts),
	RB_OPT_STR(0, "service", "ID", "the service the runbook recovers",
		   struct new_opts, service),
	RB_OPT_STR(0, "kind", "KIND", "failover, failback, restore-test or procedure",
		   struct new_opts, kind),
	RB_OPT_STR(0, "title", "TEXT", "the runbook's title",
		   struct new_opts, title),
	RB_OPT_HELP(struct new_opts),
};

void cmd_new_help(FILE *f)
{
	rb_opt_help(f, "new", operands,
		    "Writes <runbooks>/ID.md with front matter and a first step to fill in;\n"
		    "--kind failover also writes its failback runbook (failover-X gets\n"
		    "failback-X, else ID-failback) unless that exists. --service must name\n"
		    "a service of the plan. Refuses to overwrite an existing file.",
		    new_opts, RB_ARRAY_SIZE(new_opts));
}

static bool valid_kind(const char *k)
{
	return !strcmp(k, "failover") || !strcmp(k, "failback") ||
	       !strcmp(k, "restore-test") || !strcmp(k, "procedure");
}

/* The failback a failover's skeleton names: failover-X -> failback-X. */
static char *failback_id(const char *id)
{
	if (!strncmp(id, "failover-", 9) && id[9])
		return rb_xasprintf("failback-%s", id + 9);
	return rb_xasprintf("%s-failback", id);
}

/* The text of one skeleton. */
static void skeleton(struct rb_buf *text, const char *id, const char *title,
		     const char *kind, const struct rb_service *service,
		     const char *failback)
{
	size_t k;
	json_t *o;

	rb_buf_addf(text, "---\nid: %s\ntitle: \"", id);
	/* a double-quoted YAML scalar keeps any title as it was typed */
	for (const char *p = title; *p; p++) {
		if (*p == '"' || *p == '\\')
			rb_buf_addch(text, '\\');
		if ((unsigned char)*p >= 0x20)
			rb_buf_addch(text, *p);
	}
	rb_buf_adds(text, "\"\n");
	if (service)
		rb_buf_addf(text, "service: %s\n", service->id);
	rb_buf_addf(text, "kind: %s\n", kind);
	if (failback)
		rb_buf_addf(text, "failback: %s\n", failback);
	rb_buf_adds(text, "estimate: 5m\n");
	if (service && json_array_size(service->owners)) {
		rb_buf_adds(text, "owners: [");
		json_array_foreach(service->owners, k, o)
			rb_buf_addf(text, "%s%s", k ? ", " : "", json_string_value(o));
		rb_buf_adds(text, "]\n");
	}
	rb_buf_adds(text,
		"# requires:                     # names for resources of the infra exports\n"
		"#   db: aws_db_instance.example # then {{db.identifier}} in a command\n"
		"---\n"
		"## Step 1: Confirm the situation (5 min)\n"
		"- [ ] What to check before anything else.\n"
		"\n"
		"```bash\n"
		"aws sts get-caller-identity\n"
		"```\n");
}

/* Writes a new file, never over one; prints its path. */
static int write_new(const char *path, const struct rb_buf *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);

	if (fd < 0) {
		fprintf(stderr, "runbinder new: error: cannot create '%s': %s\n", path,
			strerror(errno));
		return RB_EXIT_BAD_INPUT;
	}
	if (write(fd, text->ptr, text->len) != (ssize_t)text->len) {
		fprintf(stderr, "runbinder new: error: cannot write '%s': %s\n", path,
			strerror(errno));
		close(fd);
		return RB_EXIT_INTERNAL;
	}
	if (close(fd) < 0) {
		fprintf(stderr, "runbinder new: error: cannot write '%s': %s\n", path,
			strerror(errno));
		return RB_EXIT_INTERNAL;
	}
	printf("%s\n", path);
	return RB_EXIT_OK;
}

/* The service --service names, or NULL after saying what is wrong. */
static const struct rb_service *find_service(struct rb_plan *plan, struct rb_diags *pd,
					     const char *id)
{
	const struct rb_service *s = rb_plan_service(plan, id);
	const char **names;
	const char *near;

	if (s)
		return s;
	/* a plan that does not load may be why: its errors first */
	if (pd->nr)
		rb_print_diags(pd);
	names = rb_xcalloc(plan->services_nr + 1, sizeof(*names));
	for (size_t i = 0; i < plan->services_nr; i++)
		names[i] = plan->services[i].id;
	near = rb_closest(id, names, plan->services_nr);
	if (near)
		fprintf(stderr, "runbinder new: error: unknown service '%s' (did you mean '%s'?)\n",
			id, near);
	else if (plan->services_nr) {
		fprintf(stderr, "runbinder new: error: unknown service '%s' (known:", id);
		for (size_t i = 0; i < plan->services_nr; i++)
			fprintf(stderr, "%s %s", i ? "," : "", names[i]);
		fputs(")\n", stderr);
	} else {
		fprintf(stderr, "runbinder new: error: unknown service '%s': the plan has no services yet (add it to the plan's services:)\n",
			id);
	}
	free(names);
	return NULL;
}

int cmd_new(int argc, char **argv)
{
	struct new_opts o = { RB_COMMON_OPTS_INIT, NULL, NULL, NULL };
	struct rb_cmd cmd;
	int ret;
	struct rb_diags d = RB_DIAGS_INIT, pd = RB_DIAGS_INIT;
	struct rb_config config;
	struct rb_plan plan;
	struct rb_buf text = RB_BUF_INIT;
	char *path = NULL, *rdir = NULL, *back = NULL, *back_path = NULL;
	const struct rb_service *service = NULL;
	const char *id, *kind;
	int status = RB_EXIT_BAD_INPUT;

	memset(&config, 0, sizeof(config));
	memset(&plan, 0, sizeof(plan));
	ret = rb_cmd_start(&cmd, "new", new_opts, RB_ARRAY_SIZE(new_opts),
			   cmd_new_help, &o, true, argc, argv);
	if (ret <= 0) {
		status = ret ? RB_EXIT_BAD_INPUT : RB_EXIT_OK;
		goto done;
	}
	if (cmd.args.nr != 2 || strcmp(cmd.args.items[0], "runbook")) {
		rb_opt_usage(stderr, "new", operands, new_opts, RB_ARRAY_SIZE(new_opts));
		goto done;
	}
	id = cmd.args.items[1];
	if (!rb_id_valid(id)) {
		fprintf(stderr, "runbinder new: error: invalid id '%s': use lowercase letters, digits, '-', '_' and '.'\n", id);
		goto done;
	}
	kind = o.kind ? o.kind : "procedure";
	if (!valid_kind(kind)) {
		fprintf(stderr, "runbinder new: error: --kind takes failover, failback, restore-test or procedure, not '%s'\n", kind);
		goto done;
	}
	if (rb_config_load(&config, o.common.dir, &d) < 0) {
		rb_print_diags(&d);
		goto done;
	}
	rb_plan_load(&plan, o.common.dir, config.plan_dir, &pd);
	if (o.service && !(service = find_service(&plan, &pd, o.service)))
		goto done;
	/* paths as the user would type them: no "./" in front */
	rdir = strcmp(o.common.dir, ".") ? rb_xasprintf("%s/%s", o.common.dir, config.runbooks_dir)
					 : rb_xstrdup(config.runbooks_dir);
	path = rb_xasprintf("%s/%s.md", rdir, id);
	if (!strcmp(kind, "failover")) {
		back = failback_id(id);
		back_path = rb_xasprintf("%s/%s.md", rdir, back);
	}
	if (access(path, F_OK) == 0) {
		fprintf(stderr, "runbinder new: error: '%s' already exists: choose another id, or edit it\n",
			path);
		goto done;
	}
	if (rb_mkdirs(rdir) < 0) {
		fprintf(stderr, "runbinder new: error: cannot create '%s': %s\n", rdir,
			strerror(errno));
		goto done;
	}
	skeleton(&text, id, o.title ? o.title : "Title of the runbook", kind, service, back);
	if ((status = write_new(path, &text)) != RB_EXIT_OK)
		goto done;
	/* the failback a failover names must exist: write it unless it does */
	if (back_path && access(back_path, F_OK) < 0) {
		char *title = rb_xasprintf("Fail back what %s fails over", id);

		rb_buf_reset(&text);
		skeleton(&text, back, title, "failback", service, NULL);
		free(title);
		status = write_new(back_path, &text);
	}
done:
	rb_plan_release(&plan);
	rb_config_release(&config);
	rb_diags_release(&d);
	rb_diags_release(&pd);
	rb_cmd_release(&cmd);
	rb_buf_release(&text);
	free(path);
	free(rdir);
	free(back);
	free(back_path);
	return status;
}
