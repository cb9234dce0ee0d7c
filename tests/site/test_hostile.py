"""Hostile text from the inputs reaches the site as text, never as markup or script.

A project whose registry and monitor.yaml hold ``<script>``, ``"><img onerror=…>``,
Markdown links to ``javascript:`` and Jinja syntax is released; every built HTML page is
parsed (no script of ours runs it, no event-handler attribute, no ``javascript:`` link, the
text shown literally); test_browser.py opens the pages in Chromium (no dialog, no CSP
violation).
"""

from __future__ import annotations

import csv
import io
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from lvv_publish.cli import app

from ..conftest import copy_project

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
    table = root / "monitors/15/totaaloverzicht.csv"
    rows = list(csv.reader(io.StringIO(table.read_text(encoding="utf-8"))))
    rows[0] = [NAME if v == "Utrecht" else v for v in rows[0]]
    eindhoven_15 = rows[1].index("15 - mei 24", rows[0].index("Eindhoven"))
    for row in rows[2:]:
        row[eindhoven_15] = ""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    table.write_text(out.getvalue(), encoding="utf-8")


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
