"""Every value a site template prints goes through a filter that makes it safe there.

Each template of ``site_templates/`` is parsed with Jinja's own parser and every output
expression (``{{ … }}``) is checked: it must end in ``md`` (Markdown), ``e`` (HTML),
``front_matter`` (YAML), ``tojson``, a filter that prints only a number, a date or a slug,
or a call of a macro (whose own output is checked here too); inside ``{% autoescape true %}``
Jinja escapes it. What is left is listed in ``TRUSTED`` with why it cannot hold markup:
values the code builds (paths, anchors, numbers) and codes the models check against a
pattern. A new template that prints a field of the inputs bare fails here.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from jinja2 import nodes

from lvv_publish import resources
from lvv_publish.site import environment

SAFE_FILTERS = {
    "md": "Markdown: formatting.md",
    "e": "HTML: Jinja's escape",
    "escape": "HTML: Jinja's escape",
    "front_matter": "YAML: written by yaml.safe_dump",
    "tojson": "JSON, with <, >, & and ' as \\u escapes",
    "html": "HTML: formatting.html (one line, escaped)",
    "html_cell": "formatting.html on the text, a link the code builds, escaped",
    "slug": "[a-z0-9-] only",
    "number": "a number",
    "percent": "a number",
    "figure": "a number, with a note of municipality names through md",
    "signed": "a number",
    "signed_percent": "a number",
    "decimal": "a number",
    "points": "a number",
    "change": "a number",
    "date": "a date",
    "when": "a date and time",
    "length": "a count",
    "revised": "a fixed mark or nothing",
    "link": "an https:, http: or mailto: address (links.checked_link), else refused",
}
# Rendered with autoescape on (standalone.html_environment): by build.not_found_page,
# catalog.accessibility_page and latest.write_latest and root_redirect.
AUTOESCAPED = {"not-found.html.j2", "toegankelijkheid.html.j2", "latest.html.j2"}


def _all(reason: str, *expressions: str) -> dict[str, str]:
    return dict.fromkeys(expressions, reason)


TRUSTED = {
    **_all(
        "a whole number: a monitor, a count, a height in pixels",
        *("ctx.a", "ctx.b", "p.a", "p.b", "monitor", "n", "n.monitor", "p.monitor", "f.monitor"),
        *("c.monitor_before", "c.monitor_after", "c.release", "ctx.previous", "rule.count"),
        *("ctx.previous_release", "ctx.release.number", "ctx.release.previous", "t.shown"),
        *("ctx.first_monitor", "ctx.last_monitor", "mun.last_monitor", "ctx.file_count"),
        *("ctx.counts.info", "ctx.counts.warning", "ctx.finding_counts.info"),
        *("ctx.finding_counts.warning", "ctx.unknown_count", "c.embed_height"),
        "ctx.revised_count",
        *("ctx.absent | join", "ctx.release.monitors | join"),
    ),
    **_all("a version N.M.P the code writes", "release.version", "c.version", "c.previous_version"),
    **_all(
        "an indicator code (models: CODE_PATTERN, digits and dots) or a CBS code (GM + digits)",
        *("c", "c | replace", "c.code", "indicator", "ind.code", "ind.parent"),
        *("ind.parent | replace", "r.code", "r.code | replace", "row.code", "ctx.code"),
        "f.indicators | join",
    ),
    **_all(
        "a path, anchor, id or file name the code builds from numbers, codes and slugs",
        *("prefix", "root", "ctx.prefix", "p.path", "f.municipality_slug", "mun.slug"),
        *("ind.anchor", "row.anchor", "c.id", "release.chart_file(…)", "release.chart_path(…)"),
        "release.chart_spec(…)",
        *("t.json_path", "t.download[0]", "f.name", "f.rule", "rule.code"),
        *("ctx.anchor", "ctx.csv_file", "ind.page", "ind.target", "row.target"),
    ),
    **_all("a size or digest the code computes", "f.size", "f.sha256"),
    **_all("a limit of the code, written by it", "ctx.file_limit", "ctx.workbook_rows"),
    **_all("the package name: models.Publication allows [a-z0-9._-] only", "ctx.package_name"),
    **_all("a data-* attribute and its value, written by tables.py", "k", "v"),
    **_all(
        "an opening tag or a data-lvv-figures attribute the code writes (lean.aligned)",
        *("a.table", "a.th[loop.index0]", "a.td[loop.index0]", "a.th[1]", "a.td[1]"),
    ),
    **_all("the built address of a path the code builds (tables.page_url)", "row.target | url"),
    **_all("code of a download recipe, in a code block (downloads/recipes.py)", "recipe.code"),
    **_all("the language of a recipe's code block: python or r", "recipe.language"),
}


def _source(node: nodes.Node) -> str:
    """The expression as written (near enough to name it in a failure)."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_source(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        return f"{_source(node.node)}[{_source(node.arg)}]"
    if isinstance(node, nodes.Const):
        return repr(node.value)
    if isinstance(node, nodes.Filter):
        return f"{_source(node.node)} | {node.name}" if node.node else f"| {node.name}"
    if isinstance(node, nodes.Call):
        return f"{_source(node.node)}(…)"
    return type(node).__name__


