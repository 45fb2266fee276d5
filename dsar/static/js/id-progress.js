// The ID copy's inspection, shown without reloading (progress-poll.js asks for it); the page
// refreshes itself once it is done. Without JavaScript a <noscript> refresh does the same.
(function () {
  "use strict";
  var box = document.getElementById("id-progress");
  if (!box) { return; }
  var bar = box.querySelector("progress");
  var stage = box.querySelector(".stage");
  window.dsarPollProgress(box, function (state) {
    bar.value = state.percent;
    stage.textContent = state.stage;
  });
})();
