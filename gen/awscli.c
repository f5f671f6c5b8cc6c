/*
 * awscli.c - lookups in the generated AWS CLI table: binary searches over
 * sorted ranges of pool offsets, and option matching by the CLI's rules.
 */
#include "awscli.h"

/* The first of `nr` offsets (stride `size` bytes from `base`) not below `key`. */
static size_t lower_bound(const void *base, size_t nr, size_t size, const char *key)
{
	const char *p = base;
	size_t lo = 0, hi = nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint32_t off;

		memcpy(&off, p + mid * size, sizeof(off));
		if (strcmp(rb_awscli_str(off), key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool found_at(const void *base, size_t nr, size_t size, size_t i, const char *key)
{
	uint32_t off;

	if (i >= nr)
		return false;
	memcpy(&off, (const char *)base + i * size, sizeof(off));
	return !strcmp(rb_awscli_str(off), key);
}

const struct rb_awscli_service *rb_awscli_service(const char *name)
{
	size_t i = lower_bound(rb_awscli.services, rb_awscli.services_nr,
			       sizeof(*rb_awscli.services), name);

	return found_at(rb_awscli.services, rb_awscli.services_nr, sizeof(*rb_awscli.services),
			i, name) ? &rb_awscli.services[i] : NULL;
}

bool rb_awscli_service_known(const char *name)
{
	size_t i = lower_bound(rb_awscli.others, rb_awscli.others_nr, sizeof(uint32_t), name);

	return rb_awscli_service(name) ||
	       found_at(rb_awscli.others, rb_awscli.others_nr, sizeof(uint32_t), i, name);
}

const struct rb_awscli_command *rb_awscli_command(const struct rb_awscli_service *s,
						  const char *name)
{
	const struct rb_awscli_command *c = rb_awscli.commands + s->cmds;
	size_t i = lower_bound(c, s->cmds_nr, sizeof(*c), name);

	return found_at(c, s->cmds_nr, sizeof(*c), i, name) ? &c[i] : NULL;
}

bool rb_awscli_read_only(const char *name)
{
	static const char *const reading[] = {
		"describe-", "get-", "list-", "batch-get-", "head-", "lookup-",
		"search-", "filter-", "estimate-", "preview-", "validate-",
		"simulate-", "test-", "select-", "query", "scan", "wait", "ls",
		"help", "presign", "tail",
	};

	for (size_t i = 0; i < RB_ARRAY_SIZE(reading); i++) {
		size_t n = strlen(reading[i]);

		/* a prefix ending in '-', else the whole name ("wait", "ls") */
		if (reading[i][n - 1] == '-' ? !strncmp(name, reading[i], n) : !strcmp(name, reading[i]))
			return true;
	}
	return false;
}

bool rb_awscli_region(const char *name)
{
	size_t i = lower_bound(rb_awscli.regions, rb_awscli.regions_nr, sizeof(uint32_t), name);

	return found_at(rb_awscli.regions, rb_awscli.regions_nr, sizeof(uint32_t), i, name);
}

const struct rb_awscli_option *rb_awscli_global(const char *name)
{
	size_t i = lower_bound(rb_awscli.globals, rb_awscli.globals_nr,
			       sizeof(*rb_awscli.globals), name);

	return found_at(rb_awscli.globals, rb_awscli.globals_nr, sizeof(*rb_awscli.globals),
			i, name) ? &rb_awscli.globals[i] : NULL;
}

/* The options a command has beside its own: the paginator's. */
static const char *const paginator_opts[] = { "--max-items", "--page-size", "--starting-token" };

static bool has_paginator_opt(const struct rb_awscli_command *c, size_t k)
{
	if (!(c->flags & RB_AWSCLI_PAGINATED))
		return false;
	return strcmp(paginator_opts[k], "--page-size") || (c->flags & RB_AWSCLI_PAGE_SIZE);
}

static bool has_global(const struct rb_awscli_command *c, const struct rb_awscli_option *g)
{
	if (!(g->flags & RB_AWSCLI_PER_COMMAND))
		return true;
	return c && !(c->flags & RB_AWSCLI_NO_INPUT);
}

/* Counts a prefix match: the first two candidates are kept. */
static void candidate(const char *name, size_t *n, const char **full, const char **other)
{
	if (*n == 0)
		*full = name;
	else if (*n == 1)
		*other = name;
	(*n)++;
}

enum rb_awscli_match rb_awscli_option(const struct rb_awscli_command *c, const char *word,
				      const char **full, const char **other)
{
	const struct rb_awscli_option *o = c ? rb_awscli.options + c->opts : NULL;
	size_t n = 0, i, g;

	*full = *other = NULL;
	if (word[0] != '-' || word[1] != '-' || !word[2])
		return RB_AWSCLI_UNKNOWN;
	/* exact: a global, an option of the command, a paginator's */
	g = lower_bound(rb_awscli.globals, rb_awscli.globals_nr, sizeof(*rb_awscli.globals), word);
	if (found_at(rb_awscli.globals, rb_awscli.globals_nr, sizeof(*rb_awscli.globals), g, word) &&
	    has_global(c, &rb_awscli.globals[g])) {
		*full = rb_awscli_str(rb_awscli.globals[g].name);
		return RB_AWSCLI_EXACT;
	}
	if (c) {
		i = lower_bound(o, c->opts_nr, sizeof(*o), word);
		if (found_at(o, c->opts_nr, sizeof(*o), i, word)) {
			*full = rb_awscli_str(o[i].name);
			return RB_AWSCLI_EXACT;
		}
		for (size_t k = 0; k < RB_ARRAY_SIZE(paginator_opts); k++)
			if (has_paginator_opt(c, k) && !strcmp(paginator_opts[k], word)) {
				*full = paginator_opts[k];
				return RB_AWSCLI_EXACT;
			}
	}
	/*
	 * A prefix: the CLI parses the global options first, so a prefix of
	 * one global option is that option even if a command option shares it.
	 */
	for (i = g; i < rb_awscli.globals_nr &&
		    rb_starts_with(rb_awscli_str(rb_awscli.globals[i].name), word); i++)
		if (!(rb_awscli.globals[i].flags & RB_AWSCLI_PER_COMMAND))
			candidate(rb_awscli_str(rb_awscli.globals[i].name), &n, full, other);
	if (n == 1)
		return RB_AWSCLI_PREFIX;
	if (n > 1)
		return RB_AWSCLI_AMBIGUOUS;
	if (!c)
		return RB_AWSCLI_UNKNOWN;
	for (i = lower_bound(o, c->opts_nr, sizeof(*o), word);
	     i < c->opts_nr && rb_starts_with(rb_awscli_str(o[i].name), word); i++)
		candidate(rb_awscli_str(o[i].name), &n, full, other);
	for (size_t k = 0; k < RB_ARRAY_SIZE(paginator_opts); k++)
		if (has_paginator_opt(c, k) && rb_starts_with(paginator_opts[k], word))
			candidate(paginator_opts[k], &n, full, other);
	for (i = 0; i < rb_awscli.globals_nr; i++) {
		const char *name = rb_awscli_str(rb_awscli.globals[i].name);

		if ((rb_awscli.globals[i].flags & RB_AWSCLI_PER_COMMAND) &&
		    has_global(c, &rb_awscli.globals[i]) && rb_starts_with(name, word))
			candidate(name, &n, full, other);
	}
	if (n == 1)
		return RB_AWSCLI_PREFIX;
	return n ? RB_AWSCLI_AMBIGUOUS : RB_AWSCLI_UNKNOWN;
}

const char **rb_awscli_command_names(const struct rb_awscli_service *s, bool waiters,
				     size_t *nr)
{
	const char **names = rb_xcalloc(s->cmds_nr + 1, sizeof(*names));

	*nr = 0;
	for (size_t i = 0; i < s->cmds_nr; i++) {
		const char *name = rb_awscli_str(rb_awscli.commands[s->cmds + i].name);
		bool waiter = rb_starts_with(name, "wait ");

		if (waiter == waiters)
			names[(*nr)++] = waiter ? name + 5 : name;
	}
	return names;
}

const char **rb_awscli_option_names(const struct rb_awscli_command *c, size_t *nr)
{
	const char **names = rb_xcalloc(c->opts_nr + RB_ARRAY_SIZE(paginator_opts) +
					rb_awscli.globals_nr + 1, sizeof(*names));

	*nr = 0;
	for (size_t i = 0; i < c->opts_nr; i++)
		names[(*nr)++] = rb_awscli_str(rb_awscli.options[c->opts + i].name);
	for (size_t k = 0; k < RB_ARRAY_SIZE(paginator_opts); k++)
		if (has_paginator_opt(c, k))
			names[(*nr)++] = paginator_opts[k];
	for (size_t i = 0; i < rb_awscli.globals_nr; i++)
		if (has_global(c, &rb_awscli.globals[i]))
			names[(*nr)++] = rb_awscli_str(rb_awscli.globals[i].name);
	return names;
}

const char **rb_awscli_service_names(size_t *nr)
{
	const char **names = rb_xcalloc(rb_awscli.services_nr + rb_awscli.others_nr + 1,
					sizeof(*names));

	*nr = 0;
	for (size_t i = 0; i < rb_awscli.services_nr; i++)
		names[(*nr)++] = rb_awscli_str(rb_awscli.services[i].name);
	for (size_t i = 0; i < rb_awscli.others_nr; i++)
		names[(*nr)++] = rb_awscli_str(rb_awscli.others[i]);
	return names;
}

const char **rb_awscli_region_names(size_t *nr)
{
	const char **names = rb_xcalloc(rb_awscli.regions_nr + 1, sizeof(*names));

	*nr = rb_awscli.regions_nr;
	for (size_t i = 0; i < rb_awscli.regions_nr; i++)
		names[i] = rb_awscli_str(rb_awscli.regions[i]);
	return names;
}
