"""Every page's context is a documented dataclass, and its template uses only what it documents.

Like datasette's ``template_contexts`` test: each page type of release 15 is rendered with its
context wrapped in a recorder, and the names the template reads from ``ctx`` must be fields
(or properties) of the context's dataclass, every field documented in its docstring and used
by the template. One page of each type is also compared with its golden Markdown
(``tests/golden/pages/``), so a change to a page is a reviewed diff:
``pytest --update-golden tests/site/test_page_contexts.py`` rewrites them.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
from pathlib import Path
from typing import Any

import pytest
from jinja2 import nodes

from lvv_publish.package import read_package
from lvv_publish.publish import site_inputs
from lvv_publish.site import render, render_pages
from lvv_publish.site.contexts import PAGE_CONTEXTS, NoComparisonContext, release_info
from lvv_publish.sources import Project, load_monitor

from ..conftest import copy_project

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "pages"
# One page of each type: its golden file, by the path the site gives it.
GOLDEN_PAGES = {
    "index.md": "home.md",
    "landelijk.md": "overview.md",
    "tekst.md": "narrative.md",
    "leeswijzer.md": "guide.md",
    "indicatoren.md": "indicators.md",
    "indicator/index.md": "indicator_index.md",
    "indicator/9-1-3.md": "indicator.md",
    "downloads.md": "downloads.md",
    "datakwaliteit.md": "quality.md",
    "methode.md": "method.md",
    "wijzigingen.md": "changelog.md",
    "vergelijking/index.md": "compare.md",
    "gemeenten/index.md": "municipalities.md",
    "gemeenten/emmen.md": "municipality.md",
    "grafieken/hasa/index.html": "chart.html",
    "tabel.md": "table.md",
}


class Recorder:
    """A context as the template sees it, noting every name the template reads from it;
    a property is run on the recorder, so that the fields it reads count as read too."""

    def __init__(self, ctx: object, seen: set[str]) -> None:
        self._ctx = ctx
        self._seen = seen

    def __getattr__(self, name: str) -> Any:
        self._seen.add(name)
        kind = inspect.getattr_static(type(self._ctx), name, None)
        if isinstance(kind, property) and kind.fget is not None:
            return kind.fget(self)
        if isinstance(kind, functools.cached_property):
            return kind.func(self)
        return getattr(self._ctx, name)


@pytest.fixture(scope="module")
def rendered(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[dict[str, set[str]], dict[str, type], dict[str, str]]:
    """Release 15's pages (with 13 and 14 published before it), rendered once with every
    context recorded: the names each template read, the context type each got, the pages."""
    root = copy_project(tmp_path_factory.mktemp("contexts") / "project")
    seen: dict[str, set[str]] = {}
    types: dict[str, type] = {}
    original = render.PageRenderer.render  # the one place a page is rendered

    def recording(self: Any, template: str, ctx: object) -> str:
        types[template] = type(ctx)
        return original(self, template, Recorder(ctx, seen.setdefault(template, set())))

    project = Project(root)
    inputs = site_inputs(
        project, read_package(project.package_dir(15)), load_monitor(project.monitors, 15)
    )
    with pytest.MonkeyPatch.context() as m:
        m.setattr(render.PageRenderer, "render", recording)
        pages = render_pages(inputs)
        # A release that carries one monitor only has no comparison: rendered on its own.
        info = release_info(inputs.package, inputs.meta, inputs.pilot_start)
        single = render.PageRenderer(render.environment(), inputs, info, list, None)
        pages["vergelijking/geen.md"] = single.render(
            "compare_none.md.j2", NoComparisonContext(info)
        )
    return seen, types, pages


def _documented(cls: type) -> set[str]:
    """The fields and properties of a context class (what a template may read)."""
    names = {f.name for f in dataclasses.fields(cls)}
    return (
        names
        | {n for n, v in inspect.getmembers(cls) if isinstance(v, property)}
        | {n for n, v in vars(cls).items() if hasattr(v, "__set_name__") and not n.startswith("_")}
    )


def test_every_page_template_is_rendered_with_its_registered_context(rendered):
    _, types, _ = rendered
    assert types == PAGE_CONTEXTS


def _read_by(template: str) -> set[str]:
    """Every ``ctx.<name>`` a template reads, in any branch (from its syntax tree)."""
    env = render.environment()
    source = env.loader.get_source(env, template)[0]  # type: ignore[union-attr]
    return {
        node.attr
        for node in env.parse(source).find_all(nodes.Getattr)
        if isinstance(node.node, nodes.Name) and node.node.name == "ctx"
    }


@pytest.mark.parametrize("template", sorted(PAGE_CONTEXTS))
def test_a_template_reads_only_documented_fields_and_uses_every_field(rendered, template):
    seen, _, _ = rendered
    cls = PAGE_CONTEXTS[template]
    read = _read_by(template)
    assert read <= _documented(cls), f"{template} reads undocumented {read - _documented(cls)}"
    # Read by the template in some branch, or through a property it reads.
    used = read | seen[template]
    fields = {f.name for f in dataclasses.fields(cls)}
    assert fields <= used, f"{cls.__name__} has fields {template} never reads: {fields - used}"


@pytest.mark.parametrize("cls", sorted(set(PAGE_CONTEXTS.values()), key=lambda c: c.__name__))
def test_every_field_of_a_page_context_is_documented(cls):
    doc = inspect.getdoc(cls) or ""
    missing = [f.name for f in dataclasses.fields(cls) if f"``{f.name}``" not in doc]
    assert not missing, f"{cls.__name__} does not document {missing}"


@pytest.mark.parametrize("page", sorted(GOLDEN_PAGES))
def test_one_page_of_each_type_is_as_reviewed(rendered, page, update_golden):
    _, _, pages = rendered
    golden = GOLDEN / GOLDEN_PAGES[page]
    if update_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(pages[page], encoding="utf-8")
    assert pages[page] == golden.read_text(encoding="utf-8"), f"{page} differs from {golden}"


def test_the_page_without_comparison_is_as_reviewed(rendered, update_golden):
    _, _, pages = rendered
    golden = GOLDEN / "compare_none.md"
    if update_golden:
        golden.write_text(pages["vergelijking/geen.md"], encoding="utf-8")
    assert pages["vergelijking/geen.md"] == golden.read_text(encoding="utf-8")
