// Renders Vega-Lite specs headless, the way the site does, for tests/test_chart_rendering.py.
// stdin: {"specs": [Vega-Lite spec, ...], "widths": [container width in px, ...]}.
// stdout: per spec {"svg": {width: SVG text}, "data": {dataset: rows}}: the SVG at each
// container width and the rows of every dataset a mark draws from, as the marks see them.
// Expressions run through vega-interpreter, as on the site (its CSP allows no eval).
import {readFileSync} from "node:fs";
import * as vega from "vega";
import {compile} from "vega-lite";
import {expressionInterpreter} from "vega-interpreter";

const {specs, widths} = JSON.parse(readFileSync(0, "utf8"));

// The site's Content-Security-Policy allows no eval: neither may anything here (d3-dsv's
// CSV reader, for one, builds its rows with the Function constructor). The global names
// only: tests/test_browser.py has the browser's own CSP.
function refused() {
  throw new EvalError("eval refused, as by the site's Content-Security-Policy");
}
globalThis.Function = refused;
globalThis.eval = refused;

// The top-level datasets that marks draw from, anywhere in the (nested) Vega spec (a
// facet's own name for its part of one is left out).
function markData(marks, names = new Set()) {
  for (const mark of marks || []) {
    const from = mark.from && (mark.from.data || (mark.from.facet && mark.from.facet.data));
    if (from) names.add(from);
    markData(mark.marks, names);
  }
  return names;
}

async function render(spec) {
  const vgSpec = compile(spec).spec;
  const out = {svg: {}, data: {}};
  for (const width of widths) {
    const view = new vega.View(vega.parse(vgSpec, null, {ast: true}), {
      renderer: "none",
      expr: expressionInterpreter,
    });
    // width "container": what containerSize() reads in a browser.
    view.container = () => ({clientWidth: width, clientHeight: 400, style: {}});
    out.svg[width] = await view.toSVG();
    const top = new Set(vgSpec.data.map((d) => d.name));
    for (const name of [...markData(vgSpec.marks)].filter((n) => top.has(n))) {
      // Rows without Vega's own tuple ids (symbols, which JSON leaves out anyway).
      out.data[name] = JSON.parse(JSON.stringify(view.data(name)));
    }
    view.finalize();
  }
  return out;
}

const results = [];
for (const spec of specs) results.push(await render(spec));
process.stdout.write(JSON.stringify(results));
