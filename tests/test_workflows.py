"""The GitHub workflows: valid against the workflow schema, and doing what they say."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from .conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
BIN = Path(sys.executable).parent


def load(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text())
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as True
    return data


def steps(workflow: dict) -> list[dict]:
    return [s for job in workflow["jobs"].values() for s in job.get("steps", [])]


def test_workflows_match_the_github_workflow_schema():
    files = sorted(str(p) for p in WORKFLOWS.glob("*.yml"))
    assert len(files) == 2
    result = subprocess.run(
        [str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *files],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_tests_workflow_runs_the_readme_test_command_on_push():
    wf = load("tests.yml")
    assert "push" in wf["on"]
    runs = "\n".join(s.get("run", "") for s in steps(wf))
    readme = (ROOT / "README.md").read_text()
    assert ".venv/bin/python -m pytest" in runs
    assert ".venv/bin/python -m pytest" in readme
    assert "npm ci" in runs


def test_pages_workflow_builds_every_version_and_deploys_with_the_official_actions():
    wf = load("pages.yml")
    assert wf["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    uses = [s.get("uses", "") for s in steps(wf)]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    build_steps = wf["jobs"]["build"]["steps"]
    build = next(s for s in build_steps if "build --all" in s.get("run", ""))
    # The public address: the SITE_URL variable, else the Pages address of the repository,
    # which configure-pages reports (so it runs before the build).
    pages = next(s for s in build_steps if s.get("uses", "").startswith("actions/configure-pages@"))
    assert build_steps.index(pages) < build_steps.index(build)
    assert pages["id"] == "pages"
    assert build["env"]["LVV_SITE_URL"] == "${{ vars.SITE_URL || steps.pages.outputs.base_url }}"
    upload = next(s for s in steps(wf) if s.get("uses", "").startswith("actions/upload-pages"))
    assert upload["with"]["path"] == "site"
    assert wf["jobs"]["deploy"]["needs"] == "build"
