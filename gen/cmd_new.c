/*
 * cmd_new.c - `runbinder new runbook ID`: writes a runbook skeleton with
 * front matter and one step into the binder's runbooks directory.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "binder.h"
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
		    "Writes <runbooks>/ID.md with front matter and a first step to fill in.\n"
		    "Refuses to overwrite an existing file.",
		    new_opts, RB_ARRAY_SIZE(new_opts));
}

static bool valid_kind(const char *k)
{
	return !strcmp(k, "failover") || !strcmp(k, "failback") ||
	       !strcmp(k, "restore-test") || !strcmp(k, "procedure");
}

int cmd_new(int argc, char **argv)
{
	struct new_opts o = { RB_COMMON_OPTS_INIT, NULL, NULL, NULL };
	struct rb_cmd cmd;
	int ret;
	struct rb_diags d = RB_DIAGS_INIT;
	struct rb_config config;
	struct rb_buf text = RB_BUF_INIT;
	char *path = NULL, *rdir = NULL;
	const char *id;
	int status = RB_EXIT_BAD_INPUT;
	int fd;

	memset(&config, 0, sizeof(config));
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
	if (o.kind && !valid_kind(o.kind)) {
		fprintf(stderr, "runbinder new: error: --kind takes failover, failback, restore-test or procedure, not '%s'\n", o.kind);
		goto done;
	}
	if (rb_config_load(&config, o.common.dir, &d) < 0) {
		rb_print_diags(&d);
		goto done;
	}
	rdir = rb_xasprintf("%s/%s", o.common.dir, config.runbooks_dir);
	path = rb_xasprintf("%s/%s.md", rdir, id);
	rb_buf_addf(&text, "---\nid: %s\ntitle: \"", id);
	/* a double-quoted YAML scalar keeps any title as it was typed */
	for (const char *p = o.title ? o.title : "Title of the runbook"; *p; p++) {
		if (*p == '"' || *p == '\\')
			rb_buf_addch(&text, '\\');
		if ((unsigned char)*p >= 0x20)
			rb_buf_addch(&text, *p);
	}
	rb_buf_adds(&text, "\"\n");
	if (o.service)
		rb_buf_addf(&text, "service: %s\n", o.service);
	rb_buf_addf(&text, "kind: %s\nestimate: 30m\nowners: []\n", o.kind ? o.kind : "procedure");
	rb_buf_adds(&text,
		"---\n"
		"## Step 1: Confirm the situation (5 min)\n"
		"- [ ] What to check before anything else.\n"
		"\n"
		"```bash\n"
		"aws sts get-caller-identity\n"
		"```\n");
	if (rb_mkdirs(rdir) < 0 ||
	    (fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644)) < 0) {
		fprintf(stderr, "runbinder new: error: cannot create '%s': %s\n", path,
			strerror(errno));
		goto done;
	}
	if (write(fd, text.ptr, text.len) != (ssize_t)text.len || close(fd) < 0) {
		fprintf(stderr, "runbinder new: error: cannot write '%s': %s\n", path,
			strerror(errno));
		status = RB_EXIT_INTERNAL;
		goto done;
	}
	printf("%s\n", path);
	status = RB_EXIT_OK;
done:
	rb_config_release(&config);
	rb_diags_release(&d);
	rb_cmd_release(&cmd);
	rb_buf_release(&text);
	free(path);
	free(rdir);
	return status;
}
