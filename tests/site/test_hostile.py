"""Hostile text from the inputs reaches the site as text, never as markup or script.

A project whose registry and monitor.yaml hold ``<script>``, ``"><img onerror=…>``,
Markdown links to ``javascript:`` and Jinja syntax is released; every built HTML page is
parsed (no script of ours runs it, no event-handler attribute, no ``javascript:`` link, the
text shown literally); test_browser.py opens the pages in Chromium (no dialog, no CSP
violation).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from lvv_publish.cli import app
from lvv_publish.models import slug

from ..chartdata import spec_script
from ..conftest import copy_project
from ..cycle import amsterdam_capacity_15_is_370
from ..hostile_strings import IN_EVERY_FIELD

NAME = "Utrecht \"><img src=x onerror=alert('name')>"
SCRIPT = "<script>alert('script')</script>"
LINK = "[klik hier](javascript:alert('link'))"
JINJA = "{{ 7*7 }}"
ATTACKS = {
    "title": f"LVV Monitor mei 2024 {SCRIPT} {JINJA}",
    "change": f"Nieuw: {LINK} en {JINJA}",
    "note": f"\"><img src=x onerror=alert('note')> {SCRIPT}",
    "municipality_note": f"Satelliet {SCRIPT} {LINK}",
    "definition": f"De capaciteit {LINK} {JINJA} <b onmouseover=alert('def')>x</b>",
    "quote": f" <img src=x onerror=alert('quote')> {JINJA}",
    "no_delivery": f"Storing {SCRIPT} {LINK} {JINJA} \"><img src=x onerror=alert('reason')>",
}


def _rename_utrecht_and_empty_eindhoven_15(root: Path, name: str) -> None:
    """Utrecht's columns of the Totaaloverzicht headed ``name``; Eindhoven's 15 left empty
    (it delivered nothing: its reason is a free-text field)."""
    table = root / "monitors/15/totaaloverzicht.csv"
    rows = list(csv.reader(io.StringIO(table.read_text(encoding="utf-8"))))
    rows[0] = [name if v == "Utrecht" else v for v in rows[0]]
    eindhoven_15 = rows[1].index("15 - mei 24", rows[0].index("Eindhoven"))
    for row in rows[2:]:
        row[eindhoven_15] = ""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    table.write_text(out.getvalue(), encoding="utf-8")


def _hostile_project(root: Path) -> None:
    monitor = root / "monitors/15/monitor.yaml"
    data = yaml.safe_load(monitor.read_text(encoding="utf-8"))
    data["title"] = ATTACKS["title"]
    data["changes"] = [ATTACKS["change"]]
    data["notes"] = [{"text": ATTACKS["note"]}]
    # Eindhoven delivered nothing for 15 (its column empty), with a hostile reason.
    data["geen_levering"] = [{"municipality": "GM0772", "reason": ATTACKS["no_delivery"]}]
    del data["input_sheets"]["GM0772"]
    # A statement the site quotes: its claims disagree with the table (a published finding).
    quoted = next(st for st in data["narrative"] if "998 personen" in st["quote"])
    quoted["quote"] += ATTACKS["quote"]
    # Utrecht gets a hostile name below: its claims name it by CBS code instead.
    for statement in data["narrative"]:
        for claim in statement.get("claims", []):
            if isinstance(claim, dict) and "formula" in claim:
                claim["formula"] = claim["formula"].replace("[Utrecht]", "[GM0344]")
    monitor.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    muns = root / "registry/municipalities.yaml"
    data = yaml.safe_load(muns.read_text(encoding="utf-8"))
    utrecht = next(m for m in data["municipalities"] if m["code"] == "GM0344")
    utrecht["name"], utrecht["note"] = NAME, ATTACKS["municipality_note"]
    muns.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    inds = root / "registry/indicators.yaml"
    data = yaml.safe_load(inds.read_text(encoding="utf-8"))
    data["indicators"][0]["definition"] = ATTACKS["definition"]
    inds.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    _rename_utrecht_and_empty_eindhoven_15(root, NAME)


_BUILT: dict[str, Path] = {}


def build_hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The released hostile project's site/, built once per session (this module and the
    browser test in test_browser.py share it)."""
    if "site" not in _BUILT:
        root = copy_project(tmp_path_factory.mktemp("hostile") / "project", with_packages=False)
        _hostile_project(root)
        result = CliRunner().invoke(app, ["release", "15", "--project", str(root)])
        assert result.exit_code == 0, result.output
        _BUILT["site"] = root / "site"
    return _BUILT["site"]


