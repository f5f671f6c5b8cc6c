#include "closest.h"
#include "fields.h"
#include "duration.h"

int rb_fields_init(struct rb_fields *f, const struct rb_yaml *y, json_t *node,
		   const char *what, const char *const *allowed,
		   struct rb_diags *d)
{
	const char *key;
	json_t *val;
	size_t n = 0;

	f->yaml = y;
	f->obj = NULL;
	f->what = what;
	f->diags = d;
	if (!json_is_object(node)) {
		struct rb_loc loc = rb_yaml_loc(y, node);
		rb_error(d, loc, "%s must be a mapping", what);
		return -1;
	}
	f->obj = node;
	if (!allowed)
		return 0;
	while (allowed[n])
		n++;
	json_object_foreach(node, key, val) {
		const char *near;
		size_t i;

		(void)val;
		for (i = 0; i < n; i++)
			if (!strcmp(key, allowed[i]))
				break;
		if (i < n)
			continue;
		near = rb_closest(key, allowed, n);
		if (near)
			rb_error(d, rb_yaml_loc_key(y, node, key),
				 "unknown key '%s' in %s (did you mean '%s'?)",
				 key, what, near);
		else
			rb_error(d, rb_yaml_loc_key(y, node, key),
				 "unknown key '%s' in %s", key, what);
	}
	return 0;
}

struct rb_loc rb_field_loc(struct rb_fields *f, const char *key)
{
	if (!f->obj)
		return (struct rb_loc){ rb_yaml_path(f->yaml), 0, 0 };
	if (!key || !json_object_get(f->obj, key))
		return rb_yaml_loc(f->yaml, f->obj);
	return rb_yaml_loc_val(f->yaml, f->obj, key);
}

static json_t *field_get(struct rb_fields *f, const char *key, bool required)
{
	json_t *v = f->obj ? json_object_get(f->obj, key) : NULL;

	if (v && json_is_null(v))
		v = NULL;
	if (!v && required && f->obj)
		rb_error(f->diags, rb_yaml_loc(f->yaml, f->obj),
			 "missing '%s' in %s", key, f->what);
	return v;
}

const char *rb_field_str(struct rb_fields *f, const char *key, bool required)
{
	json_t *v = field_get(f, key, required);

	if (!v)
		return NULL;
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v)) {
		/* keep a plain number usable as text, e.g. `id: 42` */
		char tmp[32];
		snprintf(tmp, sizeof(tmp), "%lld", (long long)json_integer_value(v));
		json_object_set_new(f->obj, key, json_string(tmp));
		return json_string_value(json_object_get(f->obj, key));
	}
	rb_error(f->diags, rb_field_loc(f, key), "'%s' in %s must be a string",
		 key, f->what);
	return NULL;
}

long rb_field_duration(struct rb_fields *f, const char *key, long fallback)
{
	json_t *v = field_get(f, key, false);
	long secs;

	if (!v)
		return fallback;
	if (!json_is_string(v) || rb_duration_parse(json_string_value(v), &secs) < 0) {
		rb_error(f->diags, rb_field_loc(f, key),
			 "'%s' in %s must be a duration like 90s, 15m, 1h30m or 1d",
			 key, f->what);
		return fallback;
	}
	return secs;
}

long rb_field_date(struct rb_fields *f, const char *key, bool required)
{
	json_t *v = field_get(f, key, required);
	long days;

	if (!v)
		return -1;
	if (!json_is_string(v) || rb_date_parse(json_string_value(v), &days) < 0) {
		rb_error(f->diags, rb_field_loc(f, key),
			 "'%s' in %s must be a date like 2026-11-01", key, f->what);
		return -1;
	}
	return days;
}

long rb_field_int(struct rb_fields *f, const char *key, long fallback)
{
	json_t *v = field_get(f, key, false);

	if (!v)
		return fallback;
	if (!json_is_integer(v)) {
		rb_error(f->diags, rb_field_loc(f, key),
			 "'%s' in %s must be a whole number", key, f->what);
		return fallback;
	}
	return (long)json_integer_value(v);
}

