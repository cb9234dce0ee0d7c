"""The GitHub workflows: valid against the workflow schema, and doing what they say."""

from __future__ import annotations

import re
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


def lint_workflows(folder: Path) -> None:
    """actionlint with no error and zizmor with no high finding, offline, on every
    workflow file of ``folder``: actions that run on today's GitHub (no retired Node
    runtime), pinned by commit, without persisted credentials, least permissions."""
    files = sorted(str(p) for p in folder.glob("*.yml"))
    assert files, folder
    lint = subprocess.run([str(BIN / "actionlint"), *files], capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    audit = subprocess.run(
        [str(BIN / "zizmor"), "--offline", "--min-severity", "high", str(folder)],
        capture_output=True,
        text=True,
    )
    assert audit.returncode == 0, audit.stdout + audit.stderr


def test_this_repositorys_workflows_pass_actionlint_and_zizmor():
    lint_workflows(WORKFLOWS)


def test_every_action_is_pinned_by_commit_with_its_release_in_a_comment():
    for path in WORKFLOWS.glob("*.yml"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if "uses:" in line:
                assert re.search(r"uses: [\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$", line), line


def test_every_job_asks_only_for_its_own_permissions():
    for name in ("tests.yml", "pages.yml"):
        wf = load(name)
        assert wf["permissions"] == {}, name
        for job in wf["jobs"].values():
            assert "permissions" in job, name
            for step in job.get("steps", []):
                if step.get("uses", "").startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is False


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
    assert wf["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert wf["jobs"]["build"]["permissions"] == {"contents": "read", "pages": "read"}
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