@pytest.fixture
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_hostile_site(tmp_path_factory)


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.scripts: list[str] = []
        self.handlers: list[str] = []
        self.links: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"<{tag} {name}={value}>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.links.append(f"<{tag} {name}={value}>")
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        (self.scripts if self._in_script else self.text).append(data)


def _pages(site: Path) -> dict[str, _Page]:
    parsed = {}
    for path in sorted(site.rglob("*.html")):
        p = _Page()
        p.feed(path.read_text(encoding="utf-8"))
        parsed[str(path.relative_to(site))] = p
    return parsed


def test_hostile_text_is_shown_as_text_and_never_runs(hostile_site: Path) -> None:
    pages = _pages(hostile_site / "15")
    assert len(pages) > 20
    for name, p in pages.items():
        assert p.handlers == [], (name, p.handlers)
        assert p.links == [], (name, p.links)
        assert not any("alert(" in s for s in p.scripts if not s.lstrip().startswith("{")), name
    # latest/'s redirects carry the pages' titles: as text too
    latest = _pages(hostile_site / "latest")
    assert sorted(latest) == sorted(pages)
    for name, p in latest.items():
        assert p.handlers == [] and p.links == [], name
        assert not any("alert(" in s for s in p.scripts), name
    # The charts' specs are scripts: each is the registry, a JSON key and a JSON value, so
    # no text of the inputs runs (chartdata.spec_script refuses anything else).
    scripts = sorted((hostile_site / "15/grafieken").glob("*/grafiek.js"))
    assert len(scripts) > 20
    for script in scripts:
        chart_id, spec = spec_script(script.read_text(encoding="utf-8"))
        assert script.parent.name == chart_id and isinstance(json.loads(spec), dict)
    text = {name: " ".join(" ".join(p.text).split()) for name, p in pages.items()}
    changelog = text["wijzigingen/index.html"]
    for attack in ("title", "change", "note"):
        assert " ".join(ATTACKS[attack].split()) in changelog, attack
    assert JINJA in changelog and "mei 2024 <script>" in changelog
    assert ATTACKS["municipality_note"] in " ".join(t for n, t in text.items() if "gemeenten" in n)
    assert (
        "De capaciteit [klik hier](javascript:alert('link')) {{ 7*7 }}"
        in (text["indicatoren/index.html"])
    )
    assert any(NAME in t for t in text.values())
    reason = " ".join(ATTACKS["no_delivery"].split())
    for page in ("index.html", "gemeenten/eindhoven/index.html"):
        assert f"geen cijfers aangeleverd: {reason}" in text[page], page
    assert (
        "reden uitgestroomd. <img src=x onerror=alert('quote')> {{ 7*7 }}"
        in (text["datakwaliteit/index.html"])
    )


# Issue 21: every hostile string in every free-text field, built next to the same project
# with plain text in those fields; the pages must have the same elements and attributes.
CORPUS = IN_EVERY_FIELD
LONG = "lang " * 400
# A municipality name names a page and a CSV column: one line, not too long for a file name.
HOSTILE_NAME = 'Utrecht { onclick=alert(1) style="color:red" } *x* \u202e'


