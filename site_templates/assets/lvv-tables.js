// lvv-publish: tables that fit a phone, and a filter for long tables. No requests are made.
(function () {
  "use strict";

  function cells(row) {
    return Array.prototype.slice.call(row.cells);
  }

  // Phones (lvv.css, below 45em): a table of four or more columns shows each row as a card.
  // Every cell gets its column's header as a label (data-label, shown by the CSS), and a
  // kind: "figure" for the right-aligned columns (the numbers), "label" for the others.
  // When all figures come after the labels, a card shows the labels on top and the figures
  // side by side below them ("figures"); otherwise one cell a line ("list"). In a card the
  // labels go without their header, except in the columns a box around the table names:
  // data-lvv-show-label="<columns>". Display changes can cost a table its semantics in
  // some browsers: the ARIA roles keep them.
  function stack(table) {
    var head = table.tHead && table.tHead.rows[0];
    if (!head || head.cells.length < 4 || table.hasAttribute("data-lvv-stack")) return;
    var labels = cells(head).map(function (th) { return th.textContent.trim(); });
    var figure = cells(head).map(function (th) { return th.style.textAlign === "right"; });
    var lastLabel = figure.lastIndexOf(false);
    var firstFigure = figure.indexOf(true);
    var mode = firstFigure > lastLabel ? "figures" : "list";
    var box = table.closest("[data-lvv-show-label]");
    var shown = box ? box.getAttribute("data-lvv-show-label").split(" ").map(Number) : [];
    table.setAttribute("role", "table");
    Array.prototype.forEach.call(table.querySelectorAll("thead, tbody"), function (group) {
      group.setAttribute("role", "rowgroup");
    });
    Array.prototype.forEach.call(table.rows, function (row) {
      row.setAttribute("role", "row");
      cells(row).forEach(function (cell, i) {
        if (cell.tagName === "TH") {
          cell.setAttribute("role", "columnheader");
          return;
        }
        cell.setAttribute("role", "cell");
        cell.setAttribute("data-label", labels[i] || "");
        cell.setAttribute("data-lvv-cell", figure[i] ? "figure" : "label");
        if (shown.indexOf(i) >= 0) cell.setAttribute("data-lvv-show-label", "");
      });
    });
    table.setAttribute("data-lvv-stack", mode);
  }

  // Long tables: a filter by municipality and by indicator above the table, announcing the
  // number of rows shown. The template marks the table's box with the columns to filter on:
  // data-lvv-filter-municipality="<column>" and data-lvv-filter-indicator="<columns>".
  var filters = 0;

  function words(text) {
    return text.toLocaleLowerCase("nl").replace(/\s+/g, " ").trim();
  }

  // An indicator matches at the start of its code ("9.1" finds 9.1.4, not 19.1) or at the
  // start of a word of its name ("hasa" finds "Hasa ingewilligd").
  function matches(text, query) {
    return text.indexOf(query) === 0 || text.indexOf(" " + query) >= 0;
  }

  function control(id, label, field) {
    var box = document.createElement("div");
    box.className = "lvv-filter__field";
    var lbl = document.createElement("label");
    lbl.htmlFor = id;
    lbl.textContent = label;
    field.id = id;
    box.appendChild(lbl);
    box.appendChild(field);
    return box;
  }

  function filter(box) {
    var table = box.querySelector("table");
    if (!table || box.querySelector(".lvv-filter__controls")) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var munColumn = box.getAttribute("data-lvv-filter-municipality");
    var indColumns = (box.getAttribute("data-lvv-filter-indicator") || "")
      .split(" ").filter(Boolean).map(Number);
    var n = ++filters;
    var controls = document.createElement("div");
    controls.className = "lvv-filter__controls";
    var select = null;
    var input = null;
    if (munColumn !== null) {
      var col = Number(munColumn);
      var names = [];
      rows.forEach(function (row) {
        var name = row.cells[col].textContent.trim();
        if (names.indexOf(name) < 0) names.push(name);
      });
      names.sort(function (a, b) { return a.localeCompare(b, "nl"); });
      select = document.createElement("select");
      select.appendChild(new Option("Alle gemeenten", ""));
      names.forEach(function (name) { select.appendChild(new Option(name, name)); });
      controls.appendChild(control("lvv-filter-" + n + "-gemeente", "Gemeente", select));
    }
    if (indColumns.length) {
      input = document.createElement("input");
      input.type = "search";
      input.autocomplete = "off";
      input.spellcheck = false;
      controls.appendChild(control("lvv-filter-" + n + "-indicator", "Indicator (code of naam)", input));
    }
    var status = document.createElement("p");
    status.className = "lvv-filter__status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    controls.appendChild(status);
    box.insertBefore(controls, box.firstChild);

    var timer = null;
    function apply() {
      var mun = select ? select.value : "";
      var query = input ? words(input.value) : "";
      var shown = 0;
      rows.forEach(function (row) {
        var ok = !mun || row.cells[Number(munColumn)].textContent.trim() === mun;
        if (ok && query) {
          ok = indColumns.some(function (i) { return matches(words(row.cells[i].textContent), query); });
        }
        row.hidden = !ok;
        if (ok) shown++;
      });
      box.setAttribute("data-lvv-shown", String(shown));
      // Announce once typing pauses, not at every key.
      clearTimeout(timer);
      timer = setTimeout(function () {
        status.textContent = shown + " van " + rows.length + (rows.length === 1 ? " rij" : " rijen") + " getoond";
      }, 300);
    }
    if (select) select.addEventListener("change", apply);
    if (input) input.addEventListener("input", apply);
    status.textContent = rows.length + " van " + rows.length + " rijen getoond";
    box.setAttribute("data-lvv-shown", String(rows.length));
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll(".md-typeset table:not([class])"), stack);
    Array.prototype.forEach.call(document.querySelectorAll(".lvv-filter"), filter);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
