// Polls the collection's progress on the case page; reloads the page once the bundle is ready.
// Without JavaScript a <noscript> refresh and a reload link do the same.
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
  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (!state.busy) { window.location.reload(); return; }
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
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 1000);
})();
