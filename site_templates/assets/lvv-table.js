// lvv-publish: the table builder (tabel/). Reads window.LVV_SERIES (tabel/reeksen.js, the
// compact form of lvv_publish/site/contexts/tabledata.py), shows the chosen indicators,
// municipalities and monitors as a table, keeps the choice in the address
// (?i=2,2.1&g=GM0363,NL01&m=13,14,15) and downloads it as CSV (the same lines as
// reeksen.csv) and XLSX. Text from the data is only ever set with textContent. No fetch of
// the data: the page also works from file://.
(function () {
  "use strict";

  var root = document.querySelector("[data-lvv-tablebuilder]");
  var D = window.LVV_SERIES;
  if (!root || !D) return; // the text for readers without JavaScript stays

  var LAST = "0123456789ABCDEFGHIJKLMNOPQRSTUV";
  var CONTINUE = "WXYZabcdefghijklmnopqrstuvwxyz_-";
  var NO_ROW = 0, UNKNOWN = 1, KNOWN = 2;
  var nMun = D.municipalities.length, nInd = D.indicators.length, nMon = D.monitors.length;
  var size = nMun * nInd * nMon;
  var kind = new Uint8Array(size);
  var value = new Float64Array(size);

  (function decode() {
    var s = D.values, i = 0, place = 0, previous = 0;
    while (place < size) {
      if (place % nMon === 0) previous = 0;
      var c = s.charAt(i++);
      if (c === ".") { kind[place++] = NO_ROW; continue; }
      if (c === "~") { kind[place++] = UNKNOWN; continue; }
      var z = 0, scale = 1, d;
      while ((d = CONTINUE.indexOf(c)) >= 0) { z += d * scale; scale *= 32; c = s.charAt(i++); }
      z += LAST.indexOf(c) * scale;
      previous += z % 2 ? -(z + 1) / 2 : z / 2;
      kind[place] = KNOWN;
      value[place++] = previous;
    }
  })();

  function places(gaps) {
    var out = [], at = 0;
    for (var i = 0; i < gaps.length; i++) { at += gaps[i]; out.push(at); }
    return out;
  }
  var revised = {};
  places(D.revised).forEach(function (p) { revised[p] = true; });
  var release = {};
  for (var r = 0, at = 0; r < D.releases_other.length; r += 2) {
    at += D.releases_other[r];
    release[at] = D.releases_other[r + 1];
  }
  var incomplete = {};
  D.incomplete.forEach(function (x) { incomplete[x[0]] = x; });
  var renamed = {};
  D.renamed.forEach(function (x) { renamed[x[0]] = x; });

  function index(list) {
    var out = {};
    list.forEach(function (item, i) { out[String(item[0])] = i; });
    return out;
  }
  var byCode = { i: index(D.indicators), g: index(D.municipalities), m: index(D.monitors) };
  var munName = {};
  D.municipalities.forEach(function (m) { munName[m[0]] = m[1]; });

  function row(mun, ind, mon) {
    var place = (mun * nInd + ind) * nMon + mon;
    if (kind[place] === NO_ROW) return null;
    var monitor = D.monitors[mon][0];
    var rel = place in release ? release[place] : D.default_release[String(monitor)];
    var national = D.municipalities[mun][3];
    var missing = incomplete[place];
    return {
      place: place,
      mun: mun, ind: ind, mon: mon,
      name: place in renamed ? renamed[place][1] : D.municipalities[mun][1],
      value: kind[place] === KNOWN ? value[place] : null,
      release: D.releases[rel],
      revised: !!revised[place],
      compleet: national ? !missing : null,
      onbekend: missing ? missing[1] : null,
      csv: [
        D.monitors[mon][2],
        place in renamed ? renamed[place][2] : D.municipalities[mun][2],
        D.indicators[ind][2],
        kind[place] === KNOWN ? String(value[place]) : "",
        D.releases[rel],
        revised[place] ? "true" : "false",
        national ? (missing ? "false" : "true") : "",
        missing ? missing[2] : ""
      ].join(",")
    };
  }

  // ---- the choice, and the address ------------------------------------------------------

  var params = new URLSearchParams(location.search);
  var given = location.search.length > 1;
  var chosen = { i: {}, g: {}, m: {} };
  var unknownCodes = { i: [], g: [], m: [] };
  ["i", "g", "m"].forEach(function (key) {
    params.getAll(key).join(",").split(",").forEach(function (code) {
      code = code.trim();
      if (!code) return;
      if (code in byCode[key]) chosen[key][byCode[key][code]] = true;
      else if (unknownCodes[key].indexOf(code) < 0) unknownCodes[key].push(code);
    });
  });
  if (!given) {
    // A first look: the first indicator, nationally, in every monitor.
    chosen.i[0] = true;
    chosen.g[nMun - 1] = true;
    D.monitors.forEach(function (m, i) { chosen.m[i] = true; });
  }

  function selected(key, count) {
    var out = [];
    for (var i = 0; i < count; i++) if (chosen[key][i]) out.push(i);
    return out;
  }
  function query() {
    var parts = [];
    [["i", D.indicators, nInd], ["g", D.municipalities, nMun], ["m", D.monitors, nMon]].forEach(
      function (k) {
        var codes = selected(k[0], k[2]).map(function (i) {
          return encodeURIComponent(String(k[1][i][0]));
        });
        parts.push(k[0] + "=" + codes.join(","));
      }
    );
    return "?" + parts.join("&");
  }

  // ---- the page ---------------------------------------------------------------------------

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  root.textContent = "";
  var newer = el("div", { class: "admonition note lvv-tablebuilder__newer", hidden: "" });
  root.appendChild(newer);
  var problems = el("div", { class: "admonition warning", hidden: "" });
  root.appendChild(problems);

  var form = el("form", { class: "lvv-tablebuilder__form", "aria-label": "Kies de cijfers" });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  root.appendChild(form);

  function fieldset(key, legend, items, order, labelOf) {
    var box = el("fieldset", { class: "lvv-tablebuilder__choice" });
    box.appendChild(el("legend", {}, legend));
    var buttons = el("div", { class: "lvv-tablebuilder__buttons" });
    var all = el("button", { type: "button" }, "Alle " + legend.toLowerCase());
    var none = el("button", { type: "button" }, "Geen " + legend.toLowerCase());
    buttons.appendChild(all);
    buttons.appendChild(none);
    box.appendChild(buttons);
    var filter = null;
    if (items.length > 12) {
      var id = "lvv-zoek-" + key;
      var wrap = el("p", { class: "lvv-tablebuilder__filter" });
      wrap.appendChild(el("label", { for: id }, "Zoek in de " + legend.toLowerCase()));
      filter = el("input", { type: "search", id: id, autocomplete: "off" });
      wrap.appendChild(filter);
      box.appendChild(wrap);
    }
    var list = el("ul", { class: "lvv-tablebuilder__list" });
    var boxes = [];
    order.forEach(function (i) {
      var li = el("li");
      var cid = "lvv-" + key + "-" + i;
      var input = el("input", { type: "checkbox", id: cid, value: String(items[i][0]) });
      input.checked = !!chosen[key][i];
      input.addEventListener("change", function () {
        chosen[key][i] = input.checked;
        update();
      });
      li.appendChild(input);
      li.appendChild(el("label", { for: cid }, labelOf(items[i])));
      list.appendChild(li);
      boxes.push([input, li, labelOf(items[i]).toLowerCase(), i]);
    });
    box.appendChild(list);
    function setAll(on) {
      boxes.forEach(function (b) {
        if (b[1].hidden) return; // only what the search shows
        b[0].checked = on;
        chosen[key][b[3]] = on;
      });
      update();
    }
    all.addEventListener("click", function () { setAll(true); });
    none.addEventListener("click", function () { setAll(false); });
    if (filter) {
      filter.addEventListener("input", function () {
        var q = filter.value.trim().toLowerCase();
        boxes.forEach(function (b) { b[1].hidden = !!q && b[2].indexOf(q) < 0 && !b[0].checked; });
      });
    }
    form.appendChild(box);
  }

  function range(n) { var out = []; for (var i = 0; i < n; i++) out.push(i); return out; }
  var munOrder = range(nMun).sort(function (a, b) {
    var na = D.municipalities[a][3], nb = D.municipalities[b][3];
    if (na !== nb) return na ? -1 : 1; // the national total first
    return D.municipalities[a][1].localeCompare(D.municipalities[b][1], "nl");
  });
  fieldset("i", "Indicatoren", D.indicators, range(nInd), function (x) {
    return x[1] ? x[0] + " " + x[1] : x[0];
  });
  fieldset("g", "Gemeenten", D.municipalities, munOrder, function (x) {
    return x[1] + " (" + x[0] + ")";
  });
  fieldset("m", "Monitors", D.monitors, range(nMon), function (x) { return "Monitor " + x[1]; });

  var actions = el("p", { class: "lvv-tablebuilder__downloads" });
  var csvButton = el("button", { type: "button" }, "Download als CSV");
  var xlsxButton = el("button", { type: "button" }, "Download als Excel (XLSX)");
  actions.appendChild(csvButton);
  actions.appendChild(xlsxButton);
  var status = el("p", { role: "status", class: "lvv-tablebuilder__status" });
  root.appendChild(status);
  root.appendChild(actions);
  var output = el("div", { class: "lvv-tablebuilder__output" });
  root.appendChild(output);

  function report() {
    var words = { i: "indicator", g: "gemeente", m: "monitor" };
    var parts = [];
    ["i", "g", "m"].forEach(function (k) {
      if (unknownCodes[k].length) parts.push(words[k] + " " + unknownCodes[k].join(", "));
    });
    if (!parts.length) return;
    problems.hidden = false;
    problems.appendChild(el("p", { class: "admonition-title" }, "Niet gevonden"));
    problems.appendChild(el("p", {}, "Het adres noemt codes die deze uitgave niet heeft, en die " +
      "dus niet in de tabel staan: " + parts.join("; ") + "."));
  }

  function rows() {
    var out = [], inds = selected("i", nInd), mons = selected("m", nMon);
    selected("g", nMun).forEach(function (g) {
      inds.forEach(function (i) {
        mons.forEach(function (m) {
          var r = row(g, i, m);
          if (r) out.push(r);
        });
      });
    });
    return out;
  }

  function cell(r) {
    var td = el("td");
    if (!r) {
      td.appendChild(el("span", { "aria-hidden": "true" }, "–"));
      td.appendChild(el("span", { class: "lvv-sr" }, "geen cijfer"));
      return td;
    }
    td.appendChild(document.createTextNode(r.value === null ? "onbekend" : String(r.value).replace("-", "\u2212")));
    if (r.revised) {
      td.appendChild(el("span", { class: "lvv-mark", "aria-hidden": "true" }, "*"));
      td.appendChild(el("span", { class: "lvv-sr" }, " (herzien)"));
    }
    if (r.compleet === false) {
      var names = r.onbekend.split("; ").map(function (c) { return munName[c] || c; });
      td.appendChild(el("span", { class: "lvv-tablebuilder__partial" },
        " (onvolledig, onbekend: " + names.join(", ") + ")"));
    }
    return td;
  }

  var MAX_CELLS = 20000;

  function table() {
    output.textContent = "";
    var inds = selected("i", nInd), muns = selected("g", nMun), mons = selected("m", nMon);
    if (!inds.length || !muns.length || !mons.length) {
      output.appendChild(el("p", {}, "Kies ten minste één indicator, één gemeente en één monitor."));
      return 0;
    }
    var cells = inds.length * muns.length * mons.length;
    if (cells > MAX_CELLS) {
      // A table of every figure (600,000 at 350 municipalities and 40 monitors) would stop
      // the browser; the downloads still hold the whole selection.
      output.appendChild(el("p", {}, "Deze keuze geeft " + cells + " vakken, te veel om hier te " +
        "tonen (hooguit " + MAX_CELLS + "). Kies minder, of download de keuze als CSV of Excel."));
      return rows().length;
    }
    var wrap = el("div", { class: "lvv-tablebuilder__scroll", tabindex: "0", role: "region",
      "aria-labelledby": "lvv-tabel-caption" });
    // A class of its own: the phone cards of lvv-tables.js (made once, at load) would give
    // the row headers the role of column headers, and miss a table drawn again.
    var t = el("table", { class: "lvv-tablebuilder__table" });
    t.appendChild(el("caption", { id: "lvv-tabel-caption" },
      "Gekozen cijfers: " + inds.length + (inds.length === 1 ? " indicator, " : " indicatoren, ") +
      muns.length + (muns.length === 1 ? " gemeente, " : " gemeenten, ") + mons.length +
      (mons.length === 1 ? " monitor" : " monitors")));
    var head = el("thead"), hr = el("tr");
    hr.appendChild(el("th", { scope: "col" }, "Gemeente"));
    hr.appendChild(el("th", { scope: "col" }, "Indicator"));
    mons.forEach(function (m) { hr.appendChild(el("th", { scope: "col", class: "lvv-num" }, D.monitors[m][1])); });
    head.appendChild(hr);
    t.appendChild(head);
    var body = el("tbody"), count = 0;
    muns.forEach(function (g) {
      inds.forEach(function (i) {
        var tr = el("tr");
        tr.appendChild(el("th", { scope: "row" }, D.municipalities[g][1]));
        var ind = D.indicators[i];
        tr.appendChild(el("th", { scope: "row" }, ind[1] ? ind[0] + " " + ind[1] : ind[0]));
        mons.forEach(function (m) {
          var r = row(g, i, m);
          if (r) count++;
          var td = cell(r);
          td.className = "lvv-num";
          tr.appendChild(td);
        });
        body.appendChild(tr);
      });
    });
    t.appendChild(body);
    wrap.appendChild(t);
    output.appendChild(wrap);
    return count;
  }

  function update(initial) {
    var count = table();
    status.textContent = count === 1 ? "De keuze bevat 1 cijfer." : "De keuze bevat " + count + " cijfers.";
    csvButton.disabled = xlsxButton.disabled = count === 0;
    if (!initial) {
      try { history.replaceState(history.state, "", query()); } catch (e) { /* file:// in some browsers */ }
    }
    newerLink();
  }

  // ---- downloads ---------------------------------------------------------------------------

  function fileName(ext) { return "lvv-monitor-" + D.release + "-tabel." + ext; }

  function save(blob, name) {
    var url = URL.createObjectURL(blob);
    var a = el("a", { href: url, download: name });
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  function csvText() {
    return D.header + "\n" + rows().map(function (r) { return r.csv + "\n"; }).join("");
  }

  // XML 1.0 allows no control characters but tab, line feed and carriage return.
  function xml(text) {
    return String(text)
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "")
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  // The workbook is written here, zipped by the vendored fflate: a sheet of one header row
  // and one row per line of the CSV takes five small XML parts, and no maintained
  // spreadsheet library is on npm (SheetJS left the registry at 0.18.5, which has known
  // vulnerabilities; the others bring a zip library and far more than this needs).
  var NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
  var REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  var PKG = "http://schemas.openxmlformats.org/package/2006/relationships";
  var XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  var HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

  function xlsxBytes() {
    var header = D.header.split(",");
    var letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    function text(col, r, s) {
      return '<c r="' + letters[col] + r + '" t="inlineStr" s="1"><is><t xml:space="preserve">' +
        xml(s) + "</t></is></c>";
    }
    function num(col, r, n) { return '<c r="' + letters[col] + r + '"><v>' + n + "</v></c>"; }
    function bool(col, r, b) { return '<c r="' + letters[col] + r + '" t="b"><v>' + (b ? 1 : 0) + "</v></c>"; }
    var lines = ['<row r="1">' + header.map(function (h, c) { return text(c, 1, h); }).join("") + "</row>"];
    rows().forEach(function (x, k) {
      var r = k + 2, mun = D.municipalities[x.mun], cells = [
        num(0, r, D.monitors[x.mon][0]), text(1, r, D.monitors[x.mon][1]), text(2, r, mun[0]),
        text(3, r, x.name), text(4, r, D.indicators[x.ind][0])
      ];
      if (x.value !== null) cells.push(num(5, r, x.value));
      cells.push(text(6, r, x.release), bool(7, r, x.revised));
      if (x.compleet !== null) cells.push(bool(8, r, x.compleet));
      if (x.onbekend !== null) cells.push(text(9, r, x.onbekend));
      lines.push('<row r="' + r + '">' + cells.join("") + "</row>");
    });
    var sheet = HEAD + "<worksheet " + NS + '><sheetViews><sheetView workbookViewId="0">' +
      '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView>' +
      "</sheetViews><sheetData>" + lines.join("") + "</sheetData></worksheet>";
    var ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.";
    var files = {
      "[Content_Types].xml": HEAD +
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="' + ct + 'sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="' + ct + 'worksheet+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="' + ct + 'styles+xml"/></Types>',
      "_rels/.rels": HEAD + '<Relationships xmlns="' + PKG + '"><Relationship Id="rId1" Type="' +
        REL + '/officeDocument" Target="xl/workbook.xml"/></Relationships>',
      "xl/workbook.xml": HEAD + "<workbook " + NS + ' xmlns:r="' + REL + '"><sheets>' +
        '<sheet name="Tabel" sheetId="1" r:id="rId1"/></sheets></workbook>',
      "xl/_rels/workbook.xml.rels": HEAD + '<Relationships xmlns="' + PKG + '">' +
        '<Relationship Id="rId1" Type="' + REL + '/worksheet" Target="worksheets/sheet1.xml"/>' +
        '<Relationship Id="rId2" Type="' + REL + '/styles" Target="styles.xml"/></Relationships>',
      // Style 1 is the text format (@): codes stay text when a cell is edited.
      "xl/styles.xml": HEAD + "<styleSheet " + NS + '><fonts count="1"><font><sz val="11"/>' +
        '<name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/>' +
        '</fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border>' +
        "<left/><right/><top/><bottom/><diagonal/></border></borders>" +
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
        '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
        '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>' +
        "</cellStyles></styleSheet>",
      "xl/worksheets/sheet1.xml": sheet
    };
    var zipped = {};
    Object.keys(files).forEach(function (name) { zipped[name] = window.fflate.strToU8(files[name]); });
    // A fixed time in every entry: the same selection gives the same bytes.
    return window.fflate.zipSync(zipped, { level: 6, mtime: new Date(2000, 0, 1) });
  }

  csvButton.addEventListener("click", function () {
    save(new Blob([csvText()], { type: "text/csv;charset=utf-8" }), fileName("csv"));
  });
  xlsxButton.addEventListener("click", function () {
    save(new Blob([xlsxBytes()], { type: XLSX_TYPE }), fileName("xlsx"));
  });

  // ---- an older version ------------------------------------------------------------------
  // Over http(s) the site's versions.json (two folders up: /<N>/tabel/ → /) says whether a
  // newer release exists; from file:// it cannot be read, and nothing is said.

  var newerLinkEl = null;
  function newerLink() {
    if (newerLinkEl) newerLinkEl.setAttribute("href", "../../latest/tabel/" + location.search);
  }
  if (/^https?:$/.test(location.protocol)) {
    fetch("../../versions.json", { cache: "no-cache" })
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(function (versions) {
        var newest = 0;
        versions.forEach(function (v) {
          var n = parseInt(v.version, 10);
          if (String(n) === String(v.version) && n > newest) newest = n;
        });
        if (newest <= D.release) return;
        newer.appendChild(el("p", { class: "admonition-title" }, "Er is een nieuwere uitgave"));
        var p = el("p", {}, "Deze tabel komt uit uitgave " + D.release + "; de nieuwste is uitgave " +
          newest + ", met nieuwere en mogelijk herziene cijfers. ");
        newerLinkEl = el("a", {}, "Dezelfde tabel in de nieuwste uitgave");
        p.appendChild(newerLinkEl);
        newer.appendChild(p);
        newerLink();
        newer.hidden = false;
      })
      .catch(function () { /* no versions.json: a single version */ });
  }

  report();
  update(true);
})();
