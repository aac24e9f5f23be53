// Loads recorder.js only when the interviewer starts recording, or when a recording was running
// in this tab before a reload (the interview page stays light for everyone else).
(function () {
  "use strict";
  var panel = document.querySelector("[data-recorder]");
  if (!panel) return;
  var loaded = false;
  function load() {
    if (loaded) return;
    loaded = true;
    var script = document.createElement("script");
    script.src = panel.getAttribute("data-src");
    document.head.appendChild(script);
  }
  var button = panel.querySelector("[data-rec-start]");
  button.addEventListener("click", function () {
    // recorder.js takes the click over once it runs; until then this one asks it to start.
    if (loaded) return;
    panel.setAttribute("data-start-pending", "1");
    load();
  });
  try {
    if (localStorage.getItem("recording:" + panel.getAttribute("data-key"))) load();
  } catch (x) { /* no storage: nothing to resume */ }
})();
