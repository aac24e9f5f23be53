// The interviewer's notes (textareas named note-<question id>, outside the blocks autosave.js
// watches): each sent alone to the autosave endpoint as {question_id, note}, kept in localStorage
// until acknowledged, sent again when the connection or the page comes back.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch) return;
  var url = form.getAttribute("data-autosave"), prefix = "note:" + form.getAttribute("data-key") + ":";
  var token = document.querySelector('meta[name="csrf-token"]').content;
  var state = document.querySelector("[data-save-state]"), timers = {};
  function box(id) { return form.elements["note-" + id]; }
  function idOf(el) { return el.name && el.name.indexOf("note-") === 0 ? el.name.slice(5) : null; }
  function show(text, warn) { state.textContent = text; state.classList.toggle("is-warning", !!warn); }
  function msg(name, n) { return (state.getAttribute("data-" + name) || "").replace("%s", n); }
  function unsent() {
    var ids = [];
    for (var i = 0; i < localStorage.length; i++) {
      var id = localStorage.key(i).slice(prefix.length);
      if (localStorage.key(i).indexOf(prefix) === 0 && box(id)) ids.push(id);
    }
    return ids;
  }
  function send(id) {
    clearTimeout(timers[id]); delete timers[id];
    var note = box(id).value;
    try { localStorage.setItem(prefix + id, note); } catch (e) { /* full: still send */ }
    fetch(url, { method: "POST", credentials: "same-origin", body: JSON.stringify({ question_id: id, note: note }),
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": token } })
      .then(function (res) { return res.json(); })
      .then(function (data) {
        if (!data.ok) return show(data.message, true);
        if (localStorage.getItem(prefix + id) === note) localStorage.removeItem(prefix + id);
        show(msg("saved", new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hour12: false })));
      }, function () { show(msg("offline", unsent().length), true); });
  }
  function later(ev) {
    var id = idOf(ev.target);
    if (id) { clearTimeout(timers[id]); timers[id] = setTimeout(function () { send(id); }, 800); }
  }
  form.addEventListener("input", later);
  form.addEventListener("focusout", function (ev) { var id = idOf(ev.target); if (id && timers[id]) send(id); });
  window.addEventListener("pagehide", function () { Object.keys(timers).forEach(send); });
  function resend() { unsent().forEach(function (id) { box(id).value = localStorage.getItem(prefix + id); send(id); }); }
  window.addEventListener("online", resend);
  resend();
})();
