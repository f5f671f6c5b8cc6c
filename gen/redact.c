/*
 * redact.c - secrets by meaning: the names that make a value secret and
 * the walk that replaces those values (the rules are in redact.h).
 */
#include <ctype.h>
#include <strings.h>

#include "redact.h"
#include "util.h"

static json_t *redacted_value;

static void free_redacted(void)
{
	json_decref(redacted_value);
	redacted_value = NULL;
}

json_t *rb_redacted(void)
{
	if (!redacted_value) {
		redacted_value = json_string("(redacted)");
		atexit(free_redacted);
	}
	return redacted_value;
}

/* A word that is a secret on its own. */
static const char *const secret_words[] = {
	"password", "passwords", "passwd", "passphrase", "pass", "pwd",
	"secret", "token", "tokens", "credential", "credentials", "apikey",
	"privatekey", "secretkey",
};

/*
 * The words that still name a secret when run together with words in
 * front (`dbpassword`, `apitoken`, `clientsecret`). Short ones (`pass`,
 * `pwd`) are left out: `bypass`, `compass`. Nothing is matched at the
 * start of a word, so `passwordless`, `tokenizer`, `secretsmanager` are
 * not secrets.
 */
static const char *const secret_suffixes[] = {
	"password", "passwd", "passphrase", "secret", "token", "credential",
	"credentials", "apikey", "privatekey", "secretkey",
};

/* A last word that says the name refers to a secret or describes it. */
static const char *const reference_words[] = {
	"id", "ids", "arn", "arns", "name", "names", "list", "version",
	"versions", "stage", "stages", "type", "enabled", "rotation", "ttl",
	"validity", "expiration", "expiry", "length", "count", "policy",
	"status", "region", "kms", "path", "duration", "endpoint", "url", "uri",
	"date", "time", "filters", "param", "parameter", "ref", "reference",
	"encryption", "algorithm", "format", "mode", "required", "reset",
	"strategy", "units", "age", "reuse", "prevention", "min", "max",
	"minimum", "maximum", "size", "source", "location",
};

static bool in_list(const char *word, const char *const *list, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (!strcmp(word, list[k]))
			return true;
	return false;
}

static bool in_list_ci(const char *word, const char *const *list, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (!strcasecmp(word, list[k]))
			return true;
	return false;
}

static bool ends_with_secret(const char *word)
{
	size_t len = strlen(word);

	for (size_t k = 0; k < RB_ARRAY_SIZE(secret_suffixes); k++) {
		size_t n = strlen(secret_suffixes[k]);

		if (len > n && !strcmp(word + len - n, secret_suffixes[k]))
			return true;
	}
	return false;
}

bool rb_secret_key(const char *key)
{
	enum { MAX_WORDS = 16, MAX_LEN = 64 };
	char words[MAX_WORDS][MAX_LEN];
	size_t n = 0, len = 0;
	bool secret = false;

	memset(words, 0, sizeof(words));
	for (const char *p = key; *p && n < MAX_WORDS; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '_' || c == '-' || c == '.' || c == ' ' || c == '/' ||
		    c == ':') {
			if (len) {
				n++;
				len = 0;
			}
			continue;
		}
		/* camelCase: a capital after a lowercase letter starts a word */
		if (isupper(c) && len && p > key && islower((unsigned char)p[-1])) {
			n++;
			len = 0;
			if (n == MAX_WORDS)
				break;
		}
		if (len < MAX_LEN - 1)
			words[n][len++] = (char)tolower(c);
	}
	if (len && n < MAX_WORDS)
		n++;
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (in_list(words[i], secret_words, RB_ARRAY_SIZE(secret_words)) ||
		    ends_with_secret(words[i]))
			secret = true;
		/* private_key, api_key, signing_key are two words */
		if (i + 1 < n && !strcmp(words[i + 1], "key") &&
		    (!strcmp(words[i], "private") || !strcmp(words[i], "api") ||
		     !strcmp(words[i], "signing")))
			secret = true;
	}
	if (!secret)
		return false;
	return !in_list(words[n - 1], reference_words, RB_ARRAY_SIZE(reference_words));
}

/*
 * Is `v` a value to redact under a secret name? Flags and numbers say
 * nothing secret; null and "" hold nothing.
 */
static bool redactable(json_t *v)
{
	const char *s;

	if (v == rb_redacted())
		return false;
	switch (json_typeof(v)) {
	case JSON_STRING:
		s = json_string_value(v);
		return *s && strcmp(s, "true") && strcmp(s, "false");
	case JSON_OBJECT:
		return json_object_size(v) > 0;
	case JSON_ARRAY:
		return json_array_size(v) > 0;
	default:
		return false;
	}
}

