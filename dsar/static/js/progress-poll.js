// Follows a job's progress on a page: asks the box's data-status-url every second and hands each
// answer to the page's own drawing; reloads the page once the job is done. A failed request is
// tried again after three seconds. Without JavaScript the pages refresh through <noscript>.
window.dsarPollProgress = function (box, draw) {
  "use strict";
  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (!state.busy) { window.location.reload(); return; }
        draw(state);
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 1000);
};
