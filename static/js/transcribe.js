// The transcription page: turns typed beside the recording's player (listen.js has its keys).
// Every change (a turn's text, speaker or time, a turn added or deleted) is one small request,
// sent in order. As on the interview screen (autosave.js), a change is kept in localStorage
// before it is sent, network errors and 5xx retry with backoff, a refusal moves its text to
// "Not saved" (to copy, then dismiss) and the rest flows on, a lost login stops and keeps
// everything, and a 410 (the participant was erased) wipes this participant's copies.
// Ctrl+Enter adds a turn at the player's time, for the other speaker, after the current one.
(function () {
  "use strict";
  var box = document.querySelector("[data-transcript]");
  if (!box || !window.fetch) return;
  var list = box.querySelector("[data-turns]"), template = box.querySelector("[data-turn-template]");
  var state = document.querySelector("[data-tx-state]"), refusals = document.querySelector("[data-not-saved]");
  var prefix = "transcript:" + box.getAttribute("data-key") + ":";
  var queued = prefix + "q:", refused = prefix + "x:", baseKey = prefix + "base";
  var token = document.querySelector('meta[name="csrf-token"]').content;
  var clock = window.interviewClock;
  var timers = new Map(), sending = null, stopped = false, delay = 1000, retry = null;

  function msg(name, n) { return (state.getAttribute("data-" + name) || "").replace("%s", n); }
  function read(key) {
    try { return JSON.parse(localStorage.getItem(key)); } catch (x) { return null; }
  }
  function write(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); } catch (x) { /* full: still sent */ }
  }
  function drop(key) { try { localStorage.removeItem(key); } catch (x) { /* nothing kept */ } }
  function entries(start) {
    var found = [];
    try {
      for (var i = 0; i < localStorage.length; i++) {
        var key = localStorage.key(i), e = key.indexOf(start) === 0 && read(key);
        if (e && typeof e === "object") { e.k = key; found.push(e); }
      }
    } catch (x) { /* storage unavailable */ }
    return found.sort(function (a, b) { return a.n - b.n; });
  }
  // The version the first queued change was made on: the page's, unless changes wait from before.
  var base = entries(queued).length && read(baseKey) != null ? +read(baseKey) : +box.getAttribute("data-version");
  write(baseKey, base);

  function show(text, warn) {
    state.textContent = text;
    state.classList.toggle("is-warning", !!warn);
  }
  function showSaved() {
    var at = new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hour12: false });
    if (!entries(queued).length) show(msg("saved", at));
  }

  // The turns on the page, each an <li> holding a speaker, a time and a text box.
  function rows() { return [].slice.call(list.children); }
  function field(li, name) { return li.querySelector("[data-" + name + "]"); }
  function parseTime(text) {
    var parts = text.trim().replace(",", ".").split(":"), seconds = 0;
    if (parts.length === 1 && !parts[0]) return null;
    for (var i = 0; i < parts.length; i++) {
      var last = i === parts.length - 1;
      if (parts.length > 3 || !(last ? /^\d+(\.\d+)?$/ : /^\d+$/).test(parts[i])) return undefined;
      seconds = seconds * 60 + +parts[i];
    }
    return Math.round(seconds * 1000);
  }
  function valueOf(li) {
    return { speaker: field(li, "speaker").value, start_ms: parseTime(field(li, "start").value), text: field(li, "text").value };
  }
  // What a turn holds, to send a change only when there is one (a blur after typing is none).
  function same(turn) { return JSON.stringify([turn.speaker, turn.start_ms, turn.text]); }
  function fill(li, turn) {
    field(li, "speaker").value = turn.speaker;
    field(li, "start").value = turn.start_ms == null ? "" : clock(turn.start_ms);
    field(li, "text").value = turn.text;
  }
  function newRow(position, turn) {
    var li = template.content.firstElementChild.cloneNode(true);
    list.insertBefore(li, rows()[position] || null);
    fill(li, turn);
    return li;
  }

  // Store first (synchronous, survives a crash), then try to send. Typing again in the turn whose
  // save is last in the queue (and not on its way) updates that entry instead of adding one.
  function enqueue(change) {
    var waiting = entries(queued), last = waiting[waiting.length - 1];
    var same = last && last.k !== sending && change.op === "save" && last.op === "save" && last.position === change.position;
    change.n = same ? last.n : last ? last.n + 1 : Date.now();
    change.t = Date.now();
    write(same ? last.k : queued + change.n, change);
    flush();
  }
  function queueSave(li) {
    clearTimeout(timers.get(li));
    timers.delete(li);
    var position = rows().indexOf(li), turn = valueOf(li);
    if (position < 0) return;
    var bad = turn.start_ms === undefined;
    field(li, "start").setAttribute("aria-invalid", bad);
    if (bad) return show(msg("bad-time"), true);
    if (li.sent === same(turn)) return;
    li.sent = same(turn);
    enqueue({ op: "save", position: position, speaker: turn.speaker, start_ms: turn.start_ms, text: turn.text });
  }
  function leave() { timers.forEach(function (timer, li) { queueSave(li); }); }

  // A new turn after ``after`` (else at the end): the other speaker, at the player's time.
  function addTurn(after) {
    var position = after ? rows().indexOf(after) + 1 : rows().length, before = rows()[position - 1];
    var options = [].map.call(template.content.querySelectorAll("option"), function (o) { return o.value; });
    var speaker = before ? options[(options.indexOf(field(before, "speaker").value) + 1) % options.length] : options[0];
    var player = window.interviewPlayer;
    var turn = { speaker: speaker, start_ms: player ? Math.round(player.position()) : null, text: "" };
    var li = newRow(position, turn);
    li.sent = same(turn);
    enqueue({ op: "insert", position: position, speaker: turn.speaker, start_ms: turn.start_ms, text: "" });
    field(li, "text").focus();
  }
  function deleteTurn(li) {
    if (field(li, "text").value.trim() && !window.confirm(msg("confirm-delete"))) return;
    clearTimeout(timers.get(li));
    timers.delete(li);
    var position = rows().indexOf(li);
    li.remove();
    enqueue({ op: "delete", position: position });
  }

  function flush() {
    if (sending || stopped) return;
    var e = entries(queued)[0];
    if (!e) return;
    sending = e.k;
    show(msg("saving"));
    var body = { position: e.position, version: base };
    if (e.op !== "delete") { body.speaker = e.speaker; body.start_ms = e.start_ms; body.text = e.text; }
    body = JSON.stringify(body);
    fetch(box.getAttribute("data-" + e.op), { method: "POST", credentials: "same-origin", keepalive: body.length < 60000,
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": token }, body: body })
      .then(function (res) {
        var json = (res.headers.get("Content-Type") || "").indexOf("json") >= 0;
        return (json ? res.json() : Promise.resolve({ page: 1 })).then(function (data) { done(e, res, data); });
      }, function () { failed(); })
      .catch(function () { failed(); });  // a garbled answer: try again later, never jam
  }

  function done(e, res, data) {
    sending = null;
    var s = res.status;
    if (s >= 500) return failed(data.message);
    if (s === 410 || data.error === "erased") return erased(data.message);
    // Logged out, session expired, or a login page instead of an answer: nothing would go.
    if (data.page || data.error === "csrf" || s === 401 || s === 403) {
      stopped = true;
      return show(data.message || msg("login"), true);
    }
    delay = 1000;
    drop(e.k);
    if (s === 200 && data.ok) {
      base = data.version;
      write(baseKey, base);
      showSaved();
    } else {
      // Refused (a conflict, a bad value): its text stays on this device to be copied.
      if (e.text && e.text.trim()) write(refused + e.n, { turn: e.position + 1, text: e.text, why: data.message || "", t: e.t });
      show(data.message || msg("refused"), true);
    }
    lists();
    flush();
  }

  function failed(why) {
    sending = null;
    show(why || msg("waiting", entries(queued).length), true);
    clearTimeout(retry);
    retry = setTimeout(flush, delay);
    delay = Math.min(delay * 2, 30000);
  }

  // The participant withdrew or was deleted: their words leave this device and this page.
  function erased(message) {
    stopped = true;
    entries(prefix).forEach(function (e) { drop(e.k); });
    drop(baseKey);
    list.textContent = "";
    box.hidden = true;
    lists();
    show(message, true);
  }

  // "Not saved": refused texts, each to copy from a read-only box, then dismiss.
  function lists() {
    var found = entries(refused), ul = refusals.querySelector("ul");
    refusals.hidden = !found.length;
    ul.textContent = "";
    found.forEach(function (e) {
      var li = ul.appendChild(document.createElement("li"));
      li.appendChild(document.createElement("b")).textContent = msg("turn", e.turn);
      li.append(" " + e.why);
      var text = li.appendChild(document.createElement("textarea")), button = li.appendChild(document.createElement("button"));
      text.value = e.text; text.readOnly = true; text.setAttribute("aria-label", msg("turn", e.turn));
      button.type = "button"; button.className = "button"; button.textContent = msg("dismiss");
      button.onclick = function () { drop(e.k); lists(); };
    });
  }

  function turnOf(el) { return el.closest && el.closest("[data-turns] > li"); }
  box.addEventListener("input", function (ev) {
    var li = turnOf(ev.target);
    if (!li || !ev.target.hasAttribute("data-text")) return;
    clearTimeout(timers.get(li));
    timers.set(li, setTimeout(function () { queueSave(li); }, 800));
  });
  box.addEventListener("change", function (ev) {
    var li = turnOf(ev.target);
    if (li) queueSave(li);
  });
  box.addEventListener("focusout", function (ev) {
    var li = turnOf(ev.target);
    if (li && timers.has(li)) queueSave(li);
  });
  box.addEventListener("click", function (ev) {
    var button = ev.target.closest && ev.target.closest("button"), li = button && turnOf(button);
    if (!button) return;
    if (button.hasAttribute("data-add")) addTurn(null);
    else if (li && button.hasAttribute("data-delete-turn")) deleteTurn(li);
    else if (li && button.hasAttribute("data-play-turn") && window.interviewPlayer) {
      var start = valueOf(li).start_ms;
      if (start != null) window.interviewPlayer.seek(start, true);
    }
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter" || !ev.ctrlKey || ev.altKey || ev.metaKey || ev.shiftKey || stopped && box.hidden) return;
    ev.preventDefault();
    addTurn(turnOf(ev.target));
  });
  window.addEventListener("pagehide", leave);
  document.addEventListener("visibilitychange", function () { if (document.hidden) leave(); });
  window.addEventListener("online", function () {
    if (box.hidden) return;
    clearTimeout(retry); delay = 1000; stopped = false; flush();
  });

  // Changes still waiting from before a reload go back onto the page, in their order.
  entries(queued).forEach(function (e) {
    var li = rows()[e.position];
    if (e.op === "insert") newRow(e.position, e);
    else if (e.op === "delete" && li) li.remove();
    else if (li) fill(li, e);
  });
  rows().forEach(function (li) { li.sent = same(valueOf(li)); });
  lists();
  flush();
})();
