// lvv-publish: tables that fit a phone, and a filter for long tables. No requests are made.
(function () {
  "use strict";

  function cells(row) {
    return Array.prototype.slice.call(row.cells);
  }

  // Which columns hold figures (right-aligned): the table's data-lvv-figures ("1 4+": column
  // 1, and column 4 and every one after it; figurecolumns.py), or on a table that kept
  // them, its cells' own style.
  function figureColumns(table) {
    var words = (table.getAttribute("data-lvv-figures") || "").split(" ");
    return cells(table.tHead.rows[0]).map(function (th, i) {
      return th.style.textAlign === "right" || words.some(function (word) {
        var from = parseInt(word, 10);
        return word.slice(-1) === "+" ? i + 1 >= from : i + 1 === from;
      });
    });
  }

  function labelRow(table, row) {
    if (table.lvvLabel) table.lvvLabel(row);
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
    var figure = figureColumns(table);
    var lastLabel = figure.lastIndexOf(false);
    var firstFigure = figure.indexOf(true);
    var mode = firstFigure > lastLabel ? "figures" : "list";
    var box = table.closest("[data-lvv-show-label]");
    var shown = box ? box.getAttribute("data-lvv-show-label").split(" ").map(Number) : [];
    table.setAttribute("role", "table");
    Array.prototype.forEach.call(table.querySelectorAll("thead, tbody"), function (group) {
      group.setAttribute("role", "rowgroup");
    });
    function label(row) {
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
    }
    Array.prototype.forEach.call(table.rows, label);
    table.lvvLabel = label; // for rows added later (long tables)
    table.setAttribute("data-lvv-stack", mode);
  }

  // Long tables: a filter by municipality and by indicator (or by any text) above the table,
  // headers that sort, and pages of rows, announcing what is shown. The template marks the
  // table's box with the columns to filter on: data-lvv-filter-municipality="<column>",
  // data-lvv-filter-indicator="<columns>" or data-lvv-filter-text="<columns>" (its field
  // named by data-lvv-filter-label); data-lvv-sort for sorting headers. A box with
  // data-lvv-rows holds only the first rows: the whole table comes from that JSON file
  // (same site; tables.py writes it) and shows data-lvv-page-size rows a page.
  var filters = 0;

  function words(text) {
    return text.toLocaleLowerCase("nl").replace(/\s+/g, " ").trim();
  }

  // An indicator matches at the start of its code ("9.1" finds 9.1.4, not 19.1) or at the
  // start of a word of its name ("hasa" finds "Hasa ingewilligd").
  function matches(text, query) {
    return text.indexOf(query) === 0 || text.indexOf(" " + query) >= 0;
  }

  // A figure as the pages write it ("2797", "−3", "+5", "82,3%") as a number; null for
  // "onbekend", "n.v.t." and other text, which sort last. A revised figure's mark
  // (formatting.revised: "*", read aloud "(herzien)") is not part of the number.
  function figureValue(text) {
    var t = text.replace(/\u2212/g, "-").replace(/[+%\s]/g, "").replace(",", ".")
      .replace(/\*(\(herzien\))?$/, "");
    return /^-?\d+(\.\d+)?$/.test(t) ? parseFloat(t) : null;
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

  function columns(box, name) {
    return (box.getAttribute(name) || "").split(" ").filter(Boolean).map(Number);
  }

  // A total row (its first cell bold) stays last: it is not sorted, filtered or paged.
  function isTotal(row) {
    var first = row.cells[0];
    return !!first && first.children.length === 1 && first.children[0].tagName === "STRONG" &&
      first.textContent.trim() === first.children[0].textContent.trim();
  }

  // A row of a JSON table: each cell its text, or [text, address from the version's root].
  function rowFrom(cells, numeric, root) {
    var tr = document.createElement("tr");
    cells.forEach(function (cell, i) {
      var td = document.createElement("td");
      if (numeric[i]) td.style.textAlign = "right";
      if (Array.isArray(cell)) {
        var a = document.createElement("a");
        a.href = root + cell[1];
        a.textContent = cell[0];
        td.appendChild(a);
      } else {
        td.textContent = cell;
      }
      tr.appendChild(td);
    });
    return tr;
  }

  function filter(box) {
    var table = box.querySelector("table");
    if (!table || box.querySelector(".lvv-filter__controls")) return;
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var totals = rows.filter(isTotal);
    rows = rows.filter(function (row) { return !isTotal(row); });
    var munColumn = box.getAttribute("data-lvv-filter-municipality");
    var indColumns = columns(box, "data-lvv-filter-indicator");
    var textColumns = columns(box, "data-lvv-filter-text");
    var pageSize = Number(box.getAttribute("data-lvv-page-size")) || 0;
    var n = ++filters;
    var controls = document.createElement("div");
    controls.className = "lvv-filter__controls";
    var select = null;
    var input = null;
    var text = null;
    if (munColumn !== null) {
      select = document.createElement("select");
      select.appendChild(new Option("Alle gemeenten", ""));
      controls.appendChild(control("lvv-filter-" + n + "-gemeente", "Gemeente", select));
    }
    if (indColumns.length) {
      input = document.createElement("input");
      input.type = "search";
      input.autocomplete = "off";
      input.spellcheck = false;
      controls.appendChild(control("lvv-filter-" + n + "-indicator", "Indicator (code of naam)", input));
    }
    if (textColumns.length) {
      text = document.createElement("input");
      text.type = "search";
      text.autocomplete = "off";
      text.spellcheck = false;
      controls.appendChild(control("lvv-filter-" + n + "-tekst", box.getAttribute("data-lvv-filter-label") || "Zoeken", text));
    }
    var status = document.createElement("p");
    status.className = "lvv-filter__status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    controls.appendChild(status);
    box.insertBefore(controls, box.firstChild);

    var pager = null;
    var page = 0;
    var shown = rows;
    if (pageSize) {
      pager = document.createElement("div");
      pager.className = "lvv-pager";
      var previous = document.createElement("button");
      previous.type = "button";
      previous.textContent = "Vorige rijen";
      var next = document.createElement("button");
      next.type = "button";
      next.textContent = "Volgende rijen";
      previous.addEventListener("click", function () { page--; render(true); });
      next.addEventListener("click", function () { page++; render(true); });
      pager.appendChild(previous);
      pager.appendChild(next);
      table.parentNode.insertBefore(pager, table.nextSibling);
    }

    function fillMunicipalities() {
      if (!select) return;
      var col = Number(munColumn);
      var names = [];
      rows.forEach(function (row) {
        var name = row.cells[col].textContent.trim();
        if (names.indexOf(name) < 0) names.push(name);
      });
      names.sort(function (a, b) { return a.localeCompare(b, "nl"); });
      while (select.options.length > 1) select.remove(1);
      names.forEach(function (name) { select.appendChild(new Option(name, name)); });
    }

    var timer = null;
    function announce(now) {
      var total = rows.length;
      var message;
      if (pageSize && shown.length > pageSize) {
        var first = page * pageSize + 1;
        var last = Math.min(shown.length, first + pageSize - 1);
        message = "Rij " + first + " tot en met " + last + " van " + shown.length +
          (shown.length === total ? "" : " (gefilterd uit " + total + ")");
      } else {
        message = shown.length + " van " + total + (total === 1 ? " rij" : " rijen") + " getoond";
      }
      clearTimeout(timer);
      // Announce once typing pauses, not at every key.
      if (now) status.textContent = message;
      else timer = setTimeout(function () { status.textContent = message; }, 300);
    }

    // Show the rows that pass the filter, in their order, one page of them when paged.
    function render(now) {
      var pages = pageSize ? Math.max(1, Math.ceil(shown.length / pageSize)) : 1;
      page = Math.max(0, Math.min(page, pages - 1));
      var from = pageSize ? page * pageSize : 0;
      var to = pageSize ? from + pageSize : shown.length;
      if (pageSize) {
        var visible = shown.slice(from, to);
        body.textContent = "";
        visible.forEach(function (row) { row.hidden = false; body.appendChild(row); });
        totals.forEach(function (row) { body.appendChild(row); });
        pager.hidden = pages === 1;
        pager.children[0].disabled = page === 0;
        pager.children[1].disabled = page === pages - 1;
      } else {
        rows.forEach(function (row) { row.hidden = true; });
        shown.forEach(function (row) { row.hidden = false; body.appendChild(row); });
        totals.forEach(function (row) { body.appendChild(row); });
      }
      box.setAttribute("data-lvv-shown", String(shown.length));
      announce(now);
    }

    // now: announce at once (a click, the data arriving), else when typing pauses.
    function apply(now) {
      var mun = select ? select.value : "";
      var query = input ? words(input.value) : "";
      var q = text ? words(text.value) : "";
      shown = rows.filter(function (row) {
        var ok = !mun || row.cells[Number(munColumn)].textContent.trim() === mun;
        if (ok && query) {
          ok = indColumns.some(function (i) { return matches(words(row.cells[i].textContent), query); });
        }
        if (ok && q) {
          ok = textColumns.some(function (i) { return matches(words(row.cells[i].textContent), q); });
        }
        return ok;
      });
      page = 0;
      render(now === true);
    }
    if (select) select.addEventListener("change", function () { apply(true); });
    if (input) input.addEventListener("input", function () { apply(false); });
    if (text) text.addEventListener("input", function () { apply(false); });

    // Sorting: each header becomes a button; figures sort as numbers, unknown last; a second
    // press reverses. Hand-written: tablesort (Material's suggestion) sorts on a click on the
    // header cell, which a keyboard cannot reach.
    var original = rows.slice(); // the table's own order, which sorting starts from
    if (box.hasAttribute("data-lvv-sort")) {
      var figures = figureColumns(table);
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "lvv-sort";
        while (th.firstChild) button.appendChild(th.firstChild);
        th.appendChild(button);
        button.addEventListener("click", function () {
          var ascending = th.getAttribute("aria-sort") !== "ascending";
          Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) {
            other.removeAttribute("aria-sort");
          });
          th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
          var numeric = figures[col];
          var keyed = original.map(function (row, i) {
            var t = row.cells[col].textContent.trim();
            return { row: row, i: i, t: t, v: numeric ? figureValue(t) : null };
          });
          keyed.sort(function (a, b) {
            var c;
            if (numeric) {
              if (a.v === null || b.v === null) c = (a.v === null) - (b.v === null);
              else c = ascending ? a.v - b.v : b.v - a.v;
            } else {
              c = ascending ? a.t.localeCompare(b.t, "nl") : b.t.localeCompare(a.t, "nl");
            }
            return c || a.i - b.i;
          });
          rows = keyed.map(function (k) { return k.row; });
          apply(true);
        });
      });
    }

    fillMunicipalities();
    render(true);
    var source = box.getAttribute("data-lvv-rows");
    if (source) {
      // The whole table: the rows in the page are only its start.
      var root = source.replace(/tabellen\/[^/]*$/, "");
      fetch(source, { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status + " " + source);
          return response.json();
        })
        .then(function (data) {
          // A column stored once in data.values has indexes into it as cells.
          var values = data.values || {};
          rows = data.rows.map(function (cells) {
            return rowFrom(cells.map(function (cell, i) {
              return values[i] ? values[i][cell] : cell;
            }), data.numeric, root);
          });
          rows.forEach(function (row) { labelRow(table, row); });
          original = rows.slice();
          Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) { th.removeAttribute("aria-sort"); });
          Array.prototype.forEach.call(box.querySelectorAll(".lvv-nojs"), function (el) { el.hidden = true; });
          fillMunicipalities();
          apply(true);
          box.setAttribute("data-lvv-loaded", "yes");
        })
        .catch(function (err) {
          box.setAttribute("data-lvv-loaded", "error");
          console.error("lvv-publish: table " + source + " failed", err);
        });
    }
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
