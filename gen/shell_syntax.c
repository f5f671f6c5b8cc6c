/*
 * shell_syntax.c - `bash -n -c CODE`, its first complaint read back.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "shell_syntax.h"

extern char **environ;

/* bash says "bash: -c: line 3: syntax error near unexpected token `fi'". */
static void first_complaint(const char *err, int *line, struct rb_buf *msg)
{
	const char *at = strstr(err, "line ");
	const char *nl;

	*line = 1;
	if (at) {
		*line = atoi(at + 5);
		at = strstr(at, ": ");
		at = at ? at + 2 : err;
	} else {
		at = err;
	}
	nl = strchr(at, '\n');
	rb_buf_add(msg, at, nl ? (size_t)(nl - at) : strlen(at));
	if (*line < 1)
		*line = 1;
}

/* A character that means nothing to the shell's grammar inside a word. */
static bool plain_byte(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("_./:=@%+,-", c));
}

/* A word the shell's grammar reads as more than a word at a command's start. */
static bool reserved(const char *w, size_t n)
{
	static const char *const words[] = {
		"if", "then", "else", "elif", "fi", "case", "esac", "for", "select",
		"while", "until", "do", "done", "in", "function", "time", "coproc",
	};

	for (size_t i = 0; i < RB_ARRAY_SIZE(words); i++)
		if (strlen(words[i]) == n && !memcmp(words[i], w, n))
			return true;
	return false;
}

/*
 * Whether `code` parses without asking bash, because it is plainly made
 * of simple commands: lines of words of plain characters (the first not
 * a reserved word), continued by a backslash at the end onto a line of
 * words, comment lines and blank lines, each in a function `NAME() {`
 * ... `}` of at least one command or outside any. False when unsure
 * (quotes, `$`, redirections, pipes, anything else): bash is asked.
 * Most commands of a runbook are such lines, and a bash per block is
 * most of the time of the checks.
 */
static bool plainly_parses(const char *code)
{
	bool in_function = false, continued = false;
	size_t commands = 0;

	for (const char *l = code; *l;) {
		const char *end = strchr(l, '\n');
		size_t n = end ? (size_t)(end - l) : strlen(l);
		const char *t = l;
		size_t i = 0, first;

		while (i < n && (t[i] == ' ' || t[i] == '\t'))
			i++;
		if (i == n || t[i] == '#') {
			/* blank: ends a continued command; a comment cannot follow one */
			if (i < n && continued)
				return false;
			continued = false;
		} else if (!continued && n - i == 1 && t[i] == '}') {
			if (!in_function || !commands)
				return false;
			in_function = false;
		} else {
			size_t k = i;

			/* `NAME() {` */
			while (k < n && (isalnum((unsigned char)t[k]) || t[k] == '_'))
				k++;
			if (!continued && k > i && k + 4 == n && !memcmp(t + k, "() {", 4) &&
			    !(t[i] >= '0' && t[i] <= '9')) {
				if (in_function)
					return false;
				in_function = true;
				commands = 0;
			} else {
				first = i;
				while (i < n && plain_byte(t[i]))
					i++;
				if (!continued && reserved(t + first, i - first))
					return false;
				for (;;) {
					while (i < n && (t[i] == ' ' || t[i] == '\t'))
						i++;
					if (i == n) {
						continued = false;
						break;
					}
					if (t[i] == '\\' && i + 1 == n && end) {
						continued = true;
						break;
					}
					if (!plain_byte(t[i]))
						return false;
					while (i < n && plain_byte(t[i]))
						i++;
					if (i < n && t[i] != ' ' && t[i] != '\t' && t[i] != '\\')
						return false;
				}
				commands++;
			}
		}
		if (!end)
			break;
		l = end + 1;
	}
	return !in_function && !continued;
}

int rb_shell_syntax(const char *code, int *line, struct rb_buf *msg)
{
	char *argv[] = { "bash", "-n", "-c", (char *)code, NULL };
	posix_spawn_file_actions_t fa;
	struct rb_buf err = RB_BUF_INIT;
	int fd[2], status = 0, ret = 0;
	pid_t pid;
	char chunk[4096];
	ssize_t n;

	/* an argument longer than the kernel takes: not asked */
	if (plainly_parses(code) || strlen(code) > 100000 || pipe(fd) < 0)
		return 0;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, fd[1], 1);
	posix_spawn_file_actions_adddup2(&fa, fd[1], 2);
	posix_spawn_file_actions_addclose(&fa, fd[0]);
	posix_spawn_file_actions_addclose(&fa, fd[1]);
	if (posix_spawnp(&pid, "bash", &fa, NULL, argv, environ) != 0) {
		posix_spawn_file_actions_destroy(&fa);
		close(fd[0]);
		close(fd[1]);
		return 0;
	}
	posix_spawn_file_actions_destroy(&fa);
	close(fd[1]);
	while ((n = read(fd[0], chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		if (err.len < 65536)
			rb_buf_add(&err, chunk, (size_t)n);
	}
	close(fd[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	/* 127: bash could not start; only a parse failure (2) counts */
	if (WIFEXITED(status) && WEXITSTATUS(status) != 0 && WEXITSTATUS(status) != 127) {
		first_complaint(err.len ? err.ptr : "does not parse", line, msg);
		ret = 1;
	}
	rb_buf_release(&err);
	return ret;
}
