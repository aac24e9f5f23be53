// Wipes this browser's local copies of participants who withdrew or were deleted: the unsent
// autosave texts that autosave.js keeps in localStorage as "autosave:<code>:<question id>", and
// the refused ones it keeps as "notsaved:<code>:<id>", and the transcription page's
// "transcript:<code>:…" entries.
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
    });
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
