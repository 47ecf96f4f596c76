// The commitments browser: filters and full-text search over the rows of data/*.js, one file
// per issuer, loaded only when asked for. Rows are written with textContent: nothing from the
// plans is ever read as HTML. Filters can be set from the address: commitments.html#issuer=…&period=…
(function () {
  "use strict";
  var PAGE = 200;
  var chunks = window.YAODIAN_CHUNKS || [];
  var rows = [];
  var loaded = {};
  var shown = PAGE;
  var FIELDS = ["issuer", "year", "period", "unit", "month", "activity", "text"];
  window.YAODIAN_ADD = function (batch) { Array.prototype.push.apply(rows, batch); };

  function el(id) { return document.getElementById("f-" + id) || document.getElementById(id); }

  function load(chunk) {
    return new Promise(function (resolve, reject) {
      if (loaded[chunk.file]) { resolve(); return; }
      var script = document.createElement("script");
      script.src = "data/" + chunk.file;
      script.onload = function () { loaded[chunk.file] = true; resolve(); };
      script.onerror = function () { reject(new Error("could not load data/" + chunk.file)); };
      document.body.appendChild(script);
    });
  }

  function wanted() {
    var issuer = el("issuer").value;
    return chunks.filter(function (c) { return !issuer || c.issuer === issuer; });
  }

  function matches(r, f) {
    // r: [issuer, year, evidence, activity, period, count, unit, deadline, doc_id, commitment_id, title]
    if (f.issuer && r[0] !== f.issuer) return false;
    if (f.year && String(r[1]) !== f.year) return false;
    if (f.period && r[4] !== f.period) return false;
    if (f.unit && r[6] !== f.unit) return false;
    if (f.month && (r[7] || "").slice(0, 7) !== f.month) return false;
    if (f.activity && (r[3] || "").indexOf(f.activity) < 0) return false;
    if (f.text && [r[0], r[2], r[3], r[10]].join(" ").indexOf(f.text) < 0) return false;
    return true;
  }

  function filters() {
    var f = {};
    FIELDS.forEach(function (name) { f[name] = el(name).value.trim(); });
    return f;
  }

  function cell(tr, text) {
    var td = document.createElement("td");
    td.textContent = text === null || text === undefined ? "" : String(text);
    tr.appendChild(td);
    return td;
  }

  function render() {
    var f = filters();
    var hits = rows.filter(function (r) { return matches(r, f); });
    var body = document.querySelector("#results tbody");
    body.textContent = "";
    hits.slice(0, shown).forEach(function (r) {
      var tr = document.createElement("tr");
      [r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]].forEach(function (v) { cell(tr, v); });
      var link = document.createElement("a");
      link.href = "plans/" + encodeURIComponent(r[8]) + ".html#" + encodeURIComponent(r[9]);
      link.textContent = r[10] || r[8];
      cell(tr, "").appendChild(link);
      body.appendChild(tr);
    });
    el("status").textContent = hits.length + " of " + rows.length + " commitments loaded match" +
      (hits.length > shown ? "; showing the first " + shown : "");
    el("more").hidden = hits.length <= shown;
  }

  function refresh() {
    shown = PAGE;
    el("status").textContent = "loading…";
    Promise.all(wanted().map(load)).then(render, function (error) { el("status").textContent = error.message; });
  }

  function fromAddress() {
    var params = new URLSearchParams(window.location.hash.slice(1));
    FIELDS.forEach(function (name) { if (params.has(name)) el(name).value = params.get(name); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    fromAddress();
    FIELDS.forEach(function (name) { el(name).addEventListener("input", refresh); });
    el("more").addEventListener("click", function () { shown += PAGE; render(); });
    window.addEventListener("hashchange", function () { fromAddress(); refresh(); });
    refresh();
  });
  if (document.readyState !== "loading") document.dispatchEvent(new Event("DOMContentLoaded"));
})();