/* Strings holding JSON inside strings holding JSON: deeper is not read. */
#define MAX_STRING_DEPTH 4

static size_t redact(json_t *v, int depth);

static bool has_word_ci(const char *s, size_t len, const char *word)
{
	size_t n = strlen(word);

	for (size_t i = 0; i + n <= len; i++) {
		size_t k = 0;

		while (k < n && tolower((unsigned char)s[i + k]) == word[k])
			k++;
		if (k == n)
			return true;
	}
	return false;
}

/*
 * A string that holds a JSON object or list (a task definition's
 * `container_definitions`, an environment passed as JSON). Returns the
 * value to put in its place: NULL when nothing in it is secret, else a
 * new string with the secrets redacted, or rb_redacted() for a string
 * that looks like JSON, names a secret and cannot be read.
 */
static json_t *redact_json_string(json_t *str, int depth)
{
	static const char *const hints[] = {
		"pass", "pwd", "secret", "token", "credential", "key", "secure",
	};
	const char *s = json_string_value(str);
	size_t len = json_string_length(str), i = 0;
	bool hint = false;
	json_t *inner, *out;
	char *text;

	while (i < len && isspace((unsigned char)s[i]))
		i++;
	if (i == len || (s[i] != '{' && s[i] != '['))
		return NULL;
	/* most JSON strings (policies) name no secret: skip the parse */
	for (size_t k = 0; k < RB_ARRAY_SIZE(hints) && !hint; k++)
		hint = has_word_ci(s, len, hints[k]);
	if (!hint)
		return NULL;
	if (depth >= MAX_STRING_DEPTH)
		return json_incref(rb_redacted());
	inner = json_loadb(s, len, JSON_ALLOW_NUL, NULL);
	if (!inner)
		return json_incref(rb_redacted());
	if (!redact(inner, depth + 1)) {
		json_decref(inner);
		return NULL;
	}
	text = json_dumps(inner, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(inner);
	if (!text)
		return json_incref(rb_redacted());
	out = json_string(text);
	free(text);
	return out ? out : json_incref(rb_redacted());
}

/*
 * The name/value pairs of the data itself: {Key, Value} tags, {name,
 * value} environments, {ParameterKey, ParameterValue}, and a SecureString
 * parameter's value. Returns how many were redacted.
 */
static size_t redact_pair(json_t *obj)
{
	static const char *const name_keys[] = {
		"key", "name", "parameterkey", "parametername",
	};
	static const char *const value_keys[] = { "value", "parametervalue" };
	const char *key, *value_key = NULL;
	json_t *child, *value = NULL;
	bool secret = false;

	json_object_foreach(obj, key, child) {
		if (in_list_ci(key, value_keys, RB_ARRAY_SIZE(value_keys))) {
			value_key = key;
			value = child;
		} else if (json_is_string(child) &&
			   in_list_ci(key, name_keys, RB_ARRAY_SIZE(name_keys))) {
			if (rb_secret_key(json_string_value(child)))
				secret = true;
		} else if (json_is_string(child) && !strcasecmp(key, "type") &&
			   !strcasecmp(json_string_value(child), "SecureString")) {
			secret = true;
		}
	}
	if (!secret || !value || !redactable(value))
		return 0;
	json_object_set(obj, value_key, rb_redacted());
	return 1;
}

static size_t redact(json_t *v, int depth)
{
	size_t n = 0;
	const char *key;
	json_t *child, *repl;
	size_t i;

	if (json_is_object(v)) {
		void *tmp;

		n += redact_pair(v);
		json_object_foreach_safe(v, tmp, key, child) {
			if (rb_secret_key(key)) {
				if (redactable(child)) {
					json_object_set(v, key, rb_redacted());
					n++;
				}
			} else if (json_is_string(child)) {
				if ((repl = redact_json_string(child, depth))) {
					json_object_set_new(v, key, repl);
					n++;
				}
			} else {
				n += redact(child, depth);
			}
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, child) {
			if (json_is_string(child)) {
				if ((repl = redact_json_string(child, depth))) {
					json_array_set_new(v, i, repl);
					n++;
				}
			} else {
				n += redact(child, depth);
			}
		}
	}
	return n;
}

size_t rb_redact_secret_keys(json_t *attrs)
{
	return redact(attrs, 0);
}
