// The control room's one script: live counts of a running run, from its server-sent events.
// Served from the assembly under the console's Content-Security-Policy (script-src 'self'); no inline script anywhere.
"use strict";

(function () {
  function byData(attribute, value) {
    return Array.prototype.filter.call(document.querySelectorAll("[" + attribute + "]"), function (element) {
      return element.getAttribute(attribute) === value;
    });
  }

  function show(counts) {
    var stations = counts.stations || {};
    Object.keys(stations).forEach(function (path) {
      var station = stations[path];
      byData("data-counts", path).forEach(function (element) { element.textContent = station.text; });
      byData("data-station-row", path).forEach(function (row) {
        ["in", "out", "queued", "dead", "retries", "tokens", "cost", "p95"].forEach(function (field) {
          var cell = row.querySelector("[data-field='" + field + "']");
          if (cell) { cell.textContent = String(station[field]); }
        });
      });
    });
    document.body.classList.toggle("paused", counts.paused === true);
  }

  var drawing = document.querySelector(".drawing[data-events]");
  if (drawing && window.EventSource) {
    var events = new EventSource(drawing.getAttribute("data-events"));
    events.addEventListener("counts", function (event) { show(JSON.parse(event.data)); });
    events.addEventListener("ended", function () {
      events.close();
      document.body.classList.add("ended");
    });
  }
})();
