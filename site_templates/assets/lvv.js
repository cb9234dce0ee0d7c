// lvv-publish: charts and two accessibility repairs of the theme. No requests are made.
(function () {
  "use strict";

  // Charts: render every chart with the vendored vega-embed. The spec sits next to its
  // container as JSON, so nothing is fetched. Numbers in Dutch: decimal comma, and no
  // thousands separator, as the monitor writes them.
  var locale = { decimal: ",", thousands: "", grouping: [3], currency: ["€ ", ""] };
  function renderCharts() {
    var charts = document.querySelectorAll("[data-lvv-chart]");
    Array.prototype.forEach.call(charts, function (el) {
      if (el.getAttribute("data-rendered")) return;
      el.setAttribute("data-rendered", "pending");
      var source = document.getElementById(el.getAttribute("data-lvv-chart"));
      var spec = JSON.parse(source.textContent);
      vegaEmbed(el, spec, { actions: false, renderer: "svg", formatLocale: locale })
        .then(function () { el.setAttribute("data-rendered", "yes"); })
        .catch(function (err) {
          el.setAttribute("data-rendered", "error");
          console.error("lvv-publish: chart " + el.id + " failed", err);
        });
    });
  }

  // WCAG 2.1.1: Material wraps wide tables in a scrollable box that a keyboard cannot
  // reach; make each one focusable and name it.
  // WCAG 2.5.3: Material labels the version button "Versie selecteren" while it shows
  // "15: mei 2024"; the accessible name must contain the visible text.
  function repair() {
    var boxes = document.querySelectorAll(".md-typeset__scrollwrap:not([tabindex])");
    Array.prototype.forEach.call(boxes, function (box) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", "Tabel, horizontaal te scrollen");
    });
    var version = document.querySelector(".md-version__current");
    if (version) {
      var label = "Versie: " + version.textContent.trim();
      if (version.getAttribute("aria-label") !== label) version.setAttribute("aria-label", label);
    }
  }

  function start() {
    renderCharts();
    repair();
    // The theme adds the table wrappers and the version selector after load.
    new MutationObserver(repair).observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
