/*
 * awscli.h - the AWS CLI as a table: services, their commands (waiters as
 * "wait NAME"), each command's options and which are required, the global
 * and paginator options, and the AWS regions; looked up offline to check
 * the `aws` commands of a runbook.
 *
 * The table is generated at build time by gen/awscli_gen.sh from the
 * tables in gen/awscli/ (see their README.md), into build/gen/awscli_table.c.
 * All of it is constant data: every string lives once in one pool and is
 * named by its offset; services, a service's commands and a command's
 * options are each sorted in byte order (strcmp), so every lookup is a
 * binary search. Nothing here allocates except rb_awscli_*_names().
 */
#ifndef RB_AWSCLI_H
#define RB_AWSCLI_H

#include "util.h"

/* rb_awscli_command.flags */
#define RB_AWSCLI_KIND_MASK  3u   /* 0 operation, 1 waiter, 2 customization */
#define RB_AWSCLI_PAGINATED  4u   /* takes --starting-token and --max-items */
#define RB_AWSCLI_PAGE_SIZE  8u   /* ... and --page-size */
#define RB_AWSCLI_NO_INPUT  16u   /* takes no --cli-input-json/-yaml, --generate-cli-skeleton */

/* rb_awscli_option.flags: for a command's option */
#define RB_AWSCLI_REQUIRED   1u
/* for a global option: 0 a flag, 1 takes a value, 2 an optional value */
#define RB_AWSCLI_VALUE_MASK 3u
#define RB_AWSCLI_PER_COMMAND 4u  /* --cli-input-json and the like: per command */

struct rb_awscli_service {
	uint32_t name;           /* offsets into the pool */
	uint32_t cmds, cmds_nr;  /* its commands: rb_awscli.commands[cmds...] */
};

struct rb_awscli_command {
	uint32_t name;
	uint32_t opts, opts_nr;  /* its options: rb_awscli.options[opts...] */
	uint32_t flags;
};

struct rb_awscli_option {
	uint32_t name;           /* with its leading "--" */
	uint32_t flags;
};

struct rb_awscli_table {
	const char *pool;
	size_t pool_len;
	const struct rb_awscli_service *services;
	size_t services_nr;
	const struct rb_awscli_command *commands;
	size_t commands_nr;
	const struct rb_awscli_option *options;
	size_t options_nr;
	const struct rb_awscli_option *globals;  /* in byte order */
	size_t globals_nr;
	const uint32_t *regions;                 /* in byte order */
	size_t regions_nr;
	const uint32_t *others;  /* services the CLI has that the table does not describe */
	size_t others_nr;
	const char *version;     /* the CLI releases described, e.g. "v1 1.45.55 and v2 2.36.7" */
};

extern const struct rb_awscli_table rb_awscli;

/* The pool string at `off`. */
static inline const char *rb_awscli_str(uint32_t off)
{
	return rb_awscli.pool + off;
}

/* A service the table describes, or NULL. */
const struct rb_awscli_service *rb_awscli_service(const char *name);

/* Whether the CLI has `name` as a service, described by the table or not. */
bool rb_awscli_service_known(const char *name);

/* A command of `s` ("describe-db-instances", "wait db-instance-available"), or NULL. */
const struct rb_awscli_command *rb_awscli_command(const struct rb_awscli_service *s,
						  const char *name);

/*
 * Whether command `name` of a service only reads: describe-, get-, list-,
 * wait and the like by the CLI's naming; anything else may change
 * something. s3's `ls` reads, its `cp`, `mv`, `rm`, `sync` write.
 */
bool rb_awscli_read_only(const char *name);

/* Whether `name` is an AWS region. */
bool rb_awscli_region(const char *name);

/* A global option (exact name), or NULL; per-command ones included. */
const struct rb_awscli_option *rb_awscli_global(const char *name);

enum rb_awscli_match {
	RB_AWSCLI_UNKNOWN = 0,
	RB_AWSCLI_EXACT,
	RB_AWSCLI_PREFIX,     /* an unambiguous prefix of one option */
	RB_AWSCLI_AMBIGUOUS,  /* a prefix of several */
};

/*
 * Matches an option word (`--name`, without any `=value`) of command `c`
 * as the CLI does: an exact global or command option, else an unambiguous
 * prefix of a global option, else of the command's options (its own, the
 * paginator's when paginated, --cli-input-json and the like unless the
 * command takes none). `c` may be NULL: global options only. `*full` is
 * set to the full name on a match; on RB_AWSCLI_AMBIGUOUS `*full` and
 * `*other` are two of the candidates.
 */
enum rb_awscli_match rb_awscli_option(const struct rb_awscli_command *c, const char *word,
				      const char **full, const char **other);

/*
 * Names to suggest from, for rb_closest(): a service's commands, waiters
 * (without "wait ") or the options of a command; the services; the
 * regions. The array is malloc'ed (free it), the strings are the table's.
 */
const char **rb_awscli_command_names(const struct rb_awscli_service *s, bool waiters,
				     size_t *nr);
const char **rb_awscli_option_names(const struct rb_awscli_command *c, size_t *nr);
const char **rb_awscli_service_names(size_t *nr);
const char **rb_awscli_region_names(size_t *nr);

#endif
