// Export page: follow the running export's progress; reload when it ends to show the download.
// Without JavaScript the page offers a Refresh link instead.
(function () {
  "use strict";
  var bar = document.getElementById("export-progress");
  if (!bar) { return; }
  var text = document.getElementById("export-progress-text");
  var url = bar.getAttribute("data-status-url");

  function show(job) {
    bar.max = job.total || 1;
    bar.value = job.done;
    if (text) {
      text.textContent = window.word("export.progress", { done: job.done, total: job.total });
    }
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (job) {
        show(job);
        if (job.status === "done" || job.status === "failed") {
          window.location.reload();
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }

  window.setTimeout(poll, 1000);
})();
