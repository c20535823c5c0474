// Background job page: poll the job's status URL and move the progress bar; reload the
// page once the job has finished (it then shows the download link or the error).
(function () {
  "use strict";
  var box = document.querySelector("[data-job-status-url]");
  if (!box) return;
  var url = box.dataset.jobStatusUrl;
  var bar = box.querySelector("progress");
  var label = box.querySelector("[data-job-label]");
  var count = box.querySelector("[data-job-count]");

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { window.setTimeout(poll, 5000); return; }
        if (data.finished) { window.location.reload(); return; }
        if (bar) { bar.max = data.total || 1; bar.value = data.done; }
        if (label) label.textContent = data.label;
        if (count) count.textContent = data.done + " / " + data.total + " (" + data.percent + "%)";
        window.setTimeout(poll, 1500);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
