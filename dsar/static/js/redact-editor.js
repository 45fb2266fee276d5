// In-browser redaction of an ID copy (rules.md 5.3): the person draws black boxes, may rotate,
// and only the flattened image leaves the browser. Without JavaScript the form posts the file
// itself and the server's inspection catches what is still visible.
(function () {
  "use strict";
  var form = document.getElementById("id-upload");
  var editor = document.getElementById("redact-editor");
  if (!form || !editor || !window.HTMLCanvasElement) { return; }
  var input = form.querySelector("input[type=file]");
  var canvas = document.getElementById("redact-canvas");
  var ctx = canvas.getContext("2d");
  var status = form.querySelector(".editor-status");
  var counter = editor.querySelector(".box-count");
  var watermarkBox = editor.querySelector("[data-action=watermark]");
  var MAX_SIDE = 2000;
  var base = null; // an offscreen canvas: the picture, with boxes already burned in by a rotation
  var boxes = [];
  var drag = null;

  function say(text) { status.textContent = text || ""; }

  function render() {
    if (!base) { return; }
    canvas.width = base.width;
    canvas.height = base.height;
    ctx.drawImage(base, 0, 0);
    ctx.fillStyle = "#000";
    boxes.forEach(function (b) { ctx.fillRect(b.x, b.y, b.w, b.h); });
    if (drag && drag.w && drag.h) {
      ctx.fillStyle = "rgba(0, 0, 0, 0.6)";
      ctx.fillRect(drag.x, drag.y, drag.w, drag.h);
    }
    if (watermarkBox.checked) { drawWatermark(); }
    counter.textContent = boxes.length ? boxes.length + " \u25A0" : "";
  }

  function drawWatermark() {
    var text = editor.dataset.watermark + " \u00B7 " + new Date().toISOString().slice(0, 10);
    var size = Math.max(14, Math.round(canvas.width / 40));
    ctx.save();
    ctx.fillStyle = "rgba(120, 0, 0, 0.35)";
    ctx.font = size + "px sans-serif";
    ctx.translate(canvas.width / 2, canvas.height / 2);
    ctx.rotate(-Math.PI / 8);
    ctx.textAlign = "center";
    ctx.fillText(text, 0, 0);
    ctx.restore();
  }

  function flatten() {
    var flat = document.createElement("canvas");
    flat.width = base.width;
    flat.height = base.height;
    var fctx = flat.getContext("2d");
    fctx.drawImage(base, 0, 0);
    fctx.fillStyle = "#000";
    boxes.forEach(function (b) { fctx.fillRect(b.x, b.y, b.w, b.h); });
    base = flat;
    boxes = [];
  }

  function rotate(quarterTurns) {
    if (!base) { return; }
    flatten();
    var turned = document.createElement("canvas");
    turned.width = base.height;
    turned.height = base.width;
    var tctx = turned.getContext("2d");
    tctx.translate(turned.width / 2, turned.height / 2);
    tctx.rotate(quarterTurns * Math.PI / 2);
    tctx.drawImage(base, -base.width / 2, -base.height / 2);
    base = turned;
    render();
  }

  function load(file) {
    base = null;
    boxes = [];
    editor.hidden = true;
    say("");
    if (!file) { return; }
    if (file.type === "application/pdf" || /\.pdf$/i.test(file.name)) {
      say(editor.dataset.msgPdf);
      return;
    }
    var url = URL.createObjectURL(file);
    var img = new Image();
    img.onload = function () {
      var scale = Math.min(1, MAX_SIDE / Math.max(img.naturalWidth, img.naturalHeight));
      base = document.createElement("canvas");
      base.width = Math.round(img.naturalWidth * scale);
      base.height = Math.round(img.naturalHeight * scale);
      base.getContext("2d").drawImage(img, 0, 0, base.width, base.height);
      URL.revokeObjectURL(url);
      editor.hidden = false;
      render();
    };
    img.onerror = function () { URL.revokeObjectURL(url); say(editor.dataset.msgUnreadable); };
    img.src = url;
  }

  function point(event) {
    var rect = canvas.getBoundingClientRect();
    return {
      x: (event.clientX - rect.left) * canvas.width / rect.width,
      y: (event.clientY - rect.top) * canvas.height / rect.height
    };
  }

  canvas.addEventListener("pointerdown", function (event) {
    if (!base) { return; }
    var p = point(event);
    drag = { x0: p.x, y0: p.y, x: p.x, y: p.y, w: 0, h: 0 };
    canvas.setPointerCapture(event.pointerId);
    event.preventDefault();
  });
  canvas.addEventListener("pointermove", function (event) {
    if (!drag) { return; }
    var p = point(event);
    drag.x = Math.min(drag.x0, p.x);
    drag.y = Math.min(drag.y0, p.y);
    drag.w = Math.abs(p.x - drag.x0);
    drag.h = Math.abs(p.y - drag.y0);
    render();
  });
  function finish() {
    if (drag && drag.w > 3 && drag.h > 3) { boxes.push({ x: drag.x, y: drag.y, w: drag.w, h: drag.h }); }
    drag = null;
    render();
  }
  canvas.addEventListener("pointerup", finish);
  canvas.addEventListener("pointercancel", finish);

  editor.addEventListener("click", function (event) {
    var action = event.target.dataset && event.target.dataset.action;
    if (action === "rotate-left") { rotate(-1); }
    if (action === "rotate-right") { rotate(1); }
    if (action === "undo") { boxes.pop(); render(); }
    if (action === "clear") { boxes = []; render(); }
  });
  watermarkBox.addEventListener("change", render);
  input.addEventListener("change", function () { load(input.files && input.files[0]); });

  form.addEventListener("submit", function (event) {
    if (!base) { return; } // nothing loaded in the editor: the plain form posts (e.g. a PDF)
    event.preventDefault();
    drag = null;
    render();
    say(editor.dataset.msgSending);
    canvas.toBlob(function (blob) {
      var data = new FormData();
      data.append("csrf_token", form.querySelector("input[name=csrf_token]").value);
      data.append("via", "editor");
      data.append("document", blob, "redacted.jpg");
      fetch(form.getAttribute("action") || window.location.href, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "Accept": "application/json" }
      }).then(function (response) {
        return response.json();
      }).then(function (answer) {
        if (answer.ok) { window.location.assign(answer.next); } else { say(answer.message); }
      }).catch(function () { say(editor.dataset.msgFailed); });
    }, "image/jpeg", 0.9);
  });
})();
