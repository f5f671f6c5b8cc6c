/* Accessibility checks for the browser tests (tests/browser/a11y-*.script):
   injected into every page by the test tool, never part of the binder.
   Each check returns [summary, detail...] for the transcript. */
(function () {
	"use strict";
	if (window.a11y) return;
	var a11y = window.a11y = {};

	function wait(cond, ms) {
		return new Promise(function (ok, ko) {
			var until = Date.now() + (ms || 5000);
			(function poll() {
				if (cond()) ok();
				else if (Date.now() > until) ko(new Error("timed out"));
				else setTimeout(poll, 20);
			})();
		});
	}

	/* A short, stable name for an element: tag#id.class[href], in #section. */
	function who(e) {
		if (!e || e === document.body || e === document.documentElement) return "body";
		var s = e.tagName.toLowerCase();
		if (e.id) s += "#" + e.id;
		if (typeof e.className === "string" && e.className.trim())
			s += "." + e.className.trim().split(/\s+/).join(".");
		if (e.getAttribute("href")) s += "[href=" + e.getAttribute("href") + "]";
		if (e.type === "checkbox") s += "[checkbox]";
		var up = e.parentElement;
		while (up && !up.id) up = up.parentElement;
		if (up && up !== e && !e.id) s += " in #" + up.id;
		return s;
	}
	a11y.who = who;

	/* ---- axe-core: every rule it runs by default, violations only ---- */
	a11y.axe = function () {
		return window.axe.run(document, { resultTypes: ["violations"] }).then(function (r) {
			var out = [r.violations.length ? "" : "0 violations"], n = 0;
			r.violations.forEach(function (v) {
				n += v.nodes.length;
				v.nodes.forEach(function (node) {
					out.push(v.id + " (" + v.impact + "): " + node.target.join(" "));
				});
			});
			if (n) out[0] = n + " violations";
			return out;
		});
	};

	/* ---- states ---- */
	a11y.openSearch = function (q) {
		var input = document.getElementById("search");
		if (!input || getComputedStyle(input.form).display === "none")
			return Promise.resolve();
		input.focus();
		input.value = q;
		input.dispatchEvent(new Event("input", { bubbles: true }));
		return wait(function () {
			return document.querySelectorAll("#search-results [role=option]").length > 0;
		}).then(function () {
			input.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowDown", bubbles: true }));
		});
	};
	a11y.openTimeline = function () {
		var b = document.querySelector(".drill button.export");
		if (b) b.click();
		return Promise.resolve();
	};

	/* ---- reflow: nothing scrolls sideways, every command is seen whole,
	   no control covers text ---- */
	a11y.reflow = function () {
		var out = [], W = document.documentElement.clientWidth;
		if (document.documentElement.scrollWidth > W)
			out.push("the page scrolls sideways: " + document.documentElement.scrollWidth + " > " + W);
		Array.prototype.forEach.call(document.querySelectorAll("pre"), function (pre) {
			if (pre.scrollWidth > pre.clientWidth + 1)
				out.push("a command is cut, it scrolls in its box: " + who(pre));
		});
		Array.prototype.forEach.call(document.querySelectorAll("button.copy"), function (btn) {
			var pre = btn.parentNode, code = pre.querySelector("code");
			if (!code) return;
			var b = btn.getBoundingClientRect(), range = document.createRange();
			range.selectNodeContents(code);
			Array.prototype.forEach.call(range.getClientRects(), function (r) {
				if (r.width && r.height && r.left < b.right && b.left < r.right &&
				    r.top < b.bottom && b.top < r.bottom)
					out.push("the Copy button covers text: " + who(pre));
			});
		});
		out = out.filter(function (s, i) { return out.indexOf(s) === i; });
		out.unshift(out.length ? out.length + " problems" : "ok");
		return out;
	};

	/* ---- colours ---- */
	function parse(c) {
		var m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(c);
		if (!m) return null;
		return [+m[1], +m[2], +m[3], m[4] === undefined ? 1 : +m[4]];
	}
	function over(top, under) {
		var a = top[3];
		return [top[0] * a + under[0] * (1 - a), top[1] * a + under[1] * (1 - a),
			top[2] * a + under[2] * (1 - a), 1];
	}
	function lum(c) {
		var v = c.slice(0, 3).map(function (x) {
			x /= 255;
			return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4);
		});
		return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
	}
	function ratio(a, b) {
		var x = lum(a), y = lum(b);
		return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
	}
	function hex(c) {
		return "#" + c.slice(0, 3).map(function (x) {
			return ("0" + Math.round(x).toString(16)).slice(-2);
		}).join("");
	}
	/* The colours an element's outside can show: its ancestors' background
	   colours composited, and every colour of a gradient among them. */
	function backgroundsBehind(e) {
		var layers = [], up = e.parentElement, colours = [], base;
		for (; up; up = up.parentElement) {
			var cs = getComputedStyle(up), bg = parse(cs.backgroundColor);
			var img = cs.backgroundImage;
			if (img && img !== "none")
				(img.match(/rgba?\([^)]*\)/g) || []).forEach(function (g) { layers.push({ grad: parse(g) }); });
			if (bg && bg[3] > 0) layers.push({ solid: bg });
			if (bg && bg[3] === 1) break;
		}
		base = [255, 255, 255, 1];
		var grads = [];
		for (var i = layers.length - 1; i >= 0; i--) {
			if (layers[i].solid) base = over(layers[i].solid, base);
			else grads.push(layers[i].grad);
		}
		colours.push(base);
		grads.forEach(function (g) { colours.push(over(g, base)); });
		return colours;
	}

	/* ---- the focused element: its outline and what covers it ---- */
	var sticky = null;
	function stickies() {
		if (sticky) return sticky;
		sticky = Array.prototype.filter.call(document.querySelectorAll("body *"), function (x) {
			var p = getComputedStyle(x).position;
			return p === "sticky" || p === "fixed";
		});
		return sticky;
	}
	a11y.focusCheck = function () {
		var e = document.activeElement;
		if (!e || e === document.body || e === document.documentElement) return null;
		var name = who(e), problems = [], cs = getComputedStyle(e);
		var width = parseFloat(cs.outlineWidth), colour = parse(cs.outlineColor);
		if (cs.outlineStyle === "none" || !(width >= 2) || !colour) {
			problems.push(name + ": no focus outline of 2px or more (" + cs.outlineStyle + " " + cs.outlineWidth + ")");
		} else {
			var bgs = backgroundsBehind(e);
			if (parseFloat(cs.outlineOffset) <= 0) {
				var own = parse(cs.backgroundColor);
				if (own && own[3] > 0) bgs.push(over(own, bgs[0]));
			}
			bgs.forEach(function (bg) {
				var r = ratio(colour, bg);
				if (r < 3) problems.push(name + ": outline " + hex(colour) + " on " + hex(bg) +
							 " is " + r.toFixed(2) + ":1");
			});
		}
		var r = e.getBoundingClientRect();
		if (r.bottom <= 0 || r.top >= innerHeight || r.right <= 0 || r.left >= innerWidth)
			problems.push(name + ": out of view");
		stickies().forEach(function (s) {
			if (s === e || s.contains(e) || e.contains(s)) return;
			var q = s.getBoundingClientRect();
			var w = Math.min(r.right, q.right) - Math.max(r.left, q.left);
			var h = Math.min(r.bottom, q.bottom) - Math.max(r.top, q.top);
			if (w > 0 && h > 0 && getComputedStyle(s).visibility !== "hidden")
				problems.push(name + ": under " + who(s) + " (" + Math.round(w) + "x" + Math.round(h) + " px)");
		});
		return { who: name + "@" + Array.prototype.indexOf.call(document.querySelectorAll("*"), e), problems: problems };
	};

	/* ---- the sticky panel's share of the window ---- */
	a11y.stickyShare = function () {
		var out = [];
		stickies().forEach(function (s) {
			var r = s.getBoundingClientRect();
			if (r.height > 0 && r.height > innerHeight * 0.25)
				out.push(who(s) + " takes " + Math.round(100 * r.height / innerHeight) + " % of the height");
		});
		out.unshift(out.length ? out.length + " problems" : "ok");
		return out;
	};
}());
