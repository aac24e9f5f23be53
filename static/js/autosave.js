// Autosave for the interview screen: never lose a word.
// Each answer is kept in localStorage (keyed by participant + question) before it is sent, and
// removed only once the server has acknowledged that very text; unsent texts go out in order
// when the connection returns (online event, retry with backoff) or when the page is reopened.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch) return;
  // Tells the server this browser sends "opened" marks itself (see views.JS_COOKIE).
  document.cookie = "interview_js=1; path=/; SameSite=Lax";
  var url = form.getAttribute("data-autosave");
  var prefix = "autosave:" + form.getAttribute("data-key") + ":";
  var token = document.querySelector('meta[name="csrf-token"]').content;
  var state = document.querySelector("[data-save-state]");
  var timers = {}, sending = false, stopped = false, delay = 1000, retry = null;

  function block(id) { return document.getElementById("q-" + id); }
  function area(b) { return b.querySelector("textarea"); }
  function skip(b) { return b.querySelector("input[type=checkbox]"); }
  function msg(name, n) { return (state.getAttribute("data-" + name) || "").replace("%s", n); }
  function read(key) {
    try { return JSON.parse(localStorage.getItem(key)); } catch (e) { return null; }
  }
  function pending() {
    var list = [];
    for (var i = 0; i < localStorage.length; i++) {
      var key = localStorage.key(i);
      if (key.indexOf(prefix) === 0) { var e = read(key); if (e) list.push(e); }
    }
    return list.sort(function (a, b) { return a.t - b.t; });
  }
  function show(text, warn) {
    state.textContent = text;
    state.classList.toggle("is-warning", !!warn);
  }
  function showWaiting() {
    var n = pending().length;
    if (n) show(msg("offline", n), true);
  }

  // Store first (synchronous, survives a crash), then try to send.
  function queue(id) {
    var b = block(id);
    clearTimeout(timers[id]); delete timers[id];
    var entry = { question_id: id, text: area(b).value, skipped: skip(b) ? skip(b).checked : false,
      base_version: +b.getAttribute("data-version"), t: Date.now() };
    try { localStorage.setItem(prefix + id, JSON.stringify(entry)); } catch (e) { /* full: still send */ }
    flush(entry);
  }

  function flush(fallback) {
    if (sending || stopped) return;
    var list = pending();
    var entry = list.length ? list[0] : fallback;
    if (!entry) return;
    sending = true;
    show(msg("saving"));
    var body = JSON.stringify({ question_id: entry.question_id, text: entry.text,
      skipped: entry.skipped, base_version: entry.base_version });
    fetch(url, { method: "POST", credentials: "same-origin", keepalive: body.length < 60000,
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": token },
      body: body })
      .then(function (res) {
        var json = (res.headers.get("Content-Type") || "").indexOf("json") >= 0;
        return (json ? res.json() : Promise.resolve({ error: "login" })).then(function (data) {
          done(entry, res.status, data);
        });
      }, function () { failed(); });
  }

  function done(entry, status, data) {
    sending = false;
    if (status === 200 && data.ok) return acknowledged(entry, data);
    if (status >= 500) return failed();
    if (status === 400 && data.error !== "csrf" && data.error !== "login") {
      localStorage.removeItem(prefix + entry.question_id);  // refused for good: the text stays on screen
      show(data.message, true);
      return flush();
    }
    stopped = true;  // finished, logged out or the session expired: keep everything, say why
    show(data.message || msg("login"), true);
  }

  function acknowledged(entry, data) {
    var key = prefix + entry.question_id, now = read(key);
    if (now && now.t === entry.t) localStorage.removeItem(key);
    else if (now) { now.base_version = data.version; localStorage.setItem(key, JSON.stringify(now)); }
    delay = 1000;
    var b = block(entry.question_id);
    if (b) {
      b.setAttribute("data-version", data.version);
      b.querySelector("[data-edited]").textContent = data.edited || "—";
      b.querySelector("[data-opened]").textContent = data.opened || "—";
      if (data.conflict) {
        var warning = b.querySelector("[data-conflict]");
        warning.textContent = msg("conflict");
        warning.hidden = false;
      }
      b.classList.toggle("is-skipped", entry.skipped);
      progress(b, entry);
    }
    var at = data.saved_at ? new Date(data.saved_at) : new Date();
    show(msg("saved", at.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hour12: false })));
    if (pending().length) flush(); else showWaiting();
  }

  // The stepper's count for this section, by the server's rule (screen.sections_progress).
  function progress(b, entry) {
    b.toggleAttribute("data-done", !!(entry.text.trim() || entry.skipped));
    var count = document.querySelector("[data-progress]");
    if (count) count.textContent = form.querySelectorAll("[data-done]").length + "/" +
      form.querySelectorAll("section.question").length;
  }

  function failed() {
    sending = false;
    showWaiting();
    clearTimeout(retry);
    retry = setTimeout(flush, delay);
    delay = Math.min(delay * 2, 30000);
  }

  function opened(b) {
    if (!b || b.getAttribute("data-opened-sent")) return;
    b.setAttribute("data-opened-sent", "1");
    if (b.querySelector("[data-opened]").textContent.trim() !== "—") return;
    fetch(url, { method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token },
      body: JSON.stringify({ question_id: b.getAttribute("data-question-id"), opened: true }) })
      .then(function (res) { return res.ok ? res.json() : null; })
      .then(function (data) { if (data) b.querySelector("[data-opened]").textContent = data.opened; })
      .catch(function () { b.removeAttribute("data-opened-sent"); });
  }

  function questionOf(el) { return el.closest ? el.closest("section.question") : null; }
  form.addEventListener("input", function (ev) {
    var b = questionOf(ev.target);
    if (!b || ev.target.tagName !== "TEXTAREA") return;
    var id = b.getAttribute("data-question-id");
    clearTimeout(timers[id]);
    timers[id] = setTimeout(function () { queue(id); }, 800);
  });
  form.addEventListener("change", function (ev) {
    var b = questionOf(ev.target);
    if (b) queue(b.getAttribute("data-question-id"));
  });
  form.addEventListener("focusout", function (ev) {
    var b = questionOf(ev.target), id = b && b.getAttribute("data-question-id");
    if (id && timers[id]) queue(id);
  });
  form.addEventListener("focusin", function (ev) { opened(questionOf(ev.target)); });
  function leave() { Object.keys(timers).forEach(queue); }
  window.addEventListener("pagehide", leave);
  document.addEventListener("visibilitychange", function () { if (document.hidden) leave(); });
  window.addEventListener("online", function () { clearTimeout(retry); delay = 1000; stopped = false; flush(); });
  window.addEventListener("hashchange", function () { opened(document.getElementById(location.hash.slice(1))); });

  // Reopened page: unsent local text newer than the server's goes back into its box and is re-sent.
  pending().forEach(function (entry) {
    var b = block(entry.question_id);
    if (!b) return;
    var saved = Date.parse(b.getAttribute("data-saved") || "") || 0;
    if (entry.base_version >= +b.getAttribute("data-version") || entry.t > saved) {
      area(b).value = entry.text;
      if (skip(b)) skip(b).checked = entry.skipped;
    } else {
      localStorage.removeItem(prefix + entry.question_id);
    }
  });
  if (location.hash) opened(document.getElementById(location.hash.slice(1)));
  flush();
})();
