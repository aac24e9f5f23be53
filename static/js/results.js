// Results page: the "Copy the paragraph" button puts the Participants paragraph on the clipboard.
// Without JavaScript (or clipboard access) the button stays hidden; the text can be selected.
(function () {
  "use strict";
  var button = document.querySelector("[data-copy]");
  if (!button || !navigator.clipboard) { return; }
  var source = document.getElementById(button.getAttribute("data-copy"));
  var status = document.querySelector(".copy-status");
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(source.textContent.trim()).then(function () {
      if (status) { status.textContent = window.word("results.copied"); }
    });
  });
})();