def _macros() -> set[str]:
    env = environment()
    return {
        m.name
        for path in sorted(resources.templates_dir().glob("*.j2"))
        for m in env.parse(path.read_text(encoding="utf-8")).find_all(nodes.Macro)
    }


def _unsafe(node: nodes.Expr, macros: set[str]) -> Iterator[nodes.Expr]:
    """The parts of an output expression that print a value no filter made safe."""
    if isinstance(node, nodes.Const | nodes.TemplateData):
        return
    if isinstance(node, nodes.Filter) and node.name in SAFE_FILTERS:
        return
    # Puts its input aside and back unchanged (lean/passthrough.py): as safe as its input.
    if isinstance(node, nodes.Filter) and node.name == "passthrough" and node.node is not None:
        yield from _unsafe(node.node, macros)
        return
    if isinstance(node, nodes.CondExpr):
        yield from _unsafe(node.expr1, macros)
        if node.expr2 is not None:
            yield from _unsafe(node.expr2, macros)
        return
    if isinstance(node, nodes.Concat):
        for part in node.nodes:
            yield from _unsafe(part, macros)
        return
    if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name | nodes.Getattr):
        name = node.node.name if isinstance(node.node, nodes.Name) else node.node.attr
        if name in macros:
            return
    yield node


def _escaped_outputs(tree: nodes.Template) -> set[int]:
    """The ids of the Output nodes inside ``{% autoescape true %}``."""
    inside: set[int] = set()
    for scope in tree.find_all(nodes.ScopedEvalContextModifier):
        if any(
            o.key == "autoescape" and isinstance(o.value, nodes.Const) and o.value.value
            for o in scope.options
        ):
            inside |= {id(out) for out in scope.find_all(nodes.Output)}
    return inside


def unsafe_outputs(name: str, text: str, macros: set[str]) -> list[str]:
    """``line: expression`` of every output of the template that nothing makes safe."""
    tree = environment().parse(text)
    escaped = _escaped_outputs(tree)
    found = []
    for out in tree.find_all(nodes.Output):
        for child in out.nodes:
            for node in _unsafe(child, macros):
                raw = isinstance(node, nodes.Filter) and node.name == "safe"
                if (name in AUTOESCAPED or id(out) in escaped) and not raw:
                    continue
                if _source(node) not in TRUSTED:
                    found.append(f"{node.lineno}: {_source(node)}")
    return found


TEMPLATES = sorted(p.name for p in resources.templates_dir().glob("*.j2"))


@pytest.mark.parametrize("name", TEMPLATES)
def test_every_printed_value_is_made_safe(name: str) -> None:
    text = (resources.templates_dir() / name).read_text(encoding="utf-8")
    assert unsafe_outputs(name, text, _macros()) == []


# Theme partials of ours that print values from the inputs (the rest print only the theme's).
PARTIALS = ("overrides/partials/copyright.html",)


@pytest.mark.parametrize("name", PARTIALS)
def test_every_value_a_partial_prints_is_made_safe(name: str) -> None:
    text = (resources.templates_dir() / name).read_text(encoding="utf-8")
    assert unsafe_outputs(name, text, set()) == []


def test_the_check_finds_a_bare_value() -> None:
    """The check itself: a field printed bare, or through a filter that makes nothing safe,
    fails; the same field through md, in an autoescape block or a macro call passes."""
    macros = {"row"}
    bare = "{{ ctx.name }}\n{{ ctx.name | upper }}\n{{ x if y else ctx.note }}\n{{ 'a' ~ r.name }}"
    bare += "\n{{ ctx.name | passthrough }}"
    assert unsafe_outputs("t.md.j2", bare, macros) == [
        "1: ctx.name",
        "2: ctx.name | upper",
        "3: x",
        "3: ctx.note",
        "4: r.name",
        "5: ctx.name",
    ]
    safe = (
        "{{ ctx.name | md }}{{ ctx.release.number }}{{ row(x) }}{{ m.row(x) }}\n"
        "{{ m.row(x) | passthrough }}{{ ctx.name | html | passthrough }}\n"
        "{% autoescape true %}{{ ctx.name }}{% endautoescape %}"
    )
    assert unsafe_outputs("t.md.j2", safe, macros) == []
    assert unsafe_outputs(
        "t.md.j2", "{% autoescape true %}{{ x | safe }}{% endautoescape %}", macros
    )
