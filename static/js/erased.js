// Wipes this browser's local copies of participants who withdrew or were deleted: the unsent
// autosave texts that autosave.js keeps in localStorage as "autosave:<code>:<question id>", and
// the refused ones it keeps as "notsaved:<code>:<id>", the transcription page's
// "transcript:<code>:…" entries, and the recorder's unsent audio chunks in IndexedDB
// ("interview-recording", keyed "<code>|…" and "refused|<code>|…").
// The server lists the erased codes in a meta tag on every page, and names an erased participant
// in the X-Interview-Erased header when it refuses a request about them (e.g. an autosave).
// Loaded before autosave.js, so a reopened page never puts erased words back into a box.
(function () {
  "use strict";
  function wipe(codes) {
    (codes || "").split(/[\s,]+/).forEach(function (code) {
      if (!code) return;
      // Queued texts and notes, the refused ones kept under "Not saved", and the transcription
      // page's queue and refusals (transcribe.js).
      var prefixes = ["autosave:" + code + ":", "notsaved:" + code + ":", "transcript:" + code + ":"];
      try {
        for (var i = localStorage.length - 1; i >= 0; i--) {
          var key = localStorage.key(i);
          if (key && prefixes.some(function (p) { return key.indexOf(p) === 0; })) localStorage.removeItem(key);
        }
      } catch (e) { /* storage unavailable: nothing is kept there either */ }
      wipeAudio(code);
    });
  }
  // Here, not in recorder.js: that loads only on a recording interview, and a tablet may never
  // record again after the participant whose voice it still holds was erased.
  function wipeAudio(code) {
    var idb = window.indexedDB;
    if (!idb) return;
    var listed = idb.databases ? idb.databases() : Promise.resolve([{ name: "interview-recording" }]);
    listed.then(function (found) {
      if (!found.some(function (d) { return d.name === "interview-recording"; })) return;
      var open = idb.open("interview-recording", 1);
      open.onupgradeneeded = function () { open.result.createObjectStore("chunks"); };
      open.onsuccess = function () {
        var store = open.result.transaction("chunks", "readwrite").objectStore("chunks");
        [code + "|", "refused|" + code + "|"].forEach(function (p) {
          store.delete(IDBKeyRange.bound(p, p + "\uffff"));
        });
      };
    }).catch(function () { /* no IndexedDB here: no chunks either */ });
  }
  var meta = document.querySelector('meta[name="erased-codes"]');
  if (meta) wipe(meta.getAttribute("content"));
  if (!window.fetch) return;
  var send = window.fetch;
  window.fetch = function () {
    return send.apply(window, arguments).then(function (response) {
      wipe(response.headers.get("X-Interview-Erased"));
      return response;
    });
  };
})();