def _free_text(root: Path, text: Callable[[int], str], name: str) -> None:
    """Every free-text field the site shows, set to ``text(i)`` (field i); Utrecht is
    called ``name``; Eindhoven delivered nothing for 15, with a reason."""
    n = iter(range(100))

    def edit(path: str, change: Callable[[dict[str, Any]], None]) -> None:
        file = root / path
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        change(data)
        file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")

    def monitor(d: dict[str, Any]) -> None:
        d["title"], d["changes"] = text(next(n)), [text(next(n)), text(next(n))]
        d["notes"] = [{"text": text(next(n))}]
        d["source"]["title"], d["approval"]["note"] = text(next(n)), text(next(n))
        d["geen_levering"] = [{"municipality": "GM0772", "reason": text(next(n))}]
        del d["input_sheets"]["GM0772"]
        for statement in d["narrative"]:  # Utrecht is renamed: its claims name its code
            for claim in statement.get("claims", []):
                if isinstance(claim, dict) and "formula" in claim:
                    claim["formula"] = claim["formula"].replace("[Utrecht]", "[GM0344]")

    def publication(d: dict[str, Any]) -> None:
        for key in ("title", "description", "publisher"):
            d[key] = text(next(n))
        d["license"]["title"], d["contributors"][0]["title"] = text(next(n)), text(next(n))
        d["keywords"][0], d["contact_point"]["name"] = text(next(n)), text(next(n))
        # The release calendar's reason is shown in the footer of every page and on the home page.
        d["next_publication"] = {
            "date": dt.date(2027, 3, 16),
            "previous_date": dt.date(2027, 3, 2),
            "reason": text(next(n)),
        }

    def municipalities(d: dict[str, Any]) -> None:
        utrecht = next(m for m in d["municipalities"] if m["code"] == "GM0344")
        utrecht["name"], utrecht["note"] = name, text(next(n))

    def indicators(d: dict[str, Any]) -> None:
        for ind in d["indicators"][:3]:
            for key in ("definition", "kind_note", "unit_note"):
                ind[key] = text(next(n))

    edit("monitors/15/monitor.yaml", monitor)
    edit("monitors/publication.yaml", publication)
    # Stray text in an input sheet's label column is published (a source-note finding).
    sheet = root / "monitors/15/invoer/groningen.csv"
    lines = list(csv.reader(io.StringIO(sheet.read_text(encoding="utf-8"))))
    lines[1][1] = text(next(n))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(lines)
    sheet.write_text(out.getvalue(), encoding="utf-8")
    edit("registry/municipalities.yaml", municipalities)
    edit("registry/indicators.yaml", indicators)
    _rename_utrecht_and_empty_eindhoven_15(root, name)


def _released_site(tmp: Path, text: Callable[[int], str], name: str) -> Path:
    """Released, then corrected with ``text(99)`` as the reason of the correction (shown in
    the notice on every page and in the changelog)."""
    root = copy_project(tmp / "project", with_packages=False)
    _free_text(root, text, name)
    result = CliRunner().invoke(app, ["release", "15", "--project", str(root)])
    assert result.exit_code == 0, result.output
    amsterdam_capacity_15_is_370(root)
    args = ["release", "15", "--project", str(root), "--correct", text(99)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return root / "site/15"


class _Markup(HTMLParser):
    """What a page is made of: each element with its attribute names, the admonitions, and
    the links that leave the site."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: set[tuple[str, tuple[str, ...]]] = set()
        self.admonitions: set[str] = set()
        self.schemes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.add((tag, tuple(sorted(n for n, _ in attrs))))
        classes = (dict(attrs).get("class") or "").split()
        if "admonition" in classes:
            self.admonitions.add(" ".join(sorted(classes)))
        for key, value in attrs:
            if key in ("href", "src", "action", "formaction") and value and ":" in value:
                self.schemes.add(value.split(":", 1)[0].strip().lower())


def _markup(site: Path, rename: tuple[str, str]) -> dict[str, _Markup]:
    pages = {}
    for path in sorted(site.rglob("*.html")):
        page = _Markup()
        page.feed(path.read_text(encoding="utf-8"))
        pages[str(path.relative_to(site)).replace(*rename)] = page
    return pages


def test_hostile_text_in_every_field_adds_no_element_attribute_or_admonition(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    plain = _released_site(
        tmp_path_factory.mktemp("plain"),
        lambda i: f"Gewone tekst {'abcdefghij'[i % 10]}",
        "Utrecht",
    )

    def hostile(i: int) -> str:
        # Each string once at the start of a field (where block markers count), all of them
        # in the middle of another, and one field very long.
        rest = " ".join(CORPUS[i % len(CORPUS) + 1 :] + CORPUS[: i % len(CORPUS)])
        return f"{CORPUS[i % len(CORPUS)]} tekst {rest}" + (LONG if i == 3 else "")

    # The stray label of Groningen's input sheet is published, with the field's text.
    quality = (plain / "datakwaliteit/index.html").read_text(encoding="utf-8")
    assert "Het invoerblad van Groningen heeft in" in quality
    site = _released_site(tmp_path_factory.mktemp("corpus"), hostile, HOSTILE_NAME)
    before = _markup(plain, ("", ""))
    after = _markup(site, (slug(HOSTILE_NAME), "utrecht"))
    assert sorted(after) == sorted(before)
    for name, page in after.items():
        assert page.elements <= before[name].elements, (name, page.elements - before[name].elements)
        assert page.admonitions == before[name].admonitions, name
        assert page.schemes <= {"https", "http", "mailto"}, (name, page.schemes)
