"""Input-sheet notes ("Invoer toelichting") are internal: never in the site or the
downloads, unless monitor.yaml makes one public with ``input_note`` (docs/data-contract.md).

The test reads every note of every input sheet and searches the whole output for it: every
file under site/ and datapackage/, inside the Excel workbooks and any compressed file too,
as plain text, HTML-escaped and JSON-escaped.
"""

from __future__ import annotations

import gzip
import html
import json
import re
import zipfile
from pathlib import Path

from typer.testing import CliRunner

from lvv_publish.cli import app
from lvv_publish.sources import Project, load_release, read_input_sheets

# Third-party files copied verbatim into the site (Material's and the vendored Vega
# bundles): nothing from the inputs reaches them, and a short note such as "1 + 1" can
# occur in minified code by chance.
VENDORED = ("/assets/vendor/", "/assets/javascripts/", "/assets/stylesheets/")


def input_notes(root: Path) -> list[tuple[str, str, str]]:
    data = load_release(Project(root), 15)
    return [
        (sheet.file, row.indicator, row.note)
        for sheet in read_input_sheets(Project(root), data)
        for row in sheet.rows.values()
        if row.note
    ]


def output_texts(root: Path):
    """(name, text) of every published file, and of each member of a zip or gzip file."""
    for top in ("site", "datapackage"):
        for path in sorted((root / top).rglob("*")):
            if not path.is_file():
                continue
            name = str(path.relative_to(root))
            data = path.read_bytes()
            if data.startswith(b"PK\x03\x04"):
                with zipfile.ZipFile(path) as z:
                    for member in z.namelist():
                        yield f"{name}!{member}", z.read(member).decode("utf-8", "replace")
            elif data.startswith(b"\x1f\x8b"):
                yield name, gzip.decompress(data).decode("utf-8", "replace")
            else:
                yield name, data.decode("utf-8", "replace")


def forms(note: str) -> re.Pattern[str]:
    """The note as published text would hold it, as a whole: not inside a longer number or
    word (the note "1 + 1" is not leaked by the rule text "9.1 + 10")."""
    variants = {note, html.escape(note), html.escape(note, quote=False), json.dumps(note)[1:-1]}
    either = "|".join(re.escape(v) for v in sorted(variants))
    return re.compile(rf"(?<![\w.])(?:{either})(?![\w])")


def leaks(root: Path, notes: list[str]) -> list[tuple[str, str]]:
    found = []
    patterns = [(note, forms(note)) for note in notes]
    for name, text in output_texts(root):
        if any(v in "/" + name for v in VENDORED):
            continue
        for note, pattern in patterns:
            if pattern.search(text):
                found.append((name, note))
    return found


def test_no_input_sheet_note_reaches_the_output(released: Path) -> None:
    notes = input_notes(released)
    assert len(notes) >= 25  # the bundled sheets carry 31 notes
    assert leaks(released, [n for _, _, n in notes]) == []


def test_a_note_marked_public_is_published_and_only_that_one(project: Path) -> None:
    notes = input_notes(project)
    public = next(n for f, i, n in notes if i == "7.2" and "amsterdam" in f)
    path = project / "monitors/15/monitor.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "notes: []",
            "notes:\n- text: "
            + json.dumps(public, ensure_ascii=False)
            + "\n  input_note: {municipality: GM0363, indicator: '7.2'}",
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["release", "15", "--project", str(project)])
    assert result.exit_code == 0, result.output
    found = leaks(project, [public])
    assert any(name.startswith("site/15/") for name, _ in found), found
    assert leaks(project, [n for _, _, n in notes if n != public]) == []


def test_a_public_note_must_be_the_sheet_note_verbatim(project: Path) -> None:
    path = project / "monitors/15/monitor.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "notes: []",
            "notes:\n- text: Een andere tekst.\n  input_note: {municipality: GM0363, "
            "indicator: '7.2'}",
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["validate", "15", "--project", str(project)])
    assert result.exit_code == 1
    assert result.output == (
        "Error: monitors/15/monitor.yaml: notes.0.input_note: the text is not the note of "
        "indicator 7.2 in monitors/15/invoer/amsterdam.csv (its note there is 'Dit aantal is "
        "inclusief correcties die plaats hebben gevonden vanaf februari.'). Copy the note "
        "verbatim into text, or remove input_note.\n"
    )
