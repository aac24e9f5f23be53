// The interview's recorder: never lose audio.
// Each chunk the browser's MediaRecorder hands out is written to IndexedDB (segment, sequence,
// SHA-256) before it is sent; it is deleted only once the server acknowledges it. Offline, chunks
// wait and go in order when the connection is back. A reload starts a new segment (the server
// records the gap); chunks left from before are sent first. Finishing waits for every one.
(function () {
  "use strict";
  var panel = document.querySelector("[data-recorder]");
  if (!panel || panel.hasAttribute("data-ready")) return;
  panel.setAttribute("data-ready", "1");
  var code = panel.getAttribute("data-key"), chunksUrl = panel.getAttribute("data-chunks");
  var sliceMs = +panel.getAttribute("data-chunk-ms") || 2000;
  var token = document.querySelector('meta[name="csrf-token"]').content;
  var flagKey = "recording:" + code;
  var state = panel.querySelector("[data-rec-state]"), startButton = panel.querySelector("[data-rec-start]");
  var db = null, stream = null, recorder = null, audio = null, meter = null;
  // The running segment: its id, next sequence number, start (wall clock, for the server; page
  // clock, for the elapsed time) and why it is ending. Each recorder keeps its own, so a late
  // last chunk of a stopped one never lands in the next segment.
  var current = null, lastChunk = 0;
  var saving = Promise.resolve(), sending = false, retry = null, backoff = 1000, waiting = 0;
  var elapsedBefore = 0, wakeLock = null, warning = "", refusedCount = 0;
  var ui = {};

  function word(name, value) { return window.word("recorder." + name, { n: value, text: value }); }
  function readFlag() { try { return JSON.parse(localStorage.getItem(flagKey)); } catch (x) { return null; } }
  function writeFlag(value) {
    try { if (value) localStorage.setItem(flagKey, JSON.stringify(value)); else localStorage.removeItem(flagKey); } catch (x) { /* full */ }
  }
  function uuid() {
    if (crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16)), h = [];
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    for (var i = 0; i < 16; i++) h.push((b[i] + 256).toString(16).slice(1));
    h = h.join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function hex(buffer) {
    return [].map.call(new Uint8Array(buffer), function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }
  function running() { return !!recorder && recorder.state === "recording"; }
  function elapsed() { return elapsedBefore + (running() && current.perf ? performance.now() - current.perf : 0); }
  function clock(ms) {
    var s = Math.floor(ms / 1000), m = Math.floor(s / 60);
    return Math.floor(m / 60) + ":" + ("0" + (m % 60)).slice(-2) + ":" + ("0" + (s % 60)).slice(-2);
  }

  // IndexedDB: one store of chunks keyed "code|segment-start|segment|sequence" so a key range
  // lists one participant's chunks in the order they must be sent.
  function openStore() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open("interview-recording", 1);
      request.onupgradeneeded = function () { request.result.createObjectStore("chunks"); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }
  function tx(mode, work) {
    return new Promise(function (resolve, reject) {
      var t = db.transaction("chunks", mode), result;
      t.oncomplete = function () { resolve(result); };
      t.onerror = t.onabort = function () { reject(t.error); };
      result = work(t.objectStore("chunks"));
    });
  }
  function pad(n, width) { return ("000000000000000" + n).slice(-width); }
  function keyOf(c) { return code + "|" + pad(c.wall, 15) + "|" + c.segment + "|" + pad(c.sequence, 7); }
  function range() { return IDBKeyRange.bound(code + "|", code + "|\uffff"); }
  function firstWaiting() {
    return tx("readonly", function (store) {
      var found = { value: null, count: 0 };
      var r1 = store.getAll(range(), 1), r2 = store.count(range());
      r1.onsuccess = function () { found.value = r1.result[0] || null; };
      r2.onsuccess = function () { found.count = r2.result; };
      return found;
    });
  }

  // A chunk from the recorder: stored first (in order, one after the other), then sent.
  function onData(r, seg, event) {
    var chunk = { segment: seg.id, sequence: seg.sequence++, wall: seg.wall, type: r.mimeType || event.data.type,
      final: r.state === "inactive" ? seg.ending : "" };
    lastChunk = performance.now();
    saving = saving.then(function () { return event.data.arrayBuffer(); }).then(function (data) {
      chunk.data = data;
      return crypto.subtle.digest("SHA-256", data);
    }).then(function (digest) {
      chunk.sha256 = hex(digest);
      return tx("readwrite", function (store) { store.put(chunk, keyOf(chunk)); });
    }).then(flush, function () { say(word("storage_failed"), true); });
  }

  function flush() {
    if (sending || !db) return;
    sending = true;
    clearTimeout(retry);
    firstWaiting().then(function (found) {
      waiting = found.count;
      show();
      if (!found.value) { sending = false; return; }
      return send(found.value);
    }).catch(function () { sending = false; later(); });
  }
  function send(chunk) {
    var query = "?segment=" + chunk.segment + "&sequence=" + chunk.sequence + "&sha256=" + chunk.sha256 +
      "&age=" + Math.max(0, Date.now() - chunk.wall) + "&type=" + encodeURIComponent(chunk.type) +
      (chunk.final ? "&final=" + chunk.final : "");
    return fetch(chunksUrl + query, { method: "POST", credentials: "same-origin", body: chunk.data,
      headers: { "Content-Type": "application/octet-stream", "X-CSRFToken": token, "Accept": "application/json" } })
      .then(function (res) {
        if (res.ok || (res.status >= 400 && res.status < 500 && res.status !== 429)) {
          return res.json().catch(function () { return {}; }).then(function (body) { return done(chunk, res, body); });
        }
        // 429, 5xx, a login page: the chunk stays and is sent again.
        var after = +res.headers.get("Retry-After");
        sending = false;
        later(after ? after * 1000 : 0);
      }, function () { sending = false; later(); });
  }
  // Acknowledged: deleted. Refused for good (finished interview, damaged chunk …): moved aside,
  // still kept here, so the rest can flow. Anything else (a login page, a busy server): again later.
  function done(chunk, res, body) {
    if (res.ok && body.ok) return settle(chunk, false);
    if (!res.ok && (PERMANENT.indexOf(body.error) >= 0 || res.status === 404 || res.status === 410 || res.status === 413)) {
      refusedCount++;
      say(word("refused", body.message || res.status), true);
      return settle(chunk, true);
    }
    sending = false;
    if (res.ok || body.error === "csrf") say(word("login"), true);
    later();
  }
  // The server's refusals that sending again cannot change (intake.py); anything else (an expired
  // token, a login page, a busy server) is tried again.
  var PERMANENT = ["no_consent", "not_started", "finished", "wrong_participant", "out_of_order",
    "duplicate_differs", "too_large", "checksum", "bad_chunk", "empty"];
  function settle(chunk, aside) {
    return tx("readwrite", function (store) {
      if (aside) store.put(chunk, "refused|" + keyOf(chunk));
      store.delete(keyOf(chunk));
    }).then(function () { backoff = 1000; sending = false; flush(); });
  }
  function later(ms) {
    clearTimeout(retry);
    retry = setTimeout(flush, ms || backoff);
    backoff = Math.min(backoff * 2, 8000);
    show();
  }

  function pickType() {
    var webkit = /AppleWebKit/.test(navigator.userAgent) && !/Chrom(e|ium)|Edg/.test(navigator.userAgent);
    var types = webkit ? ["audio/mp4", "audio/webm;codecs=opus", "audio/webm"] : ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/webm", "audio/mp4"];
    return types.filter(function (t) { return MediaRecorder.isTypeSupported(t); })[0] || "";
  }

  function acquire() {
    return navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true } })
      .then(function (s) {
        stream = s;
        var track = s.getAudioTracks()[0];
        track.onended = function () { lost(); };
        track.onmute = function () { say(word("mic_lost"), true); };
        track.onunmute = function () { if (warning === word("mic_lost")) say("", false); };
        listen(s);
        return s;
      });
  }
  // The microphone went away (iOS ends the track when the screen dims): say so loudly, take it
  // again and go on in a new segment.
  function lost() {
    say(word("mic_lost"), true);
    if (!recorder || recorder.state === "inactive") return;
    current.ending = "";
    current.stopped = performance.now();
    recorder.stop();
    var at = clock(elapsed());
    acquire().then(function () { begin(); say(word("mic_back", at), true); }, function () { say(word("mic_denied"), true); });
  }

  function begin() {
    var type = pickType(), seg = { id: uuid(), sequence: 0, wall: Date.now(), perf: 0, ending: "" };
    var r = new MediaRecorder(stream, type ? { mimeType: type, audioBitsPerSecond: 48000 } : { audioBitsPerSecond: 48000 });
    r.ondataavailable = function (event) { onData(r, seg, event); };
    r.onstart = function () { seg.wall = Date.now(); seg.perf = lastChunk = performance.now(); };
    r.onstop = function () {
      elapsedBefore += (seg.stopped || performance.now()) - seg.perf;
      keepFlag(); show();
    };
    r.onerror = function () { say(word("no_audio"), true); };
    recorder = r; current = seg;
    r.start(sliceMs);
    writeFlag({ state: "on", elapsed: elapsedBefore });
    keepAwake();
    show();
  }
  function start() {
    say("", false);
    if (!window.MediaRecorder || !navigator.mediaDevices || !window.indexedDB || !(window.crypto && crypto.subtle)) {
      say(word("unsupported"), true);
      return;
    }
    if (navigator.storage && navigator.storage.persist) navigator.storage.persist();
    (stream && stream.active ? Promise.resolve(stream) : acquire()).then(begin, function () { say(word("mic_denied"), true); });
  }
  function halt(how) {
    if (!recorder || recorder.state === "inactive") return;
    var total = elapsed();
    current.ending = how;
    current.stopped = performance.now();
    recorder.stop();
    writeFlag(how === "pause" ? { state: "paused", elapsed: total } : null);
    if (how === "stop") {
      stream.getTracks().forEach(function (t) { t.stop(); });
      stream = null;
    }
    show();
  }
  function keepFlag() {
    var flag = readFlag();
    if (flag) { flag.elapsed = elapsed(); writeFlag(flag); }
  }
  setInterval(keepFlag, 1000);

  function keepAwake() {
    if (!navigator.wakeLock || document.hidden || wakeLock) return;
    navigator.wakeLock.request("screen").then(function (lock) {
      wakeLock = lock;
      lock.addEventListener("release", function () { wakeLock = null; });
    }, function () { /* refused (battery saver): the interviewer keeps the screen on */ });
  }

  // The level meter: the microphone's loudness, read a few times a second.
  function listen(s) {
    try {
      var Context = window.AudioContext || window.webkitAudioContext;
      if (audio) audio.close();
      audio = new Context();
      var analyser = audio.createAnalyser(), samples = new Float32Array(512);
      analyser.fftSize = 512;
      audio.createMediaStreamSource(s).connect(analyser);
      meter = function () {
        analyser.getFloatTimeDomainData(samples);
        var sum = 0;
        for (var i = 0; i < samples.length; i++) sum += samples[i] * samples[i];
        return Math.min(1, Math.sqrt(sum / samples.length) * 4);
      };
    } catch (x) { meter = null; }
  }

  function say(text, loud) {
    warning = text;
    ui.warning.textContent = text;
    ui.warning.hidden = !text;
    panel.classList.toggle("is-warning", !!loud && !!text);
  }
  function show() {
    var on = running(), flag = readFlag();
    var paused = !on && flag && flag.state === "paused";
    startButton.hidden = on;
    startButton.textContent = paused ? word("resume") : word("start");
    ui.pause.hidden = ui.stop.hidden = !on;
    if (paused) ui.stop.hidden = false;
    ui.clock.textContent = clock(on ? elapsed() : (flag ? flag.elapsed : elapsedBefore));
    state.textContent = (on ? word("recording") : paused ? word("paused") : word("stopped")) +
      (waiting ? " · " + word("waiting", waiting) : "");
    panel.setAttribute("data-state", on ? "recording" : paused ? "paused" : "stopped");
    panel.setAttribute("data-waiting", waiting);
  }
  function tick() {
    var on = running();
    if (on) ui.clock.textContent = clock(elapsed());
    if (ui.level) ui.level.value = on && meter ? meter() : 0;
    // No chunk for two slices: the recorder stalled (Chromium after the device slept).
    if (on && performance.now() - lastChunk > sliceMs * 2 + 1000) say(word("no_audio"), true);
    else if (warning === word("no_audio")) say("", false);
  }

  // Moving between sections, and the section's own forms (a follow-up question, a change), while
  // recording: the new page is fetched and swapped in place, so the recorder goes on (a full page
  // load would stop it). The answers' form element stays, only its content changes: the autosave
  // and notes scripts keep listening to it. Anything else loads as usual.
  function swap(html, url) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var fresh = doc.querySelector(".iv-layout"), old = document.querySelector(".iv-layout");
    var freshForm = fresh && fresh.querySelector("form[data-autosave]"), oldForm = old.querySelector("form[data-autosave]");
    if (!freshForm || !oldForm) return false;
    oldForm.innerHTML = freshForm.innerHTML;
    oldForm.action = freshForm.getAttribute("action");
    fresh = document.adoptNode(fresh);
    fresh.querySelector("form[data-autosave]").replaceWith(oldForm);
    old.replaceWith(fresh);
    var flashes = document.querySelector(".flashes"), news = doc.querySelector(".flashes");
    if (flashes) flashes.remove();
    if (news) document.querySelector(".iv-head").before(document.adoptNode(news));
    document.title = doc.title;
    if (url !== location.href) history.pushState(null, "", url);
    window.scrollTo(0, 0);
    return true;
  }
  function fetchPage(url, options) {
    return fetch(url, Object.assign({ credentials: "same-origin" }, options)).then(function (res) {
      return res.text().then(function (html) {
        if (res.status >= 500 || !swap(html, res.url)) throw new Error("page");
      });
    });
  }
  function usable(ev) { return !ev.defaultPrevented && running() && navigator.onLine; }
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest && ev.target.closest(".stepper a[href]");
    if (!a || !usable(ev)) return;
    ev.preventDefault();
    fetchPage(a.href).catch(function () { location.href = a.href; });
  });
  document.addEventListener("submit", function (ev) {
    var f = ev.target, action = f.getAttribute("action") || "";
    if (!usable(ev) || (f.getAttribute("method") || "").toLowerCase() !== "post" || /\/finish$/.test(action)) return;
    if (!f.closest(".iv-layout") || f.hasAttribute("data-plain")) { f.removeAttribute("data-plain"); return; }
    ev.preventDefault();
    var data;
    try { data = new FormData(f, ev.submitter); } catch (x) { data = new FormData(f); }
    // Refused by the network: the usual submit (autosave's queue takes it when offline).
    fetchPage(f.action, { method: "POST", body: new URLSearchParams(data) }).catch(function () {
      f.setAttribute("data-plain", "1");
      f.requestSubmit(ev.submitter);
    });
  });

  // Finishing waits until every chunk is acknowledged.
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!db || !/\/finish$/.test(form.getAttribute("action") || "") || form.hasAttribute("data-recording-sent")) return;
    ev.preventDefault();
    halt("stop");
    say(word("finishing", waiting || "…"), false);
    (function wait() {
      saving.then(firstWaiting).then(function (found) {
        waiting = found.count;
        if (found.count) { say(word("finishing", found.count), false); flush(); setTimeout(wait, 500); return; }
        form.setAttribute("data-recording-sent", "1");
        form.submit();
      });
    })();
  }, true);

  function build() {
    var css = document.createElement("link");
    css.rel = "stylesheet"; css.href = panel.getAttribute("data-css");
    document.head.appendChild(css);
    function add(tag, cls, text) {
      var el = document.createElement(tag);
      if (cls) el.className = cls;
      if (text) el.textContent = text;
      panel.insertBefore(el, state);
      return el;
    }
    ui.clock = add("output", "rec-clock", "0:00:00");
    ui.clock.setAttribute("aria-label", word("elapsed"));
    ui.level = add("meter", "rec-level");
    ui.level.max = 1; ui.level.setAttribute("aria-label", word("level"));
    ui.pause = add("button", "button", word("pause"));
    ui.stop = add("button", "button", word("stop"));
    ui.pause.type = ui.stop.type = "button";
    ui.warning = document.createElement("p");
    ui.warning.className = "rec-warning";
    ui.warning.setAttribute("role", "alert");
    panel.appendChild(ui.warning);
    startButton.addEventListener("click", start);
    ui.pause.addEventListener("click", function () { halt("pause"); });
    ui.stop.addEventListener("click", function () {
      if (running()) halt("stop");
      else { writeFlag(null); elapsedBefore = 0; show(); }
    });
  }

  window.addEventListener("online", function () { backoff = 1000; flush(); });
  document.addEventListener("visibilitychange", function () { if (!document.hidden) keepAwake(); });
  window.addEventListener("pagehide", function () { if (running()) recorder.requestData(); });

  fetch(panel.getAttribute("data-status"), { credentials: "same-origin" })
    .then(function (res) { return res.json(); })
    .catch(function () { return {}; })
    .then(function (status) {
      window.word.add("recorder", status.words);
      build();
      return openStore();
    })
    .then(function (opened) {
      db = opened;
      var flag = readFlag();
      elapsedBefore = flag ? flag.elapsed || 0 : 0;
      show();
      setInterval(tick, 250);
      flush();
      // Started before this page loaded (a reload, a crash): go on as a new segment.
      if ((flag && flag.state === "on") || panel.hasAttribute("data-start-pending")) start();
    }, function () { say(word("storage_failed"), true); });

  window.interviewRecorder = {
    state: function () { return recorder ? recorder.state : "inactive"; },
    // The microphone's track, for the browser tests to end it as iOS does.
    track: function () { return stream && stream.getAudioTracks()[0]; },
    elapsed: elapsed,
    waiting: function () { return waiting; },
    refused: function () { return refusedCount; }
  };
})();
