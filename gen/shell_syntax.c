/*
 * shell_syntax.c - `bash -n -c CODE`, its first complaint read back.
 */
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
	if (strlen(code) > 100000 || pipe(fd) < 0)
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
