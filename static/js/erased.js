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
  function wipe(list) {
    var codes = (list || "").split(/[\s,]+/).filter(Boolean);
    if (!codes.length) return;
    try {
      for (var i = localStorage.length - 1; i >= 0; i--) {
        var m = /^(?:autosave|notsaved|transcript):([^:]*):/.exec(localStorage.key(i));
        if (m && codes.indexOf(m[1]) >= 0) localStorage.removeItem(m.input);
      }
    } catch (e) { /* storage unavailable: nothing is kept there either */ }
    // The audio here, not in recorder.js: that loads only on a recording interview, and a tablet
    // may never record again after the participant whose voice it still holds was erased. (Opening
    // the store makes an empty one where there was none: harmless.)
    var idb = window.indexedDB, open = idb && idb.open("interview-recording", 1);
    if (!open) return;
    open.onupgradeneeded = function () { open.result.createObjectStore("chunks"); };
    open.onsuccess = function () {
      var store = open.result.transaction("chunks", "readwrite").objectStore("chunks");
      codes.forEach(function (c) {
        [c + "|", "refused|" + c + "|"].forEach(function (p) { store.delete(IDBKeyRange.bound(p, p + "\uffff")); });
      });
    };
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
