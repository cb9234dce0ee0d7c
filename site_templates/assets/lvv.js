// lvv-publish: charts and accessibility repairs of the theme. No requests go off the site.
(function () {
  "use strict";

  // Charts: render every chart with the vendored vega-embed. Its spec comes from a script
  // of its own (grafieken/<id>/grafiek.js, loaded before this one), which the chart's own
  // page loads too; a script and not JSON, so nothing is fetched and file:// works.
  // Numbers in Dutch: decimal comma, and no thousands separator, as the monitor writes them.
  var locale = { decimal: ",", thousands: "", grouping: [3], currency: ["€ ", ""] };
  // vega-embed's menu offers the chart as PNG and SVG (made in the browser); its "View
  // source" and "Open in editor" go to vega.github.io and stay off: the site works offline.
  var actions = { export: { png: true, svg: true }, source: false, compiled: false, editor: false };
  var i18n = {
    CLICK_TO_VIEW_ACTIONS: "Grafiek downloaden",
    PNG_ACTION: "Afbeelding als PNG",
    SVG_ACTION: "Afbeelding als SVG",
  };

  function renderCharts() {
    var charts = document.querySelectorAll("[data-lvv-chart]");
    Array.prototype.forEach.call(charts, function (el) {
      if (el.getAttribute("data-rendered")) return;
      el.setAttribute("data-rendered", "pending");
      var spec = (window.LVV_CHARTS || {})[el.getAttribute("data-lvv-chart")];
      if (!spec) {
        el.setAttribute("data-rendered", "error");
        console.error("lvv-publish: chart " + el.id + ": its spec did not load");
        return;
      }
      var options = {
        actions: actions,
        i18n: i18n,
        downloadFileName: el.getAttribute("data-lvv-file") || "grafiek",
        scaleFactor: { png: 2 },
        renderer: "svg",
        formatLocale: locale,
        // Vega's expressions through its interpreter instead of the Function constructor,
        // so that the pages' Content-Security-Policy needs no 'unsafe-eval'.
        ast: true,
        expr: vega.expressionInterpreter,
      };
      vegaEmbed(el, spec, options)
        .then(function (result) {
          completeMenu(el, result.view);
          el.setAttribute("data-rendered", "yes");
        })
        .catch(function (err) {
          el.setAttribute("data-rendered", "error");
          console.error("lvv-publish: chart " + el.id + " failed", err);
        });
    });
  }

  // The menu: a name for its button, the data as CSV (a file next to the chart's own page),
  // and the exports working from the keyboard too: vega-embed makes the image on mousedown,
  // which Enter does not fire, so it is also made when a link gets focus.
  function completeMenu(el, view) {
    var summary = el.querySelector("details > summary");
    var menu = el.querySelector(".vega-actions");
    if (!summary || !menu) return;
    summary.setAttribute("aria-label", i18n.CLICK_TO_VIEW_ACTIONS);
    Array.prototype.forEach.call(menu.querySelectorAll("a[download]"), function (link) {
      var ext = link.getAttribute("download").split(".").pop();
      var made = null;
      function make() {
        made = made || view.toImageURL(ext, ext === "png" ? 2 : 1).then(function (url) {
          link.setAttribute("href", url);
          return url;
        });
        return made;
      }
      link.removeAttribute("target");
      link.addEventListener("focus", make);
      link.addEventListener("click", function (event) {
        if (link.getAttribute("href") !== "#") return;
        // Enter before the image was ready: download it when it is.
        event.preventDefault();
        make().then(function (url) {
          var a = document.createElement("a");
          a.href = url;
          a.download = link.getAttribute("download");
          document.body.appendChild(a);
          a.click();
          a.remove();
        });
      });
    });
    var csv = el.getAttribute("data-lvv-csv");
    if (csv) {
      var link = document.createElement("a");
      link.href = csv;
      link.setAttribute("download", "");
      link.textContent = "Gegevens als CSV";
      menu.appendChild(link);
    }
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
