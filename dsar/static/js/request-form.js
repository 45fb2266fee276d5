// Progressive enhancement: without JavaScript every detail section stays visible and the form works.
(function () {
  "use strict";
  var form = document.getElementById("request-form");
  if (!form) { return; }
  document.documentElement.classList.add("js");
  var boxes = form.querySelectorAll("input[name=rights]");
  var sections = form.querySelectorAll(".right-details");
  var onBehalf = form.querySelector("input[name=on_behalf]");
  var behalfDetails = form.querySelector(".on-behalf-details");

  function sync() {
    var chosen = {};
    boxes.forEach(function (box) { if (box.checked) { chosen[box.value] = true; } });
    sections.forEach(function (section) { section.hidden = !chosen[section.dataset.right]; });
    if (onBehalf && behalfDetails) { behalfDetails.hidden = !onBehalf.checked; }
  }
  form.addEventListener("change", sync);
  sync();
})();
