// Vendors vega-interpreter (Vega's CSP-safe expression evaluator) for the site.
// The package ships only an ES module that imports vega-util; the site loads classic
// scripts, and vega.min.js already exposes vega-util's functions on the `vega` global. So the
// module is wrapped in a function that takes them from there and adds
// `vega.expressionInterpreter`. Run by `npm run vendor`.
"use strict";
const fs = require("fs");
const path = require("path");

const src = path.join("node_modules", "vega-interpreter", "build", "vega-interpreter.js");
const out = path.join("site_templates", "assets", "vendor", "vega-interpreter.js");
const version = JSON.parse(
  fs.readFileSync(path.join("node_modules", "vega-interpreter", "package.json"), "utf8")
).version;
let code = fs.readFileSync(src, "utf8");
const imports = /^import \{([^}]*)\} from 'vega-util';$/m;
const exported = /^export \{ expression as expressionInterpreter \};$/m;
if (!imports.test(code) || !exported.test(code)) {
  throw new Error(`${src}: unexpected module shape; update scripts/vendor-interpreter.cjs`);
}
code = code
  .replace(imports, "var {$1} = vega;")
  .replace(exported, "vega.expressionInterpreter = expression;")
  .replace(/^\/\/# sourceMappingURL=.*$/m, "");
fs.writeFileSync(
  out,
  `/* vega-interpreter ${version} (BSD-3-Clause, see LICENSE-vega-interpreter), wrapped for a ` +
    "classic script by scripts/vendor-interpreter.cjs */\n(function (vega) {\n\"use strict\";\n" +
    code.trimEnd() +
    "\n})(window.vega);\n"
);
fs.copyFileSync(
  path.join("node_modules", "vega-interpreter", "LICENSE"),
  path.join("site_templates", "assets", "vendor", "LICENSE-vega-interpreter")
);
