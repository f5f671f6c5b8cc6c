/*
 * browser.c - drives headless Chromium through the DevTools protocol over
 * a pipe (--remote-debugging-pipe: JSON messages ended by NUL on fds 3
 * and 4), running a script of steps against pages opened from file://.
 *
 *   browser SCRIPT BASEDIR [SHOTDIR]
 *
 * Each step prints one line; the test compares the transcript with a
 * golden file. Steps:
 *
 *   viewport W H [SCALE]  set the window size (CSS pixels) and the device
 *                         scale factor (default 1): "viewport 683 384 2" is a
 *                         1366x768 window at 200 % zoom
 *   inject FILE           evaluate FILE (relative to the script) in every
 *                         page opened next, before its own scripts, and in
 *                         the page open now; the page's CSP does not apply
 *   open PAGE             open BASEDIR/PAGE and wait for its load event
 *   reload                reload the page and wait for its load event
 *   eval JS               print the expression's value as JSON
 *   wait JS               wait up to 5 s until the expression is truthy
 *   key KEY               press and release a key ("/", "ArrowDown", "Enter",
 *                         "Tab", "Shift+Tab")
 *   type TEXT             type text into the focused element
 *   click SELECTOR        a real mouse click in the element's centre
 *   screenshot NAME       write SHOTDIR/NAME (PNG)
 *   network               every request that was not for a file: URL
 *   nojs                  turn JavaScript off for the pages opened next
 *   every LABEL JS        open every page of BASEDIR in turn (*.html, sorted,
 *                         search.js-loading pages included) and print
 *                         "LABEL PAGE: " and the expression's value: a string,
 *                         or an array whose first item is the summary and
 *                         whose others are printed indented below it
 *   tabs LABEL DIR JS     on every page, press Tab (DIR "forward") or
 *                         Shift+Tab from the end ("backward") until the focus
 *                         comes round, evaluating JS after each press: an
 *                         array of problems found with that focus; prints
 *                         "LABEL PAGE: N stops, N problems" and each problem
 *   # ...                 a comment, printed as is
 *
 * Exit status: 0 when every step ran (a wrong value is the transcript's
 * business), 1 when a step failed, 2 on bad usage.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <openssl/evp.h>

struct browser {
	pid_t pid;
	int to, from;           /* our ends of fd 3 and fd 4 */
	char *buf;              /* bytes read, not yet a whole message */
	size_t len, cap;
	int next_id;
	char *session;
	int loaded;             /* load events seen */
	json_t *requests;       /* URLs requested that were not file: */
	const char *base, *shots;
	char *script_dir;       /* inject's files are relative to it */
};

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("browser: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void launch(struct browser *b, const char *profile)
{
	int in[2], out[2];
	char dir[PATH_MAX + 32];

	if (pipe(in) < 0 || pipe(out) < 0)
		die("pipe: %s", strerror(errno));
	snprintf(dir, sizeof(dir), "--user-data-dir=%s", profile);
	b->pid = fork();
	if (b->pid < 0)
		die("fork: %s", strerror(errno));
	if (b->pid == 0) {
		int devnull = open("/dev/null", O_WRONLY);

		/* fd 3: what the browser reads, fd 4: what it writes */
		if (dup2(in[0], 100) < 0 || dup2(out[1], 101) < 0 ||
		    dup2(100, 3) < 0 || dup2(101, 4) < 0)
			_exit(127);
		close(100);
		close(101);
		if (devnull >= 0 && !getenv("BROWSER_VERBOSE")) {
			dup2(devnull, 1);
			dup2(devnull, 2);
		}
		execl("/usr/bin/chromium", "chromium", "--headless",
		      "--remote-debugging-pipe", "--no-sandbox", "--disable-gpu",
		      "--no-first-run", "--no-default-browser-check",
		      "--disable-background-networking", "--disable-component-update",
		      "--disable-sync", "--disable-extensions", "--mute-audio",
		      "--hide-scrollbars", "--force-color-profile=srgb",
		      "--font-render-hinting=none", dir, "about:blank", (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	b->to = in[1];
	b->from = out[0];
}

/* The next whole message, or NULL after `timeout_ms`. */
static json_t *next_message(struct browser *b, int timeout_ms)
{
	long long until = now_ms() + timeout_ms;

	for (;;) {
		char *nul = b->len ? memchr(b->buf, '\0', b->len) : NULL;
		struct pollfd p = { b->from, POLLIN, 0 };
		long long left;
		ssize_t n;

		if (nul) {
			size_t used = (size_t)(nul - b->buf) + 1;
			json_error_t err;
			json_t *msg = json_loads(b->buf, 0, &err);

			memmove(b->buf, b->buf + used, b->len - used);
			b->len -= used;
			if (!msg)
				die("bad message from the browser: %s", err.text);
			return msg;
		}
		left = until - now_ms();
		if (left <= 0)
			return NULL;
		if (poll(&p, 1, (int)left) <= 0)
			continue;
		if (b->cap - b->len < 65536) {
			b->cap = b->cap ? 2 * b->cap : 1 << 20;
			b->buf = realloc(b->buf, b->cap);
			if (!b->buf)
				die("out of memory");
		}
		n = read(b->from, b->buf + b->len, b->cap - b->len);
		if (n <= 0)
			die("the browser closed the pipe");
		b->len += (size_t)n;
	}
}

static int send_command(struct browser *b, const char *method, json_t *params);

static void on_event(struct browser *b, json_t *msg)
{
	const char *method = json_string_value(json_object_get(msg, "method"));
	json_t *params = json_object_get(msg, "params");

	if (!method)
		return;
	if (!strcmp(method, "Page.loadEventFired"))
		b->loaded++;
	else if (!strcmp(method, "Page.javascriptDialogOpening")) {
		/* confirm() and alert() are answered yes */
		printf("dialog: %s\n", json_string_value(json_object_get(params, "message")));
		send_command(b, "Page.handleJavaScriptDialog", json_pack("{s:b}", "accept", 1));
	}
	else if (!strcmp(method, "Network.requestWillBeSent")) {
		const char *url = json_string_value(json_object_get(
			json_object_get(params, "request"), "url"));

		if (url && strncmp(url, "file:", 5) && strncmp(url, "data:", 5) &&
		    strncmp(url, "about:", 6))
			json_array_append_new(b->requests, json_string(url));
	}
}

/* Sends a command and returns its result (a new reference). */
static json_t *call(struct browser *b, const char *method, json_t *params)
{
	int id = send_command(b, method, params);

	for (;;) {
		json_t *m = next_message(b, 20000), *res;

		if (!m)
			die("no answer to %s", method);
		if (json_integer_value(json_object_get(m, "id")) != id ||
		    !json_object_get(m, "id")) {
			on_event(b, m);
			json_decref(m);
			continue;
		}
		if (json_object_get(m, "error")) {
			char *e = json_dumps(json_object_get(m, "error"), JSON_COMPACT);

			fprintf(stderr, "browser: %s failed: %s\n", method, e);
			free(e);
			json_decref(m);
			return NULL;
		}
		res = json_incref(json_object_get(m, "result"));
		json_decref(m);
		return res;
	}
}

static int send_command(struct browser *b, const char *method, json_t *params)
{
	json_t *msg = json_pack("{s:i, s:s, s:o}", "id", ++b->next_id, "method",
				method, "params", params ? params : json_object());
	char *text;
	int id = b->next_id;

	if (b->session && strncmp(method, "Target.", 7) && strncmp(method, "Browser.", 8))
		json_object_set_new(msg, "sessionId", json_string(b->session));
	text = json_dumps(msg, JSON_COMPACT);
	json_decref(msg);
	for (size_t off = 0, len = strlen(text) + 1; off < len;) {
		ssize_t n = write(b->to, text + off, len - off);

		if (n < 0)
			die("write to the browser: %s", strerror(errno));
		off += (size_t)n;
	}
	free(text);
	return id;
}

static void call_ok(struct browser *b, const char *method, json_t *params)
{
	json_t *r = call(b, method, params);

	if (!r)
		die("%s failed", method);
	json_decref(r);
}

/* Lets events arrive for `ms`. */
static void pump(struct browser *b, int ms)
{
	long long until = now_ms() + ms;
	json_t *m;

	while (now_ms() < until && (m = next_message(b, (int)(until - now_ms())))) {
		on_event(b, m);
		json_decref(m);
	}
}

static void wait_load(struct browser *b, int before)
{
	long long until = now_ms() + 20000;

	while (b->loaded == before) {
		json_t *m;

		if (now_ms() > until)
			die("the page did not load");
		m = next_message(b, 200);
		if (m) {
			on_event(b, m);
			json_decref(m);
		}
	}
	pump(b, 50);
}

/* Evaluates `js`; the value (a new reference), or NULL with *err set. */
static json_t *evaluate(struct browser *b, const char *js, char **err)
{
	json_t *r = call(b, "Runtime.evaluate", json_pack("{s:s, s:b, s:b, s:b}",
		"expression", js, "returnByValue", 1, "awaitPromise", 1,
		"userGesture", 1));
	json_t *ex, *v;

	*err = NULL;
	if (!r) {
		*err = strdup("the protocol refused the expression");
		return NULL;
	}
	ex = json_object_get(r, "exceptionDetails");
	if (ex) {
		json_t *d = json_object_get(json_object_get(ex, "exception"), "description");

		*err = strdup(json_string_value(d) ? json_string_value(d)
			      : json_string_value(json_object_get(ex, "text")));
		json_decref(r);
		return NULL;
	}
	v = json_object_get(json_object_get(r, "result"), "value");
	v = v ? json_incref(v) : json_null();
	json_decref(r);
	return v;
}

static void print_value(json_t *v)
{
	char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);

	puts(s);
	free(s);
}

static void key(struct browser *b, const char *k)
{
	int shift = !strncmp(k, "Shift+", 6) ? 8 : 0;
	const char *text;
	int code = 0;

	if (shift)
		k += 6;
	text = strlen(k) == 1 ? k : "";

	if (!strcmp(k, "Enter")) { code = 13; text = "\r"; }
	else if (!strcmp(k, "Escape")) code = 27;
	else if (!strcmp(k, "ArrowDown")) code = 40;
	else if (!strcmp(k, "ArrowUp")) code = 38;
	else if (!strcmp(k, "Tab")) code = 9;
	else if (!strcmp(k, "/")) code = 191;
	call_ok(b, "Input.dispatchKeyEvent", json_pack("{s:s, s:s, s:s, s:i, s:i, s:i}",
		"type", *text ? "keyDown" : "rawKeyDown", "key", k, "text", text,
		"windowsVirtualKeyCode", code, "nativeVirtualKeyCode", code,
		"modifiers", shift));
	call_ok(b, "Input.dispatchKeyEvent", json_pack("{s:s, s:s, s:i, s:i, s:i}",
		"type", "keyUp", "key", k, "windowsVirtualKeyCode", code,
		"nativeVirtualKeyCode", code, "modifiers", shift));
}

static int click(struct browser *b, const char *selector)
{
	json_t *sel = json_string(selector);
	char *q = json_dumps(sel, JSON_ENCODE_ANY), *err, *js;
	json_t *box;
	double x, y;

	json_decref(sel);
	if (asprintf(&js, "(function(){var e=document.querySelector(%s);if(!e)return null;"
		     "e.scrollIntoView({block:'center'});var r=e.getBoundingClientRect();"
		     "return [r.left+r.width/2,r.top+r.height/2];})()", q) < 0)
		die("out of memory");
	free(q);
	box = evaluate(b, js, &err);
	free(js);
	if (!box || !json_is_array(box)) {
		printf("click %s: %s\n", selector, err ? err : "no such element");
		free(err);
		json_decref(box);
		return -1;
	}
	x = json_number_value(json_array_get(box, 0));
	y = json_number_value(json_array_get(box, 1));
	json_decref(box);
	call_ok(b, "Input.dispatchMouseEvent", json_pack("{s:s, s:f, s:f, s:s, s:i}",
		"type", "mousePressed", "x", x, "y", y, "button", "left", "clickCount", 1));
	call_ok(b, "Input.dispatchMouseEvent", json_pack("{s:s, s:f, s:f, s:s, s:i}",
		"type", "mouseReleased", "x", x, "y", y, "button", "left", "clickCount", 1));
	pump(b, 50);
	return 0;
}

static int screenshot(struct browser *b, const char *name)
{
	json_t *r = call(b, "Page.captureScreenshot", json_pack("{s:s, s:b}",
		"format", "png", "captureBeyondViewport", 0));
	const char *data = json_string_value(json_object_get(r, "data"));
	char path[PATH_MAX];
	unsigned char *png;
	size_t len;
	int n;
	FILE *f;

	if (!data)
		return -1;
	len = strlen(data);
	png = malloc(len);
	n = EVP_DecodeBlock(png, (const unsigned char *)data, (int)len);
	if (n < 0)
		die("bad screenshot data");
	/* EVP_DecodeBlock counts the padding as zero bytes */
	if (len >= 1 && data[len - 1] == '=')
		n--;
	if (len >= 2 && data[len - 2] == '=')
		n--;
	snprintf(path, sizeof(path), "%s/%s", b->shots, name);
	f = fopen(path, "wb");
	if (!f || fwrite(png, 1, (size_t)n, f) != (size_t)n || fclose(f))
		die("cannot write %s", path);
	free(png);
	json_decref(r);
	return 0;
}

/* The pages of BASEDIR below `rel` ("" for the top), *.html, appended. */
static void find_pages(const char *base, const char *rel, json_t *pages)
{
	char path[2 * PATH_MAX + 2];
	struct dirent *e;
	DIR *d;

	snprintf(path, sizeof(path), "%s/%s", base, rel);
	d = opendir(path);
	if (!d)
		die("cannot list %s: %s", path, strerror(errno));
	while ((e = readdir(d))) {
		char sub[PATH_MAX], full[2 * PATH_MAX + 2];
		struct stat st;
		size_t n = strlen(e->d_name);

		if (e->d_name[0] == '.')
			continue;
		if ((size_t)snprintf(sub, sizeof(sub), "%s%s%s", rel, *rel ? "/" : "",
				     e->d_name) >= sizeof(sub))
			continue;
		snprintf(full, sizeof(full), "%s/%s", base, sub);
		if (stat(full, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode))
			find_pages(base, sub, pages);
		else if (n > 5 && !strcmp(e->d_name + n - 5, ".html"))
			json_array_append_new(pages, json_string(sub));
	}
	closedir(d);
}

static int by_name(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Every page of the binder, sorted (a new array of strings). */
static char **all_pages(struct browser *b, size_t *n)
{
	json_t *pages = json_array();
	char **names;

	find_pages(b->base, "", pages);
	*n = json_array_size(pages);
	names = calloc(*n + 1, sizeof(*names));
	if (!names)
		die("out of memory");
	for (size_t i = 0; i < *n; i++)
		names[i] = strdup(json_string_value(json_array_get(pages, i)));
	qsort(names, *n, sizeof(*names), by_name);
	json_decref(pages);
	return names;
}

static void free_pages(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

static void open_page(struct browser *b, const char *page)
{
	char url[PATH_MAX + 16];
	int before = b->loaded;

	snprintf(url, sizeof(url), "file://%s/%s", b->base, page);
	call_ok(b, "Page.navigate", json_pack("{s:s}", "url", url));
	wait_load(b, before);
}

static char *read_text(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *text = NULL;
	size_t len = 0, cap = 0, n;

	if (!f)
		return NULL;
	do {
		if (cap - len < 65536) {
			cap = cap ? 2 * cap : 1 << 20;
			text = realloc(text, cap + 1);
			if (!text)
				die("out of memory");
		}
		n = fread(text + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	fclose(f);
	text[len] = '\0';
	return text;
}

/* Prints a value given as a summary string or [summary, detail...]. */
static void print_report(const char *label, const char *page, json_t *v)
{
	printf("%s %s: ", label, page);
	if (json_is_string(v)) {
		puts(json_string_value(v));
	} else if (json_is_array(v) && json_array_size(v) > 0) {
		json_t *first = json_array_get(v, 0);

		puts(json_is_string(first) ? json_string_value(first) : "?");
		for (size_t i = 1; i < json_array_size(v); i++) {
			json_t *item = json_array_get(v, i);

			if (json_is_string(item))
				printf("  %s\n", json_string_value(item));
			else
				print_value(item);
		}
	} else {
		print_value(v);
	}
}

/*
 * Tabs through the page open now; `js` gives {who: "...", problems: [...]}
 * for the focused element, or null when nothing of the page has the focus.
 */
static void tab_through(struct browser *b, const char *label, const char *page,
			int backward, const char *js)
{
	json_t *problems = json_array();
	char *first = NULL;
	int stops = 0;

	for (int i = 0; i < 500; i++) {
		char *err;
		json_t *v, *who;

		key(b, backward ? "Shift+Tab" : "Tab");
		pump(b, 20);
		v = evaluate(b, js, &err);
		if (!v) {
			json_array_append_new(problems, json_sprintf("error: %s", err));
			free(err);
			break;
		}
		who = json_object_get(v, "who");
		if (!json_is_string(who) || (first && !strcmp(first, json_string_value(who)))) {
			json_decref(v);
			break;
		}
		if (!first)
			first = strdup(json_string_value(who));
		stops++;
		json_array_extend(problems, json_object_get(v, "problems"));
		json_decref(v);
	}
	printf("%s %s: %d stops, %zu problems\n", label, page, stops, json_array_size(problems));
	for (size_t i = 0; i < json_array_size(problems); i++)
		printf("  %s\n", json_string_value(json_array_get(problems, i)));
	free(first);
	json_decref(problems);
}

static int run_step(struct browser *b, char *line)
{
	char *arg = strchr(line, ' ');
	char *err;
	json_t *v;

	if (arg)
		*arg++ = '\0';
	else
		arg = line + strlen(line);
	if (!strcmp(line, "viewport")) {
		int w = 0, h = 0, scale = 1, n;

		n = sscanf(arg, "%d %d %d", &w, &h, &scale);
		if (n < 2 || scale < 1)
			die("viewport W H [SCALE]");
		call_ok(b, "Emulation.setDeviceMetricsOverride", json_pack(
			"{s:i, s:i, s:i, s:b}", "width", w, "height", h,
			"deviceScaleFactor", scale, "mobile", w < 600));
		if (n == 3)
			printf("viewport %d %d %d\n", w, h, scale);
		else
			printf("viewport %d %d\n", w, h);
	} else if (!strcmp(line, "open") || !strcmp(line, "reload")) {
		int before = b->loaded;

		if (!strcmp(line, "open")) {
			char url[PATH_MAX + 16];

			snprintf(url, sizeof(url), "file://%s/%s", b->base, arg);
			call_ok(b, "Page.navigate", json_pack("{s:s}", "url", url));
			printf("open %s\n", arg);
		} else {
			call_ok(b, "Page.reload", NULL);
			puts("reload");
		}
		wait_load(b, before);
	} else if (!strcmp(line, "eval")) {
		v = evaluate(b, arg, &err);
		printf("eval %s => ", arg);
		if (!v) {
			printf("error: %s\n", err);
			free(err);
			return 0;
		}
		print_value(v);
		json_decref(v);
	} else if (!strcmp(line, "wait")) {
		long long until = now_ms() + 5000;

		for (;;) {
			v = evaluate(b, arg, &err);
			free(err);
			if (v && json_is_true(v)) {
				json_decref(v);
				printf("wait %s: ok\n", arg);
				break;
			}
			json_decref(v);
			if (now_ms() > until) {
				printf("wait %s: timed out\n", arg);
				return -1;
			}
			pump(b, 25);
		}
	} else if (!strcmp(line, "key")) {
		key(b, arg);
		pump(b, 30);
		printf("key %s\n", arg);
	} else if (!strcmp(line, "type")) {
		call_ok(b, "Input.insertText", json_pack("{s:s}", "text", arg));
		pump(b, 30);
		printf("type %s\n", arg);
	} else if (!strcmp(line, "click")) {
		if (click(b, arg) < 0)
			return -1;
		printf("click %s\n", arg);
	} else if (!strcmp(line, "screenshot")) {
		if (!b->shots) {
			printf("screenshot %s: skipped\n", arg);
			return 0;
		}
		if (screenshot(b, arg) < 0)
			return -1;
		printf("screenshot %s\n", arg);
	} else if (!strcmp(line, "inject")) {
		char path[PATH_MAX];
		char *text;

		if (*arg == '/')
			snprintf(path, sizeof(path), "%s", arg);
		else
			snprintf(path, sizeof(path), "%s/%s", b->script_dir, arg);
		text = read_text(path);
		if (!text) {
			printf("inject %s: cannot read it\n", arg);
			return -1;
		}
		call_ok(b, "Page.addScriptToEvaluateOnNewDocument",
			json_pack("{s:s}", "source", text));
		v = evaluate(b, text, &err);
		free(err);
		json_decref(v);
		free(text);
		printf("inject %s\n", arg);
	} else if (!strcmp(line, "every") || !strcmp(line, "tabs")) {
		char *label = arg, *js = strchr(arg, ' ');
		int backward = 0;
		size_t n;
		char **pages;

		if (!js)
			die("%s LABEL ...", line);
		*js++ = '\0';
		if (!strcmp(line, "tabs")) {
			char *dir = js;

			js = strchr(dir, ' ');
			if (!js)
				die("tabs LABEL forward|backward JS");
			*js++ = '\0';
			backward = !strcmp(dir, "backward");
		}
		pages = all_pages(b, &n);
		for (size_t i = 0; i < n; i++) {
			open_page(b, pages[i]);
			if (!strcmp(line, "tabs")) {
				tab_through(b, label, pages[i], backward, js);
				continue;
			}
			v = evaluate(b, js, &err);
			if (!v) {
				printf("%s %s: error: %s\n", label, pages[i], err);
				free(err);
				continue;
			}
			print_report(label, pages[i], v);
			json_decref(v);
		}
		free_pages(pages, n);
	} else if (!strcmp(line, "nojs")) {
		call_ok(b, "Emulation.setScriptExecutionDisabled", json_pack("{s:b}", "value", 1));
		puts("nojs");
	} else if (!strcmp(line, "network")) {
		pump(b, 100);
		if (!json_array_size(b->requests))
			puts("network: no request left the machine");
		for (size_t i = 0; i < json_array_size(b->requests); i++)
			printf("network: %s\n", json_string_value(json_array_get(b->requests, i)));
	} else {
		die("unknown step '%s'", line);
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct browser b = { 0 };
	char profile[] = "/tmp/runbinder-browser-XXXXXX";
	char line[8192];
	json_t *r;
	FILE *script;
	int failed = 0, status;
	char *base;

	if (argc < 3 || argc > 4) {
		fputs("usage: browser SCRIPT BASEDIR [SHOTDIR]\n", stderr);
		return 2;
	}
	script = fopen(argv[1], "r");
	base = realpath(argv[2], NULL);
	if (!script || !base) {
		fprintf(stderr, "browser: cannot open %s\n", script ? argv[2] : argv[1]);
		return 2;
	}
	b.base = base;
	b.shots = argc == 4 ? argv[3] : NULL;
	{
		char *slash, *dir = realpath(argv[1], NULL);

		if (!dir)
			die("cannot resolve %s", argv[1]);
		slash = strrchr(dir, '/');
		*slash = '\0';
		b.script_dir = dir;
	}
	b.requests = json_array();
	if (!mkdtemp(profile))
		die("mkdtemp: %s", strerror(errno));
	signal(SIGPIPE, SIG_IGN);
	setvbuf(stdout, NULL, _IOLBF, 0);
	launch(&b, profile);

	r = call(&b, "Target.createTarget", json_pack("{s:s}", "url", "about:blank"));
	if (!r)
		die("cannot open a tab");
	{
		json_t *a = call(&b, "Target.attachToTarget", json_pack("{s:s, s:b}",
			"targetId", json_string_value(json_object_get(r, "targetId")),
			"flatten", 1));

		if (!a)
			die("cannot attach to the tab");
		b.session = strdup(json_string_value(json_object_get(a, "sessionId")));
		json_decref(a);
	}
	json_decref(r);
	call_ok(&b, "Page.enable", NULL);
	call_ok(&b, "Network.enable", NULL);
	call_ok(&b, "Runtime.enable", NULL);
	r = call(&b, "Browser.grantPermissions", json_pack("{s:[s, s]}",
		"permissions", "clipboardReadWrite", "clipboardSanitizedWrite"));
	json_decref(r);

	while (fgets(line, sizeof(line), script)) {
		line[strcspn(line, "\n")] = '\0';
		if (!*line)
			continue;
		if (*line == '#') {
			puts(line);
			continue;
		}
		if (run_step(&b, line) < 0) {
			failed = 1;
			break;
		}
	}
	fclose(script);

	send_command(&b, "Browser.close", NULL);
	close(b.to);
	close(b.from);
	if (waitpid(b.pid, &status, 0) < 0)
		kill(b.pid, SIGKILL);
	{
		char *cmd;

		if (asprintf(&cmd, "rm -rf '%s'", profile) >= 0) {
			if (system(cmd) != 0)
				fprintf(stderr, "browser: could not remove %s\n", profile);
			free(cmd);
		}
	}
	free(b.session);
	free(b.script_dir);
	free(b.buf);
	free(base);
	json_decref(b.requests);
	return failed;
}
