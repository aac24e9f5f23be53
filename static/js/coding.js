// The coding page: select a passage, apply codes, see them as highlights with margin labels.
// Offsets sent to the server are Unicode code points over the document text (the browser counts
// UTF-16 units: converted here, at the boundary). Every change is an operation with its own id,
// queued in localStorage before it is sent and removed only once the server answered it, so
// nothing is lost offline; a replayed operation changes nothing on the server.
(function () {
  "use strict";

  // --- offsets: UTF-16 units <-> code points (also used by the browser tests) ---------------
  function isHigh(c) { return c >= 0xD800 && c <= 0xDBFF; }
  function isLow(c) { return c >= 0xDC00 && c <= 0xDFFF; }
  function cpLen(s) {
    var n = 0;
    for (var i = 0; i < s.length; i++) {
      if (isHigh(s.charCodeAt(i)) && i + 1 < s.length && isLow(s.charCodeAt(i + 1))) i++;
      n++;
    }
    return n;
  }
  function unitsToCp(s, units) { return cpLen(s.slice(0, units)); }
  function cpToUnits(s, cp) {
    var i = 0;
    for (var n = 0; n < cp && i < s.length; n++) {
      i += isHigh(s.charCodeAt(i)) && i + 1 < s.length && isLow(s.charCodeAt(i + 1)) ? 2 : 1;
    }
    return i;
  }
  window.codingOffsets = { cpLen: cpLen, unitsToCp: unitsToCp, cpToUnits: cpToUnits };

  var root = document.getElementById("coding");
  if (!root || !window.fetch) return;
  var data = JSON.parse(document.getElementById("coding-data").textContent);
  var token = document.querySelector('meta[name="csrf-token"]').content;
  var docEl = document.getElementById("doc"), wrap = document.getElementById("doc-wrap");
  var margin = document.getElementById("margin"), state = root.querySelector("[data-save-state]");
  var $ = function (id) { return document.getElementById(id); };
  var queueKey = "coding:" + root.getAttribute("data-key");
  var recentKey = "coding:recent:" + root.getAttribute("data-user");
  var editable = data.editable;

  // --- the text model ----------------------------------------------------------------------
  var lineEls = Array.prototype.slice.call(docEl.querySelectorAll("p[data-o]"));
  var lineStart = lineEls.map(function (el) { return +el.getAttribute("data-o"); });
  var cps = Array.from(lineEls.map(function (el) { return el.textContent; }).join("\n"));
  function textOf(s, e) { return cps.slice(s, e).join(""); }

  var codes = {}, codeById = {}, order = [];
  function addCode(c) {
    var known = codes[c.g] || {};
    for (var k in c) known[k] = c[k];
    codes[c.g] = known;
    if (c.id) codeById[c.id] = known;
    if (order.indexOf(c.g) < 0) order.push(c.g);
  }
  var cits = {};
  function fromServer(st) {
    return { g: st.g, n: st.n, s: st.s, e: st.e, m: st.m,
      c: st.c.map(function (id) { return codeById[id] ? codeById[id].g : null; }).filter(Boolean) };
  }
  function load(d) {
    d.codes.forEach(addCode);
    cits = {};
    d.citations.forEach(function (st) { cits[st.g] = fromServer(st); });
  }
  load(data);

  var recent = [];
  try { recent = JSON.parse(localStorage.getItem(recentKey)) || []; } catch (e) { recent = []; }
  data.recent.forEach(function (id) {
    var c = codeById[id];
    if (c && recent.indexOf(c.g) < 0) recent.push(c.g);
  });
  function used(g) {
    recent = [g].concat(recent.filter(function (x) { return x !== g; })).slice(0, 12);
    try { localStorage.setItem(recentKey, JSON.stringify(recent)); } catch (e) { /* full */ }
  }

  // --- selection -> code points ------------------------------------------------------------
  var leaves = [], selection = null, active = null;
  function boundary(node, offset) {
    if (node.nodeType === 3 && node.parentNode.hasAttribute("data-o") && docEl.contains(node)) {
      return +node.parentNode.getAttribute("data-o") + unitsToCp(node.data, offset);
    }
    // An element boundary (or one inside a heading): the start of the first text after it.
    var point = document.createRange();
    point.setStart(node, offset);
    var low = 0, high = leaves.length;
    while (low < high) {
      var mid = (low + high) >> 1;
      if (point.comparePoint(leaves[mid].firstChild, 0) >= 0) high = mid; else low = mid + 1;
    }
    return low < leaves.length ? +leaves[low].getAttribute("data-o") : cps.length;
  }
  function readSelection() {
    var sel = window.getSelection();
    if (!sel.rangeCount) return;
    var range = sel.getRangeAt(0);
    if (!docEl.contains(range.commonAncestorContainer)) return;
    if (range.collapsed) { if (selection) { selection = null; showPanel(); } return; }
    var s = boundary(range.startContainer, range.startOffset);
    var e = boundary(range.endContainer, range.endOffset);
    while (s < e && /\s/.test(cps[s])) s++;
    while (e > s && /\s/.test(cps[e - 1])) e--;
    selection = s < e ? { s: s, e: e } : null;
    showPanel();
  }
  var selTimer = null;
  document.addEventListener("selectionchange", function () {
    clearTimeout(selTimer);
    selTimer = setTimeout(readSelection, 120);
  });

  // --- painting: highlights and margin labels ----------------------------------------------
  function lineOf(offset) {
    var low = 0, high = lineStart.length - 1;
    while (low < high) {
      var mid = (low + high + 1) >> 1;
      if (lineStart[mid] <= offset) low = mid; else high = mid - 1;
    }
    return low;
  }
  function live() {
    return Object.keys(cits).map(function (g) { return cits[g]; })
      .sort(function (a, b) { return a.s - b.s || b.e - a.e; });
  }
  function colour(c) {
    var code = codes[c.c[0]];
    return code ? code.colour : "#cccccc";
  }
  function label(c) { return data.number + ":" + (c.n === null || c.n === undefined ? window.word("coding.pending") : c.n); }
  function paint() {
    var list = live(), byLine = {}, first = {}, last = {};
    list.forEach(function (c) {
      for (var i = lineOf(c.s); i <= lineOf(Math.max(c.s, c.e - 1)); i++) (byLine[i] = byLine[i] || []).push(c);
    });
    leaves = [];
    lineEls.forEach(function (el, i) {
      var start = lineStart[i], end = start + cpLen(el.textContent), here = byLine[i] || [];
      if (!here.length && !el.children.length) { if (el.firstChild) leaves.push(el); return; }
      var points = [start, end];
      here.forEach(function (c) { points.push(Math.max(start, c.s), Math.min(end, c.e)); });
      points = points.filter(function (p, k) { return points.indexOf(p) === k; }).sort(function (a, b) { return a - b; });
      var frag = document.createDocumentFragment();
      for (var k = 0; k + 1 < points.length; k++) {
        var p = points[k], q = points[k + 1];
        var span = document.createElement("span");
        span.setAttribute("data-o", p);
        span.textContent = textOf(p, q);
        var over = here.filter(function (c) { return c.s <= p && c.e >= q; });
        if (over.length) {
          over.sort(function (a, b) { return (a.e - a.s) - (b.e - b.s); });
          span.className = "hl" + (over.length > 1 ? " hl-multi" : "") +
            (over.some(function (c) { return c.g === active; }) ? " hl-active" : "");
          span.style.backgroundColor = colour(over[0]) + "66";
          span.setAttribute("data-g", over[0].g);
          over.forEach(function (c) { if (!first[c.g]) first[c.g] = span; last[c.g] = span; });
        }
        frag.appendChild(span);
        leaves.push(span);
      }
      el.textContent = "";
      el.setAttribute("data-o", start);
      el.appendChild(frag);
    });
    drawMargin(list, first, last);
  }
  function drawMargin(list, first, last) {
    margin.textContent = "";
    var top0 = wrap.getBoundingClientRect().top, lanes = [];
    list.forEach(function (c) {
      if (!first[c.g]) return;
      var top = first[c.g].getBoundingClientRect().top - top0;
      var bottom = last[c.g].getBoundingClientRect().bottom - top0;
      var lane = 0;
      while (lanes[lane] !== undefined && lanes[lane] > top) lane++;
      lanes[lane] = Math.max(bottom, top + 22);
      var mark = document.createElement("button");
      mark.type = "button";
      mark.className = "mk" + (c.g === active ? " mk-active" : "");
      mark.setAttribute("data-g", c.g);
      mark.style.top = top + "px";
      mark.style.height = Math.max(bottom - top, 22) + "px";
      mark.style.left = (lane * 12) + "px";
      mark.style.borderColor = colour(c);
      var names = c.c.slice().sort(function (x, y) { return order.indexOf(x) - order.indexOf(y); })
        .map(function (g) { return codes[g] ? codes[g].name : "?"; });
      mark.textContent = label(c) + " " + names.join(", ");
      margin.appendChild(mark);
    });
  }

  // --- the panel: selection, the active citation, the palette ------------------------------
  var search = $("code-search"), list = $("code-list"), createBtn = $("create-code");
  function fold(s) { return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  function showPanel() {
    var c = active && cits[active];
    $("cit").hidden = !c;
    $("sel-quote").hidden = !selection;
    $("sel-hint").hidden = !!selection || !!c;
    if (selection) $("sel-quote").textContent = window.word("coding.selected", { text: textOf(selection.s, selection.e) });
    if (c) {
      $("cit-id").textContent = label(c);
      $("cit-quote").textContent = textOf(c.s, c.e);
      if (document.activeElement !== $("memo")) $("memo").value = c.m || "";
    }
    renderPalette();
  }
  function renderPalette() {
    var q = fold(search.value.trim()), c = active && cits[active];
    var shown = recent.concat(order.filter(function (g) { return recent.indexOf(g) < 0; }));
    list.textContent = "";
    var exact = false;
    shown.forEach(function (g) {
      var code = codes[g];
      if (!code || code.retired || (q && fold(code.name).indexOf(q) < 0)) return;
      if (fold(code.name) === q) exact = true;
      var li = document.createElement("li"), b = document.createElement("button");
      b.type = "button";
      b.className = "code-btn";
      b.setAttribute("data-g", g);
      b.setAttribute("aria-pressed", !selection && c && c.c.indexOf(g) >= 0 ? "true" : "false");
      b.disabled = !editable || (!c && !selection);
      var sw = document.createElement("span");
      sw.className = "sw";
      sw.style.backgroundColor = code.colour;
      b.appendChild(sw);
      b.appendChild(document.createTextNode(code.name));
      li.appendChild(b);
      list.appendChild(li);
    });
    if (createBtn) {
      createBtn.hidden = !q || exact;
      createBtn.textContent = window.word("coding.create", { text: search.value.trim() });
    }
    var undo = $("undo");
    if (undo) undo.disabled = !undoStack.length;
  }
  search.addEventListener("input", renderPalette);

  // --- actions -----------------------------------------------------------------------------
  var undoStack = [];
  function uuid() {
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function act(op, undoable) {
    op.op = uuid();
    if (undoable) { undoStack.push(JSON.stringify(cits)); if (undoStack.length > 100) undoStack.shift(); }
    applyLocal(op);
    queue.push(op);
    store();
    paint();
    showPanel();
    flush();
  }
  function applyLocal(op) {
    var c = op.citation && cits[op.citation];
    if (op.kind === "code") addCode({ g: op.guid, id: null, name: op.name, colour: "#cccccc" });
    else if (op.kind === "create") cits[op.citation] = { g: op.citation, n: null, s: op.start, e: op.end, c: op.codes.slice(), m: "" };
    else if (op.kind === "codes" && c) c.c = op.codes.slice();
    else if (op.kind === "span" && c) { c.s = op.start; c.e = op.end; }
    else if (op.kind === "memo" && c) c.m = op.memo;
    else if (op.kind === "delete") delete cits[op.citation];
  }
  function applyCode(g) {
    used(g);
    var c = !selection && active && cits[active];
    if (c) {
      var next = c.c.indexOf(g) >= 0 ? c.c.filter(function (x) { return x !== g; }) : c.c.concat([g]);
      if (!next.length) return show(window.word("coding.last_code"), true);
      return act({ kind: "codes", citation: c.g, codes: next }, true);
    }
    if (!selection) return;
    var guid = uuid();
    act({ kind: "create", citation: guid, start: selection.s, end: selection.e,
      quote: textOf(selection.s, selection.e), codes: [g] }, true);
    active = guid;
    selection = null;
    window.getSelection().removeAllRanges();
    paint();
    showPanel();
  }
  list.addEventListener("click", function (ev) {
    var b = ev.target.closest(".code-btn");
    if (b && !b.disabled) applyCode(b.getAttribute("data-g"));
  });
  if (createBtn) createBtn.addEventListener("click", function () {
    var name = search.value.trim(), guid = uuid();
    if (!name) return;
    act({ kind: "code", name: name, guid: guid }, false);
    search.value = "";
    applyCode(guid);
  });
  function openCitation(g) { active = g; paint(); showPanel(); }
  docEl.addEventListener("click", function (ev) {
    var hl = ev.target.closest(".hl");
    if (hl && window.getSelection().isCollapsed) openCitation(hl.getAttribute("data-g"));
  });
  margin.addEventListener("click", function (ev) {
    var mk = ev.target.closest(".mk");
    if (mk) openCitation(mk.getAttribute("data-g"));
  });
  $("close").addEventListener("click", function () { active = null; paint(); showPanel(); });
  var memoTimer = null;
  function sendMemo() {
    clearTimeout(memoTimer);
    memoTimer = null;
    var c = active && cits[active];
    if (c && editable && $("memo").value !== (c.m || "")) act({ kind: "memo", citation: c.g, memo: $("memo").value }, true);
  }
  $("memo").addEventListener("input", function () { clearTimeout(memoTimer); memoTimer = setTimeout(sendMemo, 800); });
  $("memo").addEventListener("blur", sendMemo);
  if ($("extend")) $("extend").addEventListener("click", function () {
    var c = active && cits[active];
    if (!c) return;
    if (!selection) return show(window.word("coding.no_selection"), true);
    var s = Math.min(c.s, selection.s), e = Math.max(c.e, selection.e);
    act({ kind: "span", citation: c.g, start: s, end: e, quote: textOf(s, e) }, true);
  });
  if ($("delete")) $("delete").addEventListener("click", function () {
    if (!active) return;
    act({ kind: "delete", citation: active }, true);
    active = null;
    showPanel();
  });
  if ($("undo")) $("undo").addEventListener("click", function () {
    if (!undoStack.length) return show(window.word("coding.nothing"));
    if (memoTimer) sendMemo();
    cits = JSON.parse(undoStack.pop());
    if (active && !cits[active]) active = null;
    act({ kind: "undo" }, false);
  });

  // --- the queue ---------------------------------------------------------------------------
  var queue = [], sending = false, stopped = false, delay = 1000, retry = null, refresh = false;
  try { queue = JSON.parse(localStorage.getItem(queueKey)) || []; } catch (e) { queue = []; }
  function store() { try { localStorage.setItem(queueKey, JSON.stringify(queue)); } catch (e) { /* full */ } }
  function show(text, warn) { state.textContent = text || ""; state.classList.toggle("is-warning", !!warn); }
  function flush() {
    if (sending || stopped || !queue.length) return;
    sending = true;
    show(window.word("coding.saving"));
    fetch(root.getAttribute("data-ops"), { method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": token },
      body: JSON.stringify(queue[0]) })
      .then(function (res) {
        var json = (res.headers.get("Content-Type") || "").indexOf("json") >= 0;
        return (json ? res.json() : Promise.resolve({ error: "login" })).then(function (d) { answered(res.status, d); });
      }, failed);
  }
  function answered(status, d) {
    sending = false;
    if (status >= 500) return failed();
    if (status === 200 && d.ok) { queue.shift(); store(); applyServer(d); delay = 1000; }
    else if ((status === 400 || status === 404 || status === 409) && d.error !== "csrf" && d.error !== "login") {
      queue.shift(); store(); refresh = true; show(d.message, true);
    } else { stopped = true; return show(d.message || window.word("coding.stopped"), true); }
    if (queue.length) return flush();
    if (status === 200) show(window.word("coding.saved"));
    if (refresh) reload();
  }
  function applyServer(d) {
    if (d.code) {
      addCode(d.code);
      if (d.asked && d.asked !== d.code.g && codes[d.asked]) { delete codes[d.asked]; order.splice(order.indexOf(d.asked), 1); }
    }
    (d.changed || []).forEach(function (st) {
      if (st.d) { delete cits[st.g]; if (active === st.g) active = st.into || null; }
      else cits[st.g] = fromServer(st);
    });
    if (queue.length) queue.forEach(applyLocal);  // later local changes still win on screen
    paint();
    showPanel();
  }
  function failed() {
    sending = false;
    show(window.word("coding.offline", { n: queue.length }), true);
    clearTimeout(retry);
    retry = setTimeout(flush, delay);
    delay = Math.min(delay * 2, 30000);
  }
  function reload() {
    refresh = false;
    fetch(root.getAttribute("data-state"), { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (res) { return res.ok ? res.json() : null; })
      .then(function (d) { if (d) { load(d); if (active && !cits[active]) active = null; paint(); showPanel(); } });
  }
  window.addEventListener("online", function () { clearTimeout(retry); delay = 1000; stopped = false; flush(); });
  window.addEventListener("resize", function () { paint(); });

  // A reopened page: operations still waiting are shown at once, sent, then the server's state read.
  if (queue.length) { queue.forEach(applyLocal); refresh = true; }
  paint();
  showPanel();
  flush();
})();
