"""Published stays published, for text too; and a newer lvv-publish does not force corrections.

A monitor's published texts (title, changes, notes, narrative, reasons) are kept with its
package (``texts.json``); an edit is refused like a changed figure, ``build --all`` builds the
pages from what was published, and ``--correct`` publishes the next version. A package that
this lvv-publish would write differently but with the same content is left as it is.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from lvv_publish.errors import LvvError, PublishError
from lvv_publish.package import PACKAGE_FORMAT, read_package, writer
from lvv_publish.publish import build_all, release, release_diff
from lvv_publish.sources import Project

from ..conftest import ROOT, copy_project
from ..test_cli import snapshot

CHANGE = "Bij de Hasa's (slide 16) is nu het aantal 'afwijzingen niet in rechte vast' in de grafiek opgenomen."
EDITED = "Bij de Hasa's is niets veranderd."
REASON = "De wijziging t.o.v. de vorige monitor was onjuist overgenomen."


def edit_change(root: Path) -> None:
    path = root / "monitors/15/monitor.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(CHANGE) == 1
    path.write_text(text.replace(CHANGE, EDITED), encoding="utf-8")


def changelog(root: Path) -> str:
    return (root / "site/15/wijzigingen/index.html").read_text(encoding="utf-8")


@pytest.fixture
def published(tmp_path) -> Path:
    root = copy_project(tmp_path / "project")
    build_all(Project(root))
    return root


def test_an_edited_text_is_refused_and_the_pages_keep_what_was_published(published):
    before = snapshot(published)
    assert "afwijzingen niet in rechte vast" in changelog(published)
    edit_change(published)
    with pytest.raises(PublishError) as refused:
        release(Project(published), 15)
    assert "wijzigingen: nr. 1 gewijzigd" in str(refused.value)
    assert "--correct" in str(refused.value)
    assert release_diff(Project(published), 15).texts == ("wijzigingen: nr. 1 gewijzigd",)
    assert snapshot(published) == before
    build_all(Project(published))  # from texts.json, not from the edited monitor.yaml
    assert snapshot(published) == before
    assert EDITED not in changelog(published)


def test_a_text_correction_publishes_the_next_version_with_the_new_text(published):
    edit_change(published)
    result = release(Project(published), 15, correct=REASON)
    assert result.version == "15.1.0"
    package = read_package(published / "datapackage/15")
    assert package.texts is not None and package.texts["changes"] == [EDITED]
    assert package.descriptor["lvvFormat"] == PACKAGE_FORMAT
    correction = package.descriptor["corrections"][-1]
    assert correction["reason"] == REASON
    assert "wijzigingen: nr. 1 gewijzigd" in correction["other_changes"]
    assert correction["changes"] == []  # no figure changed
    kept = published / "datapackage/15/versies/15.0.0/texts.json"
    assert json.loads(kept.read_text(encoding="utf-8"))["changes"] == [CHANGE]
    assert EDITED in changelog(published)


def test_a_package_a_newer_tool_writes_differently_is_left_as_published(published, monkeypatch):
    """Quoted CSV cells, a new optional column and reworded rule messages: the same content,
    so the same publication."""
    before = snapshot(published)
    plain = writer.csv_bytes

    def quoted(frame: pd.DataFrame, where: str = "a CSV file") -> bytes:
        text = plain(frame, where).decode("utf-8")
        rows = list(csv.reader(io.StringIO(text)))
        if where == "indicators.csv":
            rows = [[*row, "toelichting" if i == 0 else ""] for i, row in enumerate(rows)]
        if where == "rules.csv":
            rows = [[cell.replace("klopt niet", "wijkt af") for cell in row] for row in rows]
        out = io.StringIO()
        csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(rows)
        return out.getvalue().encode("utf-8")

    monkeypatch.setattr(writer, "csv_bytes", quoted)
    result = release(Project(published), 15)
    assert not result.package_written
    assert snapshot(published) == before


def test_a_package_of_format_1_gets_its_texts_recorded_once(tmp_path):
    root = copy_project(tmp_path / "project")
    shutil.rmtree(root / "datapackage/15")
    shutil.copytree(ROOT / "datapackage/15", root / "datapackage/15")
    (root / "datapackage/15/texts.json").unlink()
    descriptor = json.loads((root / "datapackage/15/datapackage.json").read_text("utf-8"))
    assert "lvvFormat" not in descriptor  # the committed 15.1.0 is of format 1
    files = {p.name: p.read_bytes() for p in (root / "datapackage/15").glob("*.*")}
    result = release(Project(root), 15)
    assert result.changed[0] == "datapackage/15/texts.json"
    assert {p.name: p.read_bytes() for p in (root / "datapackage/15").glob("*.csv")} == {
        k: v for k, v in files.items() if k.endswith(".csv")
    }
    assert (root / "datapackage/15/datapackage.json").read_bytes() == files["datapackage.json"]
    texts = json.loads((root / "datapackage/15/texts.json").read_text("utf-8"))
    assert texts["changes"] == [CHANGE]
    assert release(Project(root), 15).changed == ()  # once


def test_a_newer_format_or_a_tampered_texts_file_is_one_clear_error(published):
    path = published / "datapackage/15/datapackage.json"
    descriptor = json.loads(path.read_text("utf-8"))
    texts = published / "datapackage/15/texts.json"
    texts.write_text(texts.read_text("utf-8").replace("Hasa's", "Hasa"), encoding="utf-8")
    with pytest.raises(LvvError, match="texts.json is not the file that was published"):
        read_package(published / "datapackage/15", validate=False)
    path.write_text(json.dumps(descriptor | {"lvvFormat": 3}), encoding="utf-8")
    with pytest.raises(LvvError, match="written by a newer lvv-publish .package format 3"):
        read_package(published / "datapackage/15", validate=False)
