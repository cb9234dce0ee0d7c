"""The corpus of bad input (tests/corpus/): every case is refused with one clear line.

Each case is applied to a copy of a small published project (monitors 13 and 14 released,
monitor 15 ready to release) and run through the real CLI in-process. A refused case must
exit non-zero, print a message holding its ``expected.txt`` (file, place and fix), show no
traceback, and leave every file under datapackage/ and site/ byte-identical. An accepted
case (``expect: accepted``) must be read exactly like the unchanged input.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from lvv_publish.cli import app
from lvv_publish.publish import build_all
from lvv_publish.sources import Project, load_release

from .conftest import ROOT
from .corpus import generate
from .test_cli import snapshot

CORPUS = Path(__file__).resolve().parent / "corpus"
CASES = sorted(p for p in (CORPUS / "cases").iterdir() if (p / "case.yaml").is_file())
runner = CliRunner()


@pytest.fixture(scope="session")
def corpus_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Monitors 13-15 with 13 and 14 published (packages and site): built once."""
    root = tmp_path_factory.mktemp("corpus-base") / "project"
    shutil.copytree(ROOT / "monitors", root / "monitors")
    shutil.copytree(ROOT / "registry", root / "registry")
    for n in (13, 14):
        shutil.copytree(ROOT / "datapackage" / str(n), root / "datapackage" / str(n))
    build_all(Project(root))
    return root


def apply_case(case: Path, base: Path, dest: Path) -> tuple[Path, dict]:
    spec = yaml.safe_load((case / "case.yaml").read_text(encoding="utf-8"))
    root = dest / "project"
    shutil.copytree(base, root, symlinks=True)
    overlay = case / "files"
    if overlay.is_dir():
        shutil.copytree(overlay, root, dirs_exist_ok=True)
    for edit in spec.get("edits", []):
        path = root / edit["file"]
        text = path.read_text(encoding="utf-8")
        # An edit that matches nothing would turn the case into a silent no-op.
        assert text.count(edit["old"]) == 1, f"{case.name}: {edit['old']!r} not found once"
        path.write_text(text.replace(edit["old"], edit["new"]), encoding="utf-8")
    for step in spec.get("make", []):
        args = dict(step)
        getattr(generate, args.pop("fn"))(root, **args)
    return root, spec


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_corpus_case(case: Path, corpus_base: Path, tmp_path: Path) -> None:
    root, spec = apply_case(case, corpus_base, tmp_path)
    expected = (case / "expected.txt").read_text(encoding="utf-8").strip()
    before = snapshot(root)
    if spec.get("expect", "refused") == "accepted":
        result = runner.invoke(app, ["validate", "15", "--project", str(root)], env=spec.get("env"))
        assert result.exit_code == 0, result.output
        got = load_release(Project(root), 15).observations
        want = load_release(Project(corpus_base), 15).observations
        assert got.equals(want)
        return
    args = [a.replace("{project}", str(root)) for a in spec.get("run", ["release", "15"])]
    if "--project" not in args:
        args += ["--project", str(root)]
    result = runner.invoke(app, args, env=spec.get("env"))
    assert result.exit_code != 0, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert expected and expected in result.output, result.output
    if spec.get("lines", 1) == 1:
        assert result.output.count("\n") == 1 and result.output.startswith("Error: "), result.output
    assert snapshot(root) == before


def test_debug_shows_the_traceback(corpus_base: Path, tmp_path: Path) -> None:
    root, _ = apply_case(CORPUS / "cases" / "text-nvt", corpus_base, tmp_path)
    result = runner.invoke(app, ["release", "15", "--project", str(root), "--debug"])
    assert result.exit_code == 1
    assert "Traceback (most recent call last)" in result.output
    assert "'n.v.t.' is not a whole number" in result.output


def test_corpus_is_large_and_documented() -> None:
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    refused = [c for c in CASES if "expect: accepted" not in (c / "case.yaml").read_text()]
    assert len(refused) >= 45
    for case in CASES:
        assert f"`{case.name}`" in readme, f"{case.name} is not listed in tests/corpus/README.md"
