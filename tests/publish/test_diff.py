"""`lvv-publish diff N`: what releasing N would change compared with what is published."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from lvv_publish.cli import app
from lvv_publish.publish import diff_markdown, release_diff
from lvv_publish.sources import Project

from ..conftest import copy_project
from ..cycle import (
    deliver,
    note_the_revision_of_amsterdam_15,
    override,
    register_newcomer,
    repeat_with_newcomer,
)

runner = CliRunner()


def run(root: Path, *args: str) -> str:
    result = runner.invoke(app, [*args, "--project", str(root)])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def sixteen(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """16 compiled from its sheets, with Nijmegen joining, Amsterdam's 15 revised (with a
    note), an override of 16 and a definition rewritten since release 15."""
    root = copy_project(tmp_path_factory.mktemp("diff") / "project")
    register_newcomer(root)
    run(root, "new", "16")
    deliver(root, 16, repeat_with_newcomer)
    override(root, 16, "15/GM0363/2", 1070, "Amsterdam telde twee aanmeldingen dubbel.")
    override(root, 16, "16/GM0344/1", 240, "Utrecht opende vijf plaatsen na inzending.")
    note_the_revision_of_amsterdam_15(root)
    registry = root / "registry/indicators.yaml"
    text = registry.read_text()
    old = "definition: De huidige LVV-capaciteit op de peildatum."
    assert text.count(old) == 1
    registry.write_text(text.replace(old, f"{old[:-1]}, satellieten inbegrepen."))
    run(root, "compile", "16")
    return root


def test_diff_names_new_figures_revisions_locations_definitions_and_overrides(sixteen):
    diff = release_diff(Project(sixteen), 16)
    assert diff.published is None and diff.compared_with == 15
    by_name = {m.name: (m.figures, m.unknown) for m in diff.figures}
    assert by_name["Nijmegen"][0] == 39 and len(by_name) == 7
    assert diff.joining == ("Nijmegen",) and diff.leaving == ()
    (revision,) = diff.revisions
    assert (revision.monitor, revision.municipality, revision.indicator) == (15, "Amsterdam", "2")
    assert (revision.before, revision.after) == (1062, 1070)
    assert revision.note == "Amsterdam heeft de instroom van monitor 15 gecorrigeerd."
    assert [(c.code, c.field, c.before, c.after) for c in diff.definitions] == [
        (
            "1",
            "definition",
            "De huidige LVV-capaciteit op de peildatum.",
            "De huidige LVV-capaciteit op de peildatum, satellieten inbegrepen.",
        )
    ]
    assert sorted((f.monitor, f.municipality, f.indicators) for f in diff.overrides) == [
        (15, "Amsterdam", ("2",)),
        (16, "Utrecht", ("1",)),
    ]
    assert diff.errors == 0
    text = run(sixteen, "diff", "16")
    assert text.startswith(
        "Releasing monitor 16 publishes 273 new figures (6 unknown) of 7 municipalities; "
        "revises 1 published figure(s), 1 location(s) join, 0 leave, 1 definition change(s), "
        "2 override(s), 0 municipality(ies) without delivery."
    )
    assert "Monitor: 15; Municipality: Amsterdam; Indicator: 2; Published: 1062; Now: 1070" in text
    assert "Nijmegen joins in monitor 16" in text


def test_diff_as_markdown_has_a_table_per_section_and_says_none(sixteen):
    markdown = diff_markdown(release_diff(Project(sixteen), 16))
    assert markdown.startswith("## lvv-publish diff 16\n")
    assert "| 15 | Amsterdam | 2 | 1062 | 1070 | Amsterdam heeft de instroom" in markdown
    assert "| 1 | definition | De huidige LVV-capaciteit op de peildatum. | De huidige" in markdown
    assert "### No delivery (geen_levering)\n\nNone.\n" in markdown
    assert run(sixteen, "diff", "16", "--format", "markdown") == markdown


def test_a_revision_without_a_note_says_so(sixteen, tmp_path):
    import shutil

    root = Path(shutil.copytree(sixteen, tmp_path / "project"))
    meta = root / "monitors/16/monitor.yaml"
    text = meta.read_text()
    assert text.count("  covers:\n  - 15/GM0363/2\n") == 1
    meta.write_text(text.replace("  covers:\n  - 15/GM0363/2\n", "  covers: []\n"))
    text = run(root, "diff", "16")
    assert "Note: NONE: add a note under notes in monitor.yaml" in text
    assert "Validation: 1 error(s)" in text


def test_diff_of_a_published_monitor_shows_what_a_correction_would_change(tmp_path):
    root = copy_project(tmp_path / "project")
    table = root / "monitors/15/totaaloverzicht.csv"
    table.write_text(
        table.read_text().replace(
            "1. Capaciteit actueel,360,360,360", "1. Capaciteit actueel,360,360,370"
        )
    )
    text = run(root, "diff", "15")
    assert text.startswith(
        "Monitor 15 is published as version 15.0.0; releasing it again corrects 1 figure(s)"
    )
    assert "Monitor: 15; Municipality: Amsterdam; Indicator: 1; Published: 360; Now: 370" in text
