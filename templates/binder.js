/* runbinder: search, copy buttons and the step checklist with its clock.
   Works from file:// with no network; the page reads fine without it. */
(function () {
	"use strict";
	var doc = document, body = doc.body;
	var root = body.getAttribute("data-root") || "";
	doc.documentElement.className = doc.documentElement.className.replace(/\bno-js\b/, "js");

	/* ---- storage: localStorage when the browser allows it ---- */
	var memory = {};
	function load(key) {
		var s = null;
		try { s = window.localStorage.getItem(key); } catch (e) { s = memory[key] || null; }
		if (s === null && memory[key]) s = memory[key];
		try { return s ? JSON.parse(s) : null; } catch (e) { return null; }
	}
	function save(key, value) {
		var s = JSON.stringify(value);
		memory[key] = s;
		try { window.localStorage.setItem(key, s); } catch (e) { /* memory only */ }
	}
	function forget(key) {
		delete memory[key];
		try { window.localStorage.removeItem(key); } catch (e) { /* memory only */ }
	}

	function el(tag, cls, text) {
		var e = doc.createElement(tag);
		if (cls) e.className = cls;
		if (text !== undefined) e.textContent = text;
		return e;
	}
	function pad(n) { return (n < 10 ? "0" : "") + n; }
	function clock(ms) {
		var s = Math.max(0, Math.floor(ms / 1000));
		return pad(Math.floor(s / 3600)) + ":" + pad(Math.floor(s / 60) % 60) + ":" + pad(s % 60);
	}
	function utc(ms) { return new Date(ms).toISOString().replace(/\.\d+Z$/, "Z"); }

	window.runbinder = {};

	/* ---- what a screen reader is told: one polite status for the page ---- */
	var mainEl = doc.querySelector("main") || body, status = el("p", "vh");
	status.setAttribute("role", "status");
	status.id = "announce";
	mainEl.appendChild(status);
	function announce(text) {
		/* the same words twice are still said twice */
		status.textContent = status.textContent === text ? text + "\u00a0" : text;
	}

	/* ---- copy buttons ---- */
	/* The exact command: a console transcript's commands as its step's
	   script holds them (data-copy, made with the page: no prompt, no
	   output), or the block's text; never the final newline, so a paste
	   into a terminal does not run it. */
	function commandText(pre) {
		var copy = pre.getAttribute("data-copy");
		return copy !== null ? copy : pre.querySelector("code").textContent.replace(/\n$/, "");
	}
	window.runbinder.commandText = commandText;
	function copyText(text, done) {
		function fallback() {
			var ta = el("textarea");
			ta.value = text;
			ta.setAttribute("readonly", "");
			ta.style.position = "fixed";
			ta.style.opacity = "0";
			body.appendChild(ta);
			ta.select();
			var ok = false;
			try { ok = doc.execCommand("copy"); } catch (e) { ok = false; }
			body.removeChild(ta);
			done(ok);
		}
		if (navigator.clipboard && navigator.clipboard.writeText)
			navigator.clipboard.writeText(text).then(function () { done(true); }, fallback);
		else
			fallback();
	}
	Array.prototype.forEach.call(doc.querySelectorAll("pre > code"), function (code) {
		var pre = code.parentNode, btn = el("button", "copy", "Copy");
		btn.type = "button";
		btn.setAttribute("aria-label", "Copy this command");
		btn.addEventListener("click", function () {
			copyText(commandText(pre), function (ok) {
				btn.textContent = ok ? "Copied" : "Select and copy";
				announce(ok ? "Copied" : "Not copied: select the command and copy it");
				setTimeout(function () { btn.textContent = "Copy"; }, 2000);
			});
		});
		pre.classList.add("has-copy");
		pre.insertBefore(btn, code);
	});

	/* ---- step checklist and the incident clock (runbook pages) ---- */
	var panel = doc.getElementById("drill");
	if (panel) {
		var key = "runbinder:" + (body.getAttribute("data-build") || "") + ":" +
			panel.getAttribute("data-runbook");
		var state = load(key) || { start: null, done: {}, log: [] };
		var boxes = [], nsteps = 0, timer = null;
		var clockEl = panel.querySelector(".clock"), progressEl = panel.querySelector(".progress");
		var startBtn = panel.querySelector(".start"), resetBtn = panel.querySelector(".reset");
		var exportBtn = panel.querySelector(".export"), timeline = panel.querySelector(".timeline");

		Array.prototype.forEach.call(doc.querySelectorAll("section.step"), function (sec) {
			var h = sec.querySelector("h2"), label = el("label", "tick"), head = h.parentNode;
			var box = el("input"), n = sec.getAttribute("data-step");
			box.type = "checkbox";
			box.setAttribute("data-key", "s" + n);
			box.setAttribute("aria-label", "Step " + n + " done");
			box.setAttribute("data-what", "step " + n + " " + h.getAttribute("data-title"));
			label.appendChild(box);
			/* beside the heading, not in it: the heading reads as its title */
			if (head.classList.contains("step-head")) head.insertBefore(label, h);
			else h.insertBefore(label, h.firstChild);
			boxes.push(box);
			nsteps++;
		});
		Array.prototype.forEach.call(doc.querySelectorAll(".runbook li > input[type=checkbox]"), function (box, i) {
			box.disabled = false;
			box.removeAttribute("disabled");
			box.setAttribute("data-key", "c" + (i + 1));
			var text = box.parentNode.textContent.replace(/\s+/g, " ").trim();
			box.setAttribute("data-what", "check " + (i + 1) + " " + text);
			box.setAttribute("aria-label", text);
			boxes.push(box);
		});

		function stepsDone() {
			return boxes.filter(function (b) { return b.getAttribute("data-key")[0] === "s" && b.checked; }).length;
		}
		function lastDone() {
			var t = 0, k;
			for (k in state.done) if (state.done[k] > t) t = state.done[k];
			return t;
		}
		function render() {
			var done = stepsDone(), all = nsteps > 0 && done === nsteps;
			boxes.forEach(function (b) {
				b.checked = !!state.done[b.getAttribute("data-key")];
				var sec = b.closest("section.step");
				if (sec && b.getAttribute("data-key")[0] === "s") sec.classList.toggle("done", b.checked);
			});
			done = stepsDone();
			all = nsteps > 0 && done === nsteps;
			var progress = nsteps ? done + " of " + nsteps + " steps done" : "";
			if (!state.start) {
				clockEl.textContent = "00:00:00";
				startBtn.hidden = false;
				panel.classList.remove("running");
			} else {
				var end = all ? lastDone() : Date.now();
				clockEl.textContent = clock(end - state.start);
				startBtn.hidden = true;
				panel.classList.toggle("running", !all);
				panel.classList.toggle("finished", all);
				progress += " · started " + utc(state.start) +
					(all ? " · all steps done in " + clock(end - state.start) + verdict(end - state.start) : "");
			}
			/* a live region: rewritten only when its words change */
			if (progressEl.textContent !== progress) progressEl.textContent = progress;
		}
		/* the measured time against the service's RTO, when it has one */
		function verdict(ms) {
			var rto = +panel.getAttribute("data-rto"), over = Math.floor(ms / 1000) - rto;
			if (!(rto > 0)) return "";
			return over <= 0 ? " (RTO " + panel.getAttribute("data-rto-text") + ": met)"
				: " (RTO " + panel.getAttribute("data-rto-text") + ": missed by " + clock(over * 1000) + ")";
		}
		function record(what) {
			state.log.push([Date.now(), what]);
		}
		function tick() {
			render();
			if (state.start && !timer) timer = setInterval(render, 1000);
		}
		boxes.forEach(function (b) {
			b.addEventListener("change", function () {
				var k = b.getAttribute("data-key");
				if (!state.start) {
					state.start = Date.now();
					record("start (clock started by the first tick)");
				}
				if (b.checked) state.done[k] = Date.now();
				else delete state.done[k];
				record((b.checked ? "done: " : "undone: ") + b.getAttribute("data-what"));
				save(key, state);
				tick();
			});
		});
		startBtn.addEventListener("click", function () {
			state.start = Date.now();
			record("start");
			save(key, state);
			tick();
		});
		resetBtn.addEventListener("click", function () {
			if (state.start && !window.confirm("Reset the clock and every tick of this runbook?")) return;
			forget(key);
			state = { start: null, done: {}, log: [] };
			clearInterval(timer);
			timer = null;
			timeline.hidden = true;
			render();
		});
		exportBtn.addEventListener("click", function () {
			var lines = [panel.getAttribute("data-title") + " (" + panel.getAttribute("data-runbook") +
				"), binder " + (body.getAttribute("data-build") || "")];
			state.log.forEach(function (e) {
				lines.push(utc(e[0]) + "  +" + clock(e[0] - (state.start || e[0])) + "  " + e[1]);
			});
			if (!state.log.length) lines.push("(nothing recorded yet)");
			if (state.start && nsteps && stepsDone() === nsteps)
				lines.push("all " + nsteps + " steps done in " + clock(lastDone() - state.start) +
					verdict(lastDone() - state.start));
			timeline.value = lines.join("\n") + "\n";
			timeline.hidden = false;
			timeline.focus();
			timeline.select();
		});
		panel.hidden = false;
		/* a focused control never hides under the sticky panel: the page
		   scrolls with the panel's height kept clear at the top */
		var keepClear = function () {
			var sticky = getComputedStyle(panel).position === "sticky";
			doc.documentElement.style.scrollPaddingTop = sticky ? (panel.offsetHeight + 8) + "px" : "";
		};
		keepClear();
		if (window.ResizeObserver) new ResizeObserver(keepClear).observe(panel);
		window.addEventListener("resize", keepClear);
		tick();
	}

	/* ---- a command wider than its box scrolls, and takes the focus to ---- */
	function scrollable() {
		Array.prototype.forEach.call(doc.querySelectorAll("pre"), function (pre) {
			if (pre.scrollWidth > pre.clientWidth) pre.setAttribute("tabindex", "0");
			else pre.removeAttribute("tabindex");
		});
	}
	scrollable();
	window.addEventListener("resize", scrollable);

	/* ---- search: the index is a script, loaded on first use ---- */
	var form = doc.querySelector("form.search");
	if (!form) return;
	var input = form.querySelector("input"), list = doc.getElementById("search-results");
	var index = null, loading = false, pending = null, active = -1;

	function tokens(q) {
		return (q.replace(/[A-Z]/g, function (c) { return c.toLowerCase(); })
			.match(/[a-z0-9\u0080-\uffff]+/g) || []).filter(function (t) { return t.length <= 48; });
	}
	function prepare(raw) {
		var lines = raw.terms ? raw.terms.split("\n") : [], terms = new Array(lines.length);
		var posts = new Array(lines.length), pages = raw.pages, base = [], t = 0, i, sp;
		for (i = 0; i < lines.length; i++) {
			sp = lines[i].indexOf(" ");
			terms[i] = lines[i].slice(0, sp);
			posts[i] = lines[i].slice(sp + 1);
		}
		for (i = 0; i < pages.length; i++) {
			base.push(t);
			t += 1 + pages[i][3].length;
		}
		return { terms: terms, posts: posts, pages: pages, base: base, cache: {} };
	}
	function decode(ix, i) {
		if (ix.cache[i]) return ix.cache[i];
		var parts = ix.posts[i].split(","), out = new Array(parts.length), v = 0, k;
		for (k = 0; k < parts.length; k++) {
			v += parseInt(parts[k], 36);
			out[k] = v;
		}
		ix.cache[i] = out;
		return out;
	}
	function lowerBound(a, s) {
		var lo = 0, hi = a.length, mid;
		while (lo < hi) {
			mid = (lo + hi) >> 1;
			if (a[mid] < s) lo = mid + 1; else hi = mid;
		}
		return lo;
	}
	var WEIGHT = [1, 4, 6, 10];
	/* Scores every target holding all tokens; each token may be a prefix. */
	function search(ix, q) {
		var toks = tokens(q), scores = null, i, k;
		if (!toks.length) return [];
		for (i = 0; i < toks.length; i++) {
			var tok = toks[i], s = {}, j = lowerBound(ix.terms, tok), seen = 0;
			for (; j < ix.terms.length && ix.terms[j].lastIndexOf(tok, 0) === 0 && seen < 200; j++, seen++) {
				var exact = ix.terms[j] === tok ? 2 : 1, p = decode(ix, j);
				for (k = 0; k < p.length; k++) {
					var tg = p[k] >> 2, w = WEIGHT[p[k] & 3] * exact;
					if (!(s[tg] >= w)) s[tg] = w;
				}
			}
			if (scores === null) scores = s;
			else {
				var both = {};
				for (k in s) if (scores[k] !== undefined) both[k] = scores[k] + s[k];
				scores = both;
			}
		}
		/* one result per page: its best target */
		var best = {}, tg2, page;
		for (tg2 in scores) {
			tg2 = +tg2;
			page = pageOf(ix, tg2);
			if (!best[page] || scores[tg2] > best[page].score ||
			    (scores[tg2] === best[page].score && tg2 < best[page].target))
				best[page] = { page: page, target: tg2, score: scores[tg2] };
		}
		var res = Object.keys(best).map(function (p) { return best[p]; });
		res.sort(function (a, b) { return b.score - a.score || a.page - b.page; });
		return res.slice(0, 12);
	}
	function pageOf(ix, target) {
		var lo = 0, hi = ix.base.length - 1, mid;
		while (lo < hi) {
			mid = (lo + hi + 1) >> 1;
			if (ix.base[mid] <= target) lo = mid; else hi = mid - 1;
		}
		return lo;
	}
	function expand(open) {
		list.hidden = !open;
		input.setAttribute("aria-expanded", open ? "true" : "false");
		if (!open) input.removeAttribute("aria-activedescendant");
	}
	function show(q) {
		var res = search(index, q);
		list.textContent = "";
		active = -1;
		input.removeAttribute("aria-activedescendant");
		if (!tokens(q).length) { expand(false); return; }
		if (!res.length) {
			var none = el("div", "none", "Nothing in the binder matches \u201c" + q + "\u201d");
			none.setAttribute("role", "option");
			none.setAttribute("aria-disabled", "true");
			list.appendChild(none);
		}
		announce(res.length ? res.length + (res.length === 1 ? " result" : " results") +
			 ", arrows to choose, Enter to open" : "Nothing in the binder matches");
		res.forEach(function (r, n) {
			var p = index.pages[r.page], step = r.target - index.base[r.page];
			var a = el("a");
			/* runbook steps are #step-N; other pages name their sections */
			a.href = root + p[0] + (step ? "#" + (p[4] ? p[4][step - 1] : "step-" + step) : "");
			a.id = "result-" + n;
			a.setAttribute("role", "option");
			a.setAttribute("aria-selected", "false");
			a.tabIndex = -1;
			a.appendChild(el("span", "r-title", p[1]));
			if (step) a.appendChild(el("span", "r-step", (p[4] ? "" : "Step " + step + ": ") + p[3][step - 1]));
			if (p[2]) a.appendChild(el("span", "r-meta", p[2]));
			list.appendChild(a);
		});
		expand(true);
	}
	function ensureIndex(then) {
		if (index) { then(); return; }
		pending = then;
		if (loading) return;
		loading = true;
		var s = el("script");
		s.src = root + "search.js";
		s.onload = function () {
			index = prepare(window.RB_SEARCH);
			window.RB_SEARCH = null;
			if (pending) pending();
		};
		s.onerror = function () {
			var none = el("div", "none", "The search index (search.js) is missing beside index.html.");
			none.setAttribute("role", "option");
			none.setAttribute("aria-disabled", "true");
			list.textContent = "";
			list.appendChild(none);
			announce(none.textContent);
			expand(true);
			loading = false;
		};
		body.appendChild(s);
	}
	function move(d) {
		var links = list.querySelectorAll("a");
		if (!links.length) return;
		active = (active + d + links.length) % links.length;
		Array.prototype.forEach.call(links, function (a, i) {
			a.classList.toggle("active", i === active);
			a.setAttribute("aria-selected", i === active ? "true" : "false");
		});
		input.setAttribute("aria-activedescendant", links[active].id);
		links[active].scrollIntoView({ block: "nearest" });
	}
	input.addEventListener("focus", function () { ensureIndex(function () { show(input.value); }); });
	input.addEventListener("input", function () { ensureIndex(function () { show(input.value); }); });
	input.addEventListener("keydown", function (e) {
		if (e.key === "ArrowDown") { move(1); e.preventDefault(); }
		else if (e.key === "ArrowUp") { move(-1); e.preventDefault(); }
		else if (e.key === "Enter") {
			var links = list.querySelectorAll("a");
			if (links.length) window.location.href = links[active < 0 ? 0 : active].href;
			e.preventDefault();
		} else if (e.key === "Escape") {
			input.value = "";
			expand(false);
			input.blur();
		}
	});
	form.addEventListener("submit", function (e) { e.preventDefault(); });
	/* "/" jumps to the search box: only when no control has the focus,
	   and it can be turned off (kept in the browser) */
	var slashKey = "runbinder:slash-key", slashOn = load(slashKey) !== false;
	var slashBox = el("input"), slashLabel = el("label", "shortcut");
	var footer = doc.querySelector("footer") || body, slashP = el("p");
	slashBox.type = "checkbox";
	slashBox.checked = slashOn;
	slashLabel.appendChild(slashBox);
	slashLabel.appendChild(doc.createTextNode(" The / key jumps to the search box"));
	slashP.appendChild(slashLabel);
	footer.appendChild(slashP);
	function placeholder() {
		input.placeholder = slashOn ? "Search the binder  ( / )" : "Search the binder";
	}
	placeholder();
	slashBox.addEventListener("change", function () {
		slashOn = slashBox.checked;
		save(slashKey, slashOn);
		placeholder();
	});
	doc.addEventListener("keydown", function (e) {
		var t = e.target;
		if (e.key !== "/" || !slashOn || e.ctrlKey || e.metaKey || e.altKey) return;
		if (t !== body && t !== doc.documentElement &&
		    (t.closest("a, button, input, textarea, select, summary, [contenteditable], [tabindex]")))
			return;
		input.focus();
		e.preventDefault();
	});
	doc.addEventListener("click", function (e) {
		if (!form.contains(e.target)) expand(false);
	});
	/* for the bench and the tests: the engine without the page */
	window.runbinder.search = {
		load: ensureIndex,
		query: function (q) { return search(index, q); }
	};
}());
