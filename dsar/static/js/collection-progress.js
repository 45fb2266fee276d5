// The collection's progress on the case page (progress-poll.js asks for it); the page reloads once
// the bundle is ready. Without JavaScript a <noscript> refresh and a reload link do the same.
(function () {
  "use strict";
  var box = document.getElementById("collection-progress");
  if (!box || box.dataset.busy !== "yes") { return; }
  var bar = box.querySelector("progress");
  var body = box.querySelector("tbody");
  function cell(text) {
    var td = document.createElement("td");
    td.textContent = text === undefined || text === null ? "" : String(text);
    return td;
  }
  window.dsarPollProgress(box, function (state) {
    bar.value = state.percent;
    box.querySelector(".status").textContent = state.label;
    if (state.sources.length) {
      body.replaceChildren.apply(body, state.sources.map(function (s) {
        var tr = document.createElement("tr");
        tr.className = "source-" + s.status;
        [s.name, s.status, s.rows, s.reason].forEach(function (v) { tr.appendChild(cell(v)); });
        return tr;
      }));
    }
  });
})();