long rb_field_percent(struct rb_fields *f, const char *key, long fallback)
{
	json_t *v = field_get(f, key, false);
	const char *t = json_string_value(v);
	char *end = NULL;
	long n = -1;

	if (!v)
		return fallback;
	if (json_is_integer(v))
		n = (long)json_integer_value(v);
	else if (t && *t >= '0' && *t <= '9')
		n = strtol(t, &end, 10);
	if (n < 0 || n > 100 || (t && (!end || strcmp(end, "%")))) {
		rb_error(f->diags, rb_field_loc(f, key),
			 "'%s' in %s must be a share from 0%% to 100%%, like 20%%", key, f->what);
		return fallback;
	}
	return n;
}

json_t *rb_field_str_list(struct rb_fields *f, const char *key)
{
	json_t *v = field_get(f, key, false);
	size_t i;
	json_t *e;

	if (!v)
		return NULL;
	if (!json_is_array(v)) {
		rb_error(f->diags, rb_field_loc(f, key),
			 "'%s' in %s must be a list", key, f->what);
		return NULL;
	}
	json_array_foreach(v, i, e) {
		if (!json_is_string(e)) {
			rb_error(f->diags, rb_yaml_loc_at(f->yaml, v, i),
				 "entries of '%s' in %s must be strings", key,
				 f->what);
			return NULL;
		}
	}
	return v;
}

json_t *rb_field_map(struct rb_fields *f, const char *key)
{
	json_t *v = field_get(f, key, false);

	if (!v)
		return NULL;
	if (!json_is_object(v)) {
		rb_error(f->diags, rb_field_loc(f, key),
			 "'%s' in %s must be a mapping", key, f->what);
		return NULL;
	}
	return v;
}

static bool field_pair(struct rb_fields *f, const char *key, json_t **a,
		       json_t **b, const char *kind)
{
	json_t *v = field_get(f, key, false);

	if (!v)
		return false;
	if (!json_is_array(v) || json_array_size(v) != 2) {
		rb_error(f->diags, rb_field_loc(f, key),
			 "'%s' in %s must be a pair [low, high] of %s", key,
			 f->what, kind);
		return false;
	}
	*a = json_array_get(v, 0);
	*b = json_array_get(v, 1);
	return true;
}

bool rb_field_duration_range(struct rb_fields *f, const char *key, long *lo,
			     long *hi)
{
	json_t *a, *b;
	long x, y;

	if (!field_pair(f, key, &a, &b, "durations"))
		return false;
	if (!json_is_string(a) || !json_is_string(b) ||
	    rb_duration_parse(json_string_value(a), &x) < 0 ||
	    rb_duration_parse(json_string_value(b), &y) < 0 || x > y) {
		rb_error(f->diags, rb_field_loc(f, key),
			 "'%s' in %s must be a pair [low, high] of durations",
			 key, f->what);
		return false;
	}
	*lo = x;
	*hi = y;
	return true;
}

bool rb_field_int_range(struct rb_fields *f, const char *key, long *lo,
			long *hi)
{
	json_t *a, *b;

	if (!field_pair(f, key, &a, &b, "numbers"))
		return false;
	if (!json_is_integer(a) || !json_is_integer(b) ||
	    json_integer_value(a) > json_integer_value(b)) {
		rb_error(f->diags, rb_field_loc(f, key),
			 "'%s' in %s must be a pair [low, high] of numbers",
			 key, f->what);
		return false;
	}
	*lo = (long)json_integer_value(a);
	*hi = (long)json_integer_value(b);
	return true;
}

const char *rb_field_enum(struct rb_fields *f, const char *key,
			  const char *const *choices, bool required)
{
	const char *s = rb_field_str(f, key, required);
	struct rb_buf list = RB_BUF_INIT;
	const char *near;
	size_t n;

	if (!s)
		return NULL;
	for (n = 0; choices[n]; n++)
		if (!strcmp(s, choices[n]))
			return choices[n];
	for (size_t i = 0; i < n; i++)
		rb_buf_addf(&list, "%s%s", i ? ", " : "", choices[i]);
	near = rb_closest(s, choices, n);
	rb_error(f->diags, rb_field_loc(f, key),
		 "'%s' in %s must be one of %s, not '%s'%s%s%s", key, f->what,
		 list.ptr, s, near ? " (did you mean '" : "", near ? near : "",
		 near ? "'?)" : "");
	rb_buf_release(&list);
	return NULL;
}
