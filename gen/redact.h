/*
 * redact.h - finding the secrets in an infra export's attributes and
 * replacing them, before anything else sees the values.
 *
 * A value is a secret when its name is a secret, wherever the name sits:
 *
 *   - the key above it                 "db_password": "..."
 *   - a name beside it in the data     {"Key": "DbPassword", "Value": "..."}
 *     ({Key|Name|ParameterKey, Value|ParameterValue} in any case:
 *     tag lists, ECS environment lists, CloudFormation parameters)
 *   - an SSM SecureString              {"Type": "SecureString", "Value": "..."}
 *   - anything of the above inside a string that holds JSON
 *     (`container_definitions`): the string is parsed, redacted and
 *     encoded again (compact, keys sorted) when something was redacted.
 *
 * rb_secret_key() says what a secret name is. Only strings, lists and
 * objects are redacted: true, false, numbers and the strings "true" and
 * "false" (booleans in old flat states) are kept, since a flag such as
 * `api_key_required` says nothing secret. null and "" are kept too.
 *
 * Every redacted value is replaced by the one shared rb_redacted(), so a
 * placeholder that reaches one is recognised by pointer; the original
 * value is released.
 */
#ifndef RB_REDACT_H
#define RB_REDACT_H

#include <jansson.h>
#include <stdbool.h>

/* The shared value that stands for every redacted attribute. */
json_t *rb_redacted(void);

/*
 * Does this name (a key, or a tag or variable name) name a secret?
 * Its words are split at `_`, `-`, `.`, `/`, spaces and lowercase-to-
 * uppercase steps. It is one when a word is a secret word (password,
 * passwd, passphrase, pass, pwd, secret, token, credential(s), apikey,
 * privatekey, secretkey), or ends with one of the longer ones run
 * together (`dbpassword`, `apitoken`, `clientsecret`; not
 * `passwordless`, `tokenizer`), or is the pair private/api/signing key;
 * unless its last word says it only refers to or describes one
 * (`secret_arn`, `token_ttl`, `password_length`, `auth_token_enabled`).
 */
bool rb_secret_key(const char *key);

/*
 * Redacts every secret below `attrs` (recursively, in every form above).
 * Returns the number of values redacted.
 */
size_t rb_redact_secret_keys(json_t *attrs);

#endif
