// In-browser redaction of an ID copy (rules.md 5.3): the person draws black boxes, may rotate,
// and only the flattened image leaves the browser. Without JavaScript the form posts the file
// itself and the server's inspection catches what is still visible.
// The keyboard does all the mouse does: "Add a box" puts a box in the middle, the arrow keys on the
// picture move the chosen box, Shift with the arrow keys changes its size, N chooses the next box
// and Delete removes it (WCAG 2.1.1).
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
  var chosen = -1; // the box the keyboard moves, outlined on screen only (never in the upload)

  function say(text) { status.textContent = text || ""; }

  function render() {
    if (!base) { return; }
    canvas.width = base.width;
    canvas.height = base.height;
    ctx.drawImage(base, 0, 0);
    ctx.fillStyle = "#000";
    boxes.forEach(function (b) { ctx.fillRect(b.x, b.y, b.w, b.h); });
    if (boxes[chosen]) {
      var b = boxes[chosen];
      var line = Math.max(3, Math.round(canvas.width / 200));
      ctx.strokeStyle = "#ffbf00";
      ctx.lineWidth = line;
      ctx.strokeRect(b.x - line, b.y - line, b.w + 2 * line, b.h + 2 * line);
    }
    if (drag && drag.w && drag.h) {
      ctx.fillStyle = "rgba(0, 0, 0, 0.6)";
      ctx.fillRect(drag.x, drag.y, drag.w, drag.h);
    }
    if (watermarkBox.checked) { drawWatermark(); }
    counter.textContent = boxes.length ? boxes.length + " \u25A0" : "";
  }

  function announce() {
    if (!boxes[chosen]) { say(""); return; }
    say(editor.dataset.msgChosen.replace("{number}", chosen + 1).replace("{total}", boxes.length));
  }

  function addBox() {
    if (!base) { return; }
    var w = Math.round(base.width / 4);
    var h = Math.round(base.height / 8);
    boxes.push({ x: Math.round((base.width - w) / 2), y: Math.round((base.height - h) / 2), w: w, h: h });
    chosen = boxes.length - 1;
    render();
    announce();
    canvas.focus();
  }

  // Arrow keys move the chosen box; with Shift they make it wider/narrower, taller/shorter.
  var ARROWS = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

  function onKey(event) {
    if (!base) { return; }
    if (event.key === "n" || event.key === "N") {
      if (boxes.length) { chosen = (chosen + 1) % boxes.length; render(); announce(); }
      event.preventDefault();
      return;
    }
    if (event.key === "Delete" || event.key === "Backspace") {
      if (boxes[chosen]) { boxes.splice(chosen, 1); chosen = boxes.length - 1; render(); announce(); }
      event.preventDefault();
      return;
    }
    if (event.key === "Enter" || event.key === "+") { addBox(); event.preventDefault(); return; }
    var arrow = ARROWS[event.key];
    var b = boxes[chosen];
    if (!arrow || !b) { return; }
    var step = Math.max(2, Math.round(Math.max(base.width, base.height) / 100));
    if (event.shiftKey) {
      b.w = Math.max(step, Math.min(base.width - b.x, b.w + arrow[0] * step));
      b.h = Math.max(step, Math.min(base.height - b.y, b.h + arrow[1] * step));
    } else {
      b.x = Math.max(0, Math.min(base.width - b.w, b.x + arrow[0] * step));
      b.y = Math.max(0, Math.min(base.height - b.h, b.y + arrow[1] * step));
    }
    event.preventDefault();
    render();
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
    chosen = -1;
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
    chosen = -1;
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
    if (drag && drag.w > 3 && drag.h > 3) {
      boxes.push({ x: drag.x, y: drag.y, w: drag.w, h: drag.h });
      chosen = boxes.length - 1;
    }
    drag = null;
    render();
  }
  canvas.addEventListener("pointerup", finish);
  canvas.addEventListener("pointercancel", finish);

  editor.addEventListener("click", function (event) {
    var action = event.target.dataset && event.target.dataset.action;
    if (action === "rotate-left") { rotate(-1); }
    if (action === "rotate-right") { rotate(1); }
    if (action === "add") { addBox(); }
    if (action === "undo") { boxes.pop(); chosen = boxes.length - 1; render(); }
    if (action === "clear") { boxes = []; chosen = -1; render(); }
  });
  canvas.addEventListener("keydown", onKey);
  watermarkBox.addEventListener("change", render);
  input.addEventListener("change", function () { load(input.files && input.files[0]); });

  form.addEventListener("submit", function (event) {
    if (!base) { return; } // nothing loaded in the editor: the plain form posts (e.g. a PDF)
    event.preventDefault();
    drag = null;
    chosen = -1; // the outline of the chosen box is not part of the picture
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
