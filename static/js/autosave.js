// Autosave for the interview screen: never lose a word, never jam.
// Answers, the interviewer's notes (the boxes named note-<question id> under each question) and,
// offline, the forms marked data-queue wait in one ordered queue in localStorage until the server
// has answered. Network errors and 5xx keep an entry and retry with backoff; a
// refusal (4xx) moves it to the "Not saved" list and the rest flows on. Offline, sections seen in
// this tab open from a copy in sessionStorage; whatever needs the server says so before the tap.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch) return;
  // Tells the server this browser sends "opened" marks itself (see views.JS_COOKIE).
  document.cookie = "interview_js=1; path=/; SameSite=Lax";
  var url = form.getAttribute("data-autosave"), code = form.getAttribute("data-key");
  var prefix = "autosave:" + code + ":", refused = "notsaved:" + code + ":";
  var copies = "section:" + code + ":", here = location.pathname.toUpperCase();
  var token = document.querySelector('meta[name="csrf-token"]').content;
  var state = document.querySelector("[data-save-state]");
  var timers = {}, sending = false, stopped = false, down = false, stale = false;
  var delay = 1000, retry = null;

  function $(selector, root) { return (root || document).querySelector(selector); }
  function all(selector, root) { return [].slice.call((root || document).querySelectorAll(selector)); }
  function put(parent, tag, text) {
    var el = parent.appendChild(document.createElement(tag));
    el.textContent = text;
    return el;
  }
  function block(id) { return document.getElementById("q-" + id); }
  function note(id) { return form.elements["note-" + id]; }
  function area(b) { return $("textarea", b); }
  function skip(b) { return $("input[type=checkbox]", b); }
  function msg(name, values) { return window.word("autosave." + name, values); }
  function offline() { return down || !navigator.onLine; }
  function newId() { return Date.now().toString(36) + Math.random().toString(36).slice(2, 12); }
  function read(key) {
    try { return JSON.parse(localStorage.getItem(key)); } catch (x) { return null; }
  }
  function store(e) {
    try { localStorage.setItem(e.k, JSON.stringify(e)); } catch (x) { /* full: still send */ }
  }
  function entries(start) {
    var list = [];
    for (var i = 0; i < localStorage.length; i++) {
      var key = localStorage.key(i), e = key.indexOf(start) === 0 && read(key);
      if (e) { e.k = key; list.push(e); }
    }
    return list.sort(function (a, b) { return a.t - b.t; });
  }
  function show(text, warn) {
    state.textContent = text;
    state.classList.toggle("is-warning", !!warn);
  }
  function showWaiting() {
    var n = entries(prefix).length;
    if (n) show(msg("offline", { n: n }), true);
  }
  function sectionOf(href) {
    var first = $(".stepper a");
    return new URL(href, location.href).searchParams.get("section") || (first ? sectionOf(first.href) : "");
  }
  function current() { var a = $(".stepper [aria-current]"); return a ? sectionOf(a.href) : ""; }

  // Store first (synchronous, survives a crash), then try to send. A slot is a question's id, or
  // "note:" and the id for its note (ids have no colon), which is sent alone: never with the
  // answer's text or version, so a note never makes an answer look changed.
  function queue(slot) {
    var id = slot.split("note:").pop(), b = block(id);
    clearTimeout(timers[slot]); delete timers[slot];
    if (!b) return;
    var e = { k: prefix + slot, question_id: id, q: $(".q-text", b).textContent, t: Date.now() };
    if (slot !== id) e.note = e.text = note(id).value;
    else {
      e.text = area(b).value; e.skipped = skip(b) ? skip(b).checked : false;
      e.base_version = +b.getAttribute("data-version");
    }
    store(e);
    flush();
  }

  // A form's fields without its token (the page's own is added when sent), and its texts and
  // choices in words for the lists.
  function queueForm(f) {
    var data = new FormData(f), words = [], add = f.closest("details");
    data.delete("csrf_token");
    all("textarea, input:checked", f).forEach(function (i) {
      var legend = i.value.trim() && i.type !== "textarea" && $("legend", i.closest("fieldset"));
      if (i.value.trim()) words.push(legend ? legend.textContent + ": " + i.closest("label").textContent.trim() : i.value);
    });
    store({ k: prefix + "f" + newId(), action: f.action, body: new URLSearchParams(data).toString(),
      q: f.getAttribute("data-queue"), text: words.join("\n"), t: Date.now() });
    if (add) {  // empty for the next one, with a new id
      all("textarea", f).forEach(function (t) { t.value = t.textContent = ""; });
      all("input:checked", f).forEach(function (i) { i.checked = false; });
      f.elements.client_id.value = newId();
      add.open = false;
    }
    lists();
    flush();
  }

  function flush() {
    if (sending || stopped) return;
    var e = entries(prefix)[0];
    if (!e) return refresh();
    sending = true;
    show(msg("saving"));
    var body = e.action ? e.body + "&csrf_token=" + encodeURIComponent(token) : JSON.stringify(e.note != null
      ? { question_id: e.question_id, note: e.note }
      : { question_id: e.question_id, text: e.text, skipped: e.skipped, base_version: e.base_version });
    fetch(e.action || url, { method: "POST", credentials: "same-origin", keepalive: body.length < 60000,
      headers: { "Content-Type": e.action ? "application/x-www-form-urlencoded" : "application/json",
        "Accept": "application/json", "X-CSRFToken": token }, body: body })
      .then(function (res) {
        var json = (res.headers.get("Content-Type") || "").indexOf("json") >= 0;
        return (json ? res.json() : Promise.resolve({ page: 1 })).then(function (data) { done(e, res, data); });
      }, function () { down = true; failed(); })
      .catch(function () { failed(); });  // a garbled answer: try again later, never jam
  }

  // retry: the server is in trouble; stop: logged out or session expired, so nothing would go
  // (keep all, say why); refused: this entry only. A form's answer is the page it redirects to.
  function verdict(e, res, data) {
    var s = res.status;
    if (s >= 500) return "retry";
    if (s === 410 || data.error === "erased") return "erased";
    if (data.error === "csrf" || s === 401 || s === 403) return "stop";
    if (e.action) return !res.ok ? "refused" : new URL(res.url).pathname.toUpperCase() === here ? "ok" : "stop";
    return data.page ? "stop" : s === 200 && data.ok ? "ok" : "refused";
  }

  function done(e, res, data) {
    sending = down = false;
    var outcome = verdict(e, res, data);
    if (outcome === "retry") return failed(data.error === "cannot_write" && msg("cannot_write"));
    if (outcome === "stop" || outcome === "erased") {
      stopped = true;
      // An erased participant's words leave the tablet: neither queued nor kept as "Not saved".
      if (outcome === "erased") {
        entries(prefix).concat(entries(refused)).forEach(function (x) { localStorage.removeItem(x.k); });
        lists();
      }
      return show(data.message || msg("login"), true);
    }
    delay = 1000;
    // This entry is dealt with; a text typed meanwhile stays queued, on the new version.
    var now = read(e.k);
    if (!now || now.t === e.t) localStorage.removeItem(e.k);
    else if (data.version) { now.k = e.k; now.base_version = data.version; store(now); }
    if (outcome === "refused") {
      store({ k: refused + newId(), q: e.q, text: e.text, why: data.message || "", t: e.t });
      show(msg("refused"), true);
    } else if (e.action) stale = true;
    else if (e.note != null) showSaved(new Date());
    else acknowledged(e, data);
    lists();
    flush();
  }

  function acknowledged(e, data) {
    var b = block(e.question_id);
    if (b) {
      b.setAttribute("data-version", data.version);
      $("[data-edited]", b).textContent = data.edited || "—";
      $("[data-opened]", b).textContent = data.opened || "—";
      if (data.conflict) {
        ($(".conflict", b) || b.insertBefore(put(b, "p", ""), $(".q-meta", b))).className = "conflict";
        $(".conflict", b).textContent = msg("conflict");
      }
      b.classList.toggle("is-skipped", e.skipped);
      // The stepper's count for this section, by the server's rule (screen.sections_progress).
      b.toggleAttribute("data-done", !!(e.text.trim() || e.skipped));
      var count = $("[data-progress]");
      if (count) count.textContent = all("[data-done]", form).length + "/" + all("section.question", form).length;
    }
    showSaved(data.saved_at ? new Date(data.saved_at) : new Date());
  }
  function showSaved(at) {
    show(msg("saved", { time: at.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hour12: false }) }));
  }

  function failed(why) {
    sending = false;
    if (why) show(why, true); else showWaiting();
    mark();
    clearTimeout(retry);
    retry = setTimeout(flush, delay);
    delay = Math.min(delay * 2, 30000);
  }

  // "Waiting to be sent": queued forms. "Not saved": refused texts, to copy, then dismiss.
  function lists() {
    fill($("[data-pending]"), entries(prefix).filter(function (e) { return e.action; }));
    fill($("[data-not-saved]"), entries(refused), true);
    mark();
  }
  function fill(box, list, refusals) {
    var ul = $("ul", box);
    box.hidden = !list.length;
    ul.textContent = "";
    list.forEach(function (e) {
      var li = put(ul, "li", "");
      put(li, "b", e.q);
      li.append(" " + (refusals ? e.why : e.text));
      if (!refusals) return;
      var text = put(li, "textarea", e.text), button = put(li, "button", msg("dismiss"));
      text.readOnly = true; text.setAttribute("aria-label", e.q);
      button.type = "button"; button.className = "button";
      button.onclick = function () { localStorage.removeItem(e.k); lists(); };
    });
  }

  // Offline, links and buttons that need the server say so and are disabled (except sections
  // with a copy here, and buttons the page itself disabled, such as the first "up").
  function mark() {
    var off = offline();
    all("a[href]:not([href^='#']), form:not([data-queue]):not([data-autosave]) button").forEach(function (el) {
      var usable = !off || !!(el.closest(".stepper") && sessionStorage.getItem(copies + sectionOf(el.href)) != null);
      var marked = el.hasAttribute("data-needs");
      if (usable !== marked || (el.disabled && !marked)) return;
      if (usable) el.removeAttribute("data-needs"); else el.setAttribute("data-needs", msg("needs_connection"));
      if (el.form) el.disabled = !usable; else el.setAttribute("aria-disabled", !usable);
    });
  }

  // The section as it is now, typed text included, to open again offline.
  function keep() {
    var l = $(".iv-layout");
    all("textarea", l).forEach(function (t) { t.textContent = t.value; });
    all("input", l).forEach(function (i) { i.toggleAttribute("checked", i.checked); });
    try { sessionStorage.setItem(copies + current(), l.innerHTML); } catch (x) { /* full: no copy */ }
  }
  function open(section) {
    var html = sessionStorage.getItem(copies + section);
    if (html == null) return false;
    leave(); keep();
    $(".iv-layout").innerHTML = html;
    form = $("form[data-autosave]");
    stale = true;
    restore();
    return true;
  }
  // Back online with nothing waiting after replayed forms or a copy: show the server's page
  // (once nobody is writing in a form).
  function refresh() {
    var active = document.activeElement;
    var writing = all("form[data-queue] textarea").some(function (t) { return t.value; });
    if (stale && !sending && !offline() && !writing && !(active && active.closest("form"))) location.reload();
  }

  function opened(b) {
    var stamp = b && $("[data-opened]", b);
    if (!stamp || b.getAttribute("data-opened-sent")) return;
    b.setAttribute("data-opened-sent", "1");
    if (stamp.textContent.trim() !== "—") return;
    fetch(url, { method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token },
      body: JSON.stringify({ question_id: b.id.slice(2), opened: true }) })
      .then(function (res) { return res.ok ? res.json() : null; })
      .then(function (data) { if (data) stamp.textContent = data.opened; })
      .catch(function () { b.removeAttribute("data-opened-sent"); });
  }

  function questionOf(el) { return el.closest && el.closest("form[data-autosave] section.question"); }
  function idOf(b) { return b && b.id.slice(2); }  // "q-" and the question's id
  // What a box saves: its question's answer, or (a note box of the page's form) the note.
  function slotOf(el) {
    var name = el.form === form && el.name || "";
    return name.indexOf("note-") === 0 ? "note:" + name.slice(5) : idOf(questionOf(el));
  }
  document.addEventListener("input", function (ev) {
    var slot = slotOf(ev.target);
    if (!slot || ev.target.tagName !== "TEXTAREA") return;
    clearTimeout(timers[slot]);
    timers[slot] = setTimeout(function () { queue(slot); }, 800);
  });
  document.addEventListener("change", function (ev) {
    var slot = slotOf(ev.target);
    if (slot) queue(slot);
  });
  document.addEventListener("focusout", function (ev) {
    var slot = slotOf(ev.target);
    if (slot && timers[slot]) queue(slot);
    setTimeout(refresh, 100);
  });
  document.addEventListener("focusin", function (ev) { opened(questionOf(ev.target)); });
  // Online with nothing waiting, forms go as without this script (errors shown by their fields);
  // else they join the queue, behind what waits.
  document.addEventListener("submit", function (ev) {
    var f = ev.target;
    if (!offline() && !entries(prefix).length) return;
    if (f === form) all("section.question", f).forEach(function (b) { queue(idOf(b)); });
    else if (f.hasAttribute("data-queue")) queueForm(f);
    else return;
    ev.preventDefault();
  });
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest && ev.target.closest("a[href]");
    if (!a || !offline() || a.getAttribute("href")[0] === "#") return;
    ev.preventDefault();  // the browser would show its error page
    if (a.closest(".stepper") && open(sectionOf(a.href))) history.pushState(null, "", a.href);
  });
  // Back and forward after an offline switch (a new #anchor alone stays in the section).
  window.addEventListener("popstate", function () {
    var section = sectionOf(location.href);
    if (section !== current() && !(offline() && open(section))) location.reload();
  });
  function leave() { Object.keys(timers).forEach(queue); }
  window.addEventListener("pagehide", function () { leave(); keep(); });
  document.addEventListener("visibilitychange", function () { if (document.hidden) leave(); });
  window.addEventListener("offline", mark);
  window.addEventListener("online", function () {
    clearTimeout(retry); delay = 1000; stopped = down = false; mark(); flush();
  });
  window.addEventListener("hashchange", function () { opened(document.getElementById(location.hash.slice(1))); });

  // Unsent local text newer than the page's goes back into its box (a reopened page, a copy);
  // an unsent note always does (notes have no versions).
  function restore() {
    entries(prefix).forEach(function (e) {
      var b = e.question_id && block(e.question_id);
      if (!b) return;
      if (e.note != null) {
        note(e.question_id).value = e.note;
        return;
      }
      var saved = Date.parse(b.getAttribute("data-saved") || "") || 0;
      if (e.base_version >= +b.getAttribute("data-version") || e.t > saved) {
        area(b).value = e.text;
        if (skip(b)) skip(b).checked = e.skipped;
      } else {
        localStorage.removeItem(e.k);
      }
    });
    lists();
  }
  restore();
  keep();
  if (location.hash) opened(document.getElementById(location.hash.slice(1)));
  flush();
})();
