"""validate on the bundled monitor 15, the approval gate, revisions, the narrative check."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from lvv_publish.checks import report_lines
from lvv_publish.cli import app
from lvv_publish.package import read_package, validate_package
from lvv_publish.publish import validate_release
from lvv_publish.sources import Project

from ..conftest import FIXTURES, ROOT
from ..test_cli import snapshot

runner = CliRunner()
GOLDEN = Path(__file__).parent.parent / "golden" / "validate-15.txt"


@pytest.fixture(scope="module")
def report15():
    return validate_release(Project(ROOT), 15).report


def lines(report) -> str:
    """The text report as `lvv-publish validate 15` prints it when piped (80 columns)."""
    return "".join(f"{line.text}\n" for line in report_lines(report, 80))


def test_the_complete_list_of_findings_is_pinned(report15, update_golden):
    """Any change in the rules, the data or the text report shows up here.

    Update with --update-golden; tests/test_report.py checks the file is what the CLI prints.
    """
    if update_golden:
        GOLDEN.write_text(lines(report15), encoding="utf-8")
    assert lines(report15) == GOLDEN.read_text(encoding="utf-8")
    assert report15.counts == {"error": 0, "warning": 57, "info": 19}


def by_id(report):
    return {f.id: f for f in report.findings}


def test_known_cases_are_among_them(report15):
    f = by_id(report15)
    gro = f["sum-mismatch/15/GM0014/9+9.1+9.2+9.3+9.4"]
    assert (gro.left_value, gro.right_value) == (256, 266)
    assert f["cumulative-decrease/14/GM0599/10"].message == (
        "10 daalt van 127 in monitor 13 naar 124 in monitor 14."
    )
    ams = f["source-value-differs/15/GM0363/10.3"]
    assert (ams.left_value, ams.right_value) == (16, 56)
    assert "verschoven rij" in ams.message
    ehv = f["source-value-differs/15/GM0772/10.3"]
    assert (ehv.left_value, ehv.right_value) == (28, 2)
    assert f["source-empty-one-side/15/GM0363/10.2"].right_value == 16
    assert f["source-empty-one-side/15/GM0772/10.2"].right_value == 28
    # Amsterdam's empty 10.2 and 9.3: the sums cannot be checked, they are not assumed 0.
    assert "cannot-check/sum-mismatch/15/GM0363/10+10.1+10.2+10.3" in f
    assert "cannot-check/sum-mismatch/15/GM0363/9+9.1+9.2+9.3+9.4" in f
    assert f["source-row-missing/15/GM0599/11"].left_value == 4


def test_narrative_disagreements_with_the_table(report15):
    narrative = {f.source: f for f in report15.findings if f.rule == "narrative-mismatch"}
    assert set(narrative) == {
        "semi_duurzaam:4",  # 998 in "Kerncijfers", 990 in the table
        "semi_duurzaam_overig:4",  # 87: 998 − 727 − 152 − 32; table 9.4 is 89
        "semi_duurzaam_overig:22",  # 79: 990 − 727 − 152 − 32
        "perspectief_bepaald_vorige_pct:17",  # 77,4%: 5 / (4 + 5) of monitor 14; 5 / 2.2 = 77,0%
        "perspectief_verblijf_pct:18",  # 62%: at most 61,5% whatever Amsterdam's 5.2 is
        "perspectief_vertrek_pct:18",  # 38%: at least 38,5%
        "hasa_afgewezen_in_rechte_vast_pct:28",  # 13,8% is (94 + 6) / 727, not 94 / 727
        "hasa_nog_niet_beslist_vorige_pct:29",
        "hasa_ingewilligd_van_beslist_vorige_pct:30",
    }
    # Only a claim that some value of the unknown cell makes true and another false is
    # left unchecked: Amsterdam's 9.3 and 9.3.2 are 0 by the sums, so 32, 10 and 841 agree.
    unchecked = {
        f.source
        for f in report15.findings
        if f.rule == "cannot-check" and f.check == "narrative-mismatch"
    }
    assert unchecked == {"perspectief_doormigratie:19"}
    assert narrative["semi_duurzaam:4"].message.startswith(
        "De tekst (slide 'Kerncijfers LVV') noemt 998; uit de tabel volgt 990 (9). Het getal "
        "van de tekst volgt wel uit 12 − 8 − 10 − 11 (998): die berekening heeft de tekst "
        "waarschijnlijk gebruikt."
    )
    assert narrative["perspectief_verblijf_pct:18"].message.startswith(
        "De tekst (slide 'Perspectiefbepaling') noemt 62%; uit de tabel volgt tussen 40,1% en "
        "61,5% (5.3 / (5.1 + 5.2 + 5.3)). 5.2 van Amsterdam is onbekend (tussen 0 en 260); "
        "bij elke waarde daarbinnen wijkt de tekst af."
    )
    assert "tussen 38,5% en 59,9%" in narrative["perspectief_vertrek_pct:18"].message
    hint = "die berekening heeft de tekst waarschijnlijk gebruikt"
    assert {s for s, f in narrative.items() if hint in f.message} == {
        "semi_duurzaam:4",
        "semi_duurzaam_overig:4",
        "semi_duurzaam_overig:22",
        "perspectief_bepaald_vorige_pct:17",
        "hasa_afgewezen_in_rechte_vast_pct:28",
    }
    assert (
        "(9.1.4 + 9.1.5) / 9.1 (13,8%)" in narrative["hasa_afgewezen_in_rechte_vast_pct:28"].message
    )
    inconsistent = {
        f.source: f.message for f in report15.findings if f.rule == "narrative-inconsistent"
    }
    assert inconsistent == {
        "semi_duurzaam": "9. Uitstroom Semi-duurzaam cumulatief: slide 'Kerncijfers LVV' noemt "
        "998; slide 'Resultaat Vertrek en Verblijf' noemt 990.",
        "semi_duurzaam_overig": "9.4 Semi-duurzaam overig cumulatief: slide 'Kerncijfers LVV' "
        "noemt 87; slide 'Resultaat Vertrek en Verblijf' noemt 79.",
    }
    tally = report15.narrative
    assert (tally.stated, tally.implied, tally.reproducible, tally.checked) == (104, 1, 100, 100)
    assert (tally.disagree, tally.cannot_check) == (9, 1)


# Numbers in the narrative that are not figures of the table: the article (art.64), a slide
# reference, a date, a slide counter.
NOT_FIGURES = re.compile(r"art\.64|slide \d+|\d+ (?:april|februari) \d{4}|\(\d/\d\)|01-04-2019")
FIGURE = re.compile(r"(?<![\d,.])\d+(?:,\d+)?(?![\d,])")


def _figures(text: str) -> list[str]:
    return FIGURE.findall(NOT_FIGURES.sub(" ", text))


def test_every_figure_the_text_states_has_a_claim_in_order():
    """The inventory: each quote is verbatim, its figures are exactly its claims (in order),
    and together the quotes hold every figure of the narrative slides."""
    meta = yaml.safe_load((ROOT / "monitors/15/monitor.yaml").read_text())
    text = (FIXTURES / "seed_monitor15_narrative.txt").read_text()
    quoted = []
    for st in meta["narrative"]:
        assert st["quote"] in text, st["quote"]
        stated = [c.get("count", c.get("percent")) for c in st["claims"] if not c.get("implied")]
        shown = [str(v).replace(".", ",") for v in stated]
        assert shown == _figures(st["quote"]), st["quote"]
        quoted += shown
    body = text[text.index("Kerncijfers LVV") :]
    assert sorted(quoted) == sorted(_figures(body.replace("(monitor november '23)", "")))
    assert len(quoted) == 104


def test_validate_cli_text_json_and_exit_codes():
    result = runner.invoke(app, ["validate", "15", "--project", str(ROOT)])
    assert result.exit_code == 0
    summary = "Monitor 15: 0 errors, 57 warnings, 19 info: valid (not with --strict)."
    assert result.output.startswith(summary + "\n")
    assert result.output.rstrip().endswith(summary)
    assert "Warnings (57)" in result.output and "Info (19)" in result.output
    result = runner.invoke(app, ["validate", "15", "--project", str(ROOT), "--format", "json"])
    data = json.loads(result.output)
    assert data["valid"] is True and data["counts"]["warning"] == 57
    assert len(data["findings"]) == 76
    assert data["findings"][0]["id"] == "sum-mismatch/13/GM0772/12+8+9+10+11"
    strict = runner.invoke(app, ["validate", "15", "--project", str(ROOT), "--strict"])
    assert strict.exit_code == 1
    assert strict.output.startswith("Monitor 15: 0 errors, 57 warnings, 19 info: NOT valid with")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_release_with_an_error_is_refused_and_touches_nothing(project):
    assert runner.invoke(app, ["release", "15", "--project", str(project)]).exit_code == 0
    before = snapshot(project)
    _edit(
        project / "monitors/15/totaaloverzicht.csv",
        "3. Wachtlijst actueel,83",
        "3. Wachtlijst actueel,-83",
    )
    result = runner.invoke(app, ["release", "15", "--project", str(project)])
    assert result.exit_code == 2
    assert result.output == (
        "Error: monitor 15 was not released: 1 finding(s) block it.\n"
        "  [error] negative-value (Amsterdam, monitor 13): 3 is −83; een aantal kan niet "
        "negatief zijn. (monitors/15/totaaloverzicht.csv, row 7, column 2)\n"
        "Run `lvv-publish validate 15` for the full report.\n"
    )
    assert snapshot(project) == before
    validate = runner.invoke(app, ["validate", "15", "--project", str(project)])
    assert validate.exit_code == 1


def test_strict_release_refuses_warnings(project):
    result = runner.invoke(app, ["release", "15", "--project", str(project), "--strict"])
    assert result.exit_code == 2
    assert "57 finding(s) block it" in result.output
    assert not (project / "datapackage").exists() or not any((project / "datapackage").iterdir())


def test_a_revised_earlier_figure_needs_a_note(project):
    for n in (13, 14):
        assert runner.invoke(app, ["release", str(n), "--project", str(project)]).exit_code == 0
    # Monitor 15 now says Amsterdam admitted 1040 by February, where release 14 said 1037.
    _edit(project / "monitors/15/totaaloverzicht.csv", ",1011,1037,1062,", ",1011,1040,1062,")
    before = snapshot(project)
    result = runner.invoke(app, ["release", "15", "--project", str(project)])
    assert result.exit_code == 2
    assert result.output == (
        "Error: monitor 15 was not released: 1 finding(s) block it.\n"
        "  [error] revision-unexplained (Amsterdam, monitor 14): 2 (Amsterdam, monitor 14): "
        "gepubliceerd 1037, nu 1040, zonder toelichting.\n"
        "Revised figures need a note in monitors/15/monitor.yaml under notes, e.g.\n"
        "  notes:\n"
        "  - text: <why these figures changed>\n"
        "    covers: [14/GM0363/2]\n"
    )
    assert snapshot(project) == before
    _edit(
        project / "monitors/15/monitor.yaml",
        "notes: []",
        "notes:\n- text: Amsterdam heeft de toelatingen tot en met januari gecorrigeerd.\n"
        "  covers: [14/GM0363/2]",
    )
    result = runner.invoke(app, ["release", "15", "--project", str(project)])
    assert result.exit_code == 0, result.output
    package = read_package(project / "datapackage/15")
    obs = package.observations.set_index(["monitor", "municipality_code", "indicator"])
    assert bool(obs.loc[(14, "GM0363", "2"), "revised"]) is True
    assert int(obs.loc[(14, "GM0363", "2"), "published_value"]) == 1037
    assert int(obs.loc[(14, "GM0363", "2"), "value"]) == 1040
    assert int(obs["revised"].sum()) == 1
    findings = package.findings.set_index("id")
    revision = findings.loc["revision/14/GM0363/2"]
    assert revision["message"] == (
        "2 (Amsterdam, monitor 14): gepubliceerd 1037, nu 1040. Amsterdam heeft de "
        "toelatingen tot en met januari gecorrigeerd."
    )
    assert validate_package(project / "datapackage/15/datapackage.json") == []


def test_findings_are_published_in_the_package_and_on_the_site(released):
    package = read_package(released / "datapackage/15")
    assert len(package.findings) == 76
    assert set(package.findings["rule"]) <= set(package.rules["code"])
    quality = (released / "site/15/datakwaliteit/index.html").read_text()
    assert "9 is 256, maar 9.1 + 9.2 + 9.3 + 9.4 is 266 (verschil −10)." in quality
    groningen = (released / "site/15/gemeenten/groningen/index.html").read_text()
    assert "9 is 256, maar 9.1 + 9.2 + 9.3 + 9.4 is 266" in groningen
    method = (released / "site/15/methode/index.html").read_text()
    for code in package.rules["code"]:
        assert f'id="{code}"' in method, code
    # The narrative's disagreements with the table: on the data-quality page; the home page
    # says how many there are, in one sentence (issue 20).
    assert "noemt 998; uit de tabel volgt 990" in quality
    home = (released / "site/15/index.html").read_text()
    assert "noemt 998" not in home and "De tekst van de\nmonitor wijkt daar op 11" in home
