// Shows the inspection's progress without reloading; the page refreshes itself once it is done.
// Without JavaScript a <noscript> refresh does the same every few seconds.
(function () {
  "use strict";
  var box = document.getElementById("id-progress");
  if (!box) { return; }
  var bar = box.querySelector("progress");
  var stage = box.querySelector(".stage");
  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (!state.busy) { window.location.reload(); return; }
        bar.value = state.percent;
        stage.textContent = state.stage;
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 1000);
})();
