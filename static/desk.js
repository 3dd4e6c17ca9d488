// The analyst's desk: marks in the report text, corrections through the PATCH API,
// uploads (one file, or a batch with its progress). Plain JavaScript, no libraries.
(function () {
  "use strict";
  var keysNeeded = document.body.dataset.keys === "true";
  var keyInput = document.getElementById("api-key");
  function key() { return localStorage.getItem("desk-api-key") || ""; }
  function headers(extra) {
    var h = Object.assign({}, extra || {});
    if (key()) h.Authorization = "Bearer " + key();
    return h;
  }
  function say(text) { document.getElementById("status").textContent = text; }
  function showWrite() {
    var on = !keysNeeded || !!key();
    document.querySelectorAll(".write").forEach(function (e) { e.hidden = !on; });
  }
  if (keyInput) {
    keyInput.value = key();
    keyInput.addEventListener("change", function () {
      localStorage.setItem("desk-api-key", keyInput.value.trim());
      showWrite();
    });
  }
  showWrite();

  // marks: a figure's quantity and its sentence, an issue, a plan
  function mark(names) {
    document.querySelectorAll(".marked, .marked-s").forEach(function (e) { e.classList.remove("marked", "marked-s"); });
    var first = null;
    // the first name is the figure, issue or plan itself; a second one its sentence
    names.forEach(function (n, i) {
      document.querySelectorAll('[data-m~="' + n + '"]').forEach(function (e) {
        e.classList.add(i === 0 ? "marked" : "marked-s");
        first = first || e;
      });
    });
    if (first) first.scrollIntoView({ block: "center" });
  }
  function markHash() {
    var h = decodeURIComponent(location.hash.slice(1));
    if (!/^[oip]\d+$/.test(h)) return;
    mark(h[0] === "o" ? [h, "s" + h.slice(1)] : [h]);
  }
  window.addEventListener("hashchange", markHash);
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest("a.goto");
    if (a && a.getAttribute("href") === location.hash) markHash();
  });
  markHash();

  async function send(method, url, body) {
    var r = await fetch(url, {
      method: method,
      headers: headers({ "Content-Type": "application/json" }),
      body: JSON.stringify(body),
    });
    var data = null;
    try { data = await r.json(); } catch (e) { data = null; }
    if (!r.ok) throw new Error((data && data.detail) || r.status + " " + r.statusText);
    return data;
  }

  document.addEventListener("click", async function (ev) {
    var b = ev.target.closest("button[data-action]");
    if (!b) return;
    var d = b.dataset;
    if (d.action === "edit") {
      var row = document.getElementById("edit-o" + d.id);
      row.hidden = false;
      row.querySelector("input").focus();
    } else if (d.action === "cancel") {
      b.closest("tr").hidden = true;
    } else if (d.action === "reject" || d.action === "restore") {
      try {
        await send("PATCH", "/v1/" + d.kind + "/" + d.id, { reject: d.action === "reject" });
        location.reload();
      } catch (e) { say(e.message); }
    }
  });

  document.addEventListener("submit", async function (ev) {
    var f = ev.target;
    if (!f.classList.contains("patch")) return;
    ev.preventDefault();
    var body = {};
    Array.prototype.forEach.call(f.elements, function (el) {
      if (!el.name || el.value === el.dataset.orig) return;
      var v = el.value.trim();
      if (el.name === "value") body.value = Number(v);
      else if (el.name === "year") body.year = parseInt(v, 10);
      else if (el.name === "indicator_key") body.indicator_key = v === "" ? null : v;
      else body[el.name] = v;
    });
    if (Object.keys(body).length === 0) { say("没有改动"); return; }
    try {
      await send("PATCH", "/v1/observations/" + f.dataset.id, body);
      location.reload();
    } catch (e) { say(e.message); }
  });

  // uploads
  var form = document.getElementById("upload");
  if (!form) return;
  var input = form.querySelector("input[type=file]");
  var drop = document.getElementById("drop");
  var chosen = document.getElementById("chosen");
  var progress = document.getElementById("progress");
  var files = [];
  function listFiles() {
    chosen.innerHTML = "";
    files.forEach(function (f) {
      var li = document.createElement("li");
      li.textContent = f.name;
      chosen.appendChild(li);
    });
  }
  input.addEventListener("change", function () { files = Array.from(input.files); listFiles(); });
  drop.addEventListener("dragover", function (e) { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", function () { drop.classList.remove("over"); });
  drop.addEventListener("drop", function (e) {
    e.preventDefault();
    drop.classList.remove("over");
    files = Array.from(e.dataTransfer.files);
    listFiles();
  });
  drop.addEventListener("click", function () { input.click(); });
  drop.addEventListener("keydown", function (e) {
    if (e.key === "Enter" || e.key === " ") { e.preventDefault(); input.click(); }
  });
  function item(text, cls, href) {
    var li = document.createElement("li");
    if (cls) li.className = cls;
    if (href) {
      var a = document.createElement("a");
      a.href = href;
      a.textContent = text;
      li.appendChild(a);
    } else {
      li.textContent = text;
    }
    progress.appendChild(li);
  }
  async function poll(id) {
    var r = await fetch("/v1/batches/" + id, { headers: headers() });
    var b = await r.json();
    progress.innerHTML = "";
    item("批次 " + b.status + ": " + (b.counts.total - b.counts.pending) + "/" + b.counts.total, "batch-" + b.status);
    b.items.forEach(function (it) {
      var text = (it.filename || "#" + it.ordinal) + " — " + it.status + (it.error ? ": " + it.error.detail : "");
      item(text, it.status, it.report_id ? "/reports/" + it.report_id : null);
    });
    if (b.status !== "done") setTimeout(function () { poll(id); }, 1000);
  }
  form.addEventListener("submit", async function (e) {
    e.preventDefault();
    if (!files.length) files = Array.from(input.files);
    if (!files.length) { say("请先选择文件"); return; }
    var fd = new FormData();
    files.forEach(function (f) { fd.append("file", f, f.name); });
    var one = files.length === 1;
    say("上传中…");
    var r = await fetch(one ? "/v1/reports" : "/v1/batches", { method: "POST", headers: headers(), body: fd });
    var data = null;
    try { data = await r.json(); } catch (x) { data = null; }
    if (!r.ok) { say((data && data.detail) || r.status + " " + r.statusText); return; }
    say("");
    if (one) location.href = "/reports/" + data.id;
    else poll(data.id);
  });
})();
