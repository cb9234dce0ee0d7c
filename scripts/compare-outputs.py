"""Do two versions of lvv-publish publish the same bytes? Compares the bundled release.

    python scripts/compare-outputs.py [REF]      (default REF: HEAD; run from the repository)

Builds the bundled project twice, each in a folder of its own: once with the code of git
``REF`` (exported with ``git archive``) and once with the working tree. Each side uses its
own ``monitors/``, ``registry/`` and ``datapackage/``, runs ``validate N --format json`` for
every bundled monitor, ``release 15`` and then ``build --all --site-url …`` (so that the
catalogue, feed and sitemaps are made too), with the template cache off and one
``SOURCE_DATE_EPOCH`` (the time a new version records). Then it compares the
sha256 of every file under ``datapackage/`` and ``site/`` and of each validation report, and
prints the files that differ, are missing or are new. Exit code 0 when both
trees are byte-identical, 1 otherwise.

The build stamps (``.lvv-build.json``, ``.lvv-releases.json``) hold a digest of the tool's
own code, so that a new version of lvv-publish rebuilds what it would write differently: they
differ whenever the code does. They are compared without that digest (``inputs``, ``tool``)
and reported apart.

Both sides run with the Python of this virtual environment (the same dependencies); the
``REF`` side imports its own ``lvv_publish`` through ``PYTHONPATH``, with its
``site_templates/`` copied in as the wheel installs them.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PROJECT_FOLDERS = ("monitors", "registry", "datapackage")
SITE_URL = "https://example.org/lvv-monitor/"
STAMPS = (".lvv-build.json", ".lvv-releases.json")
TOOL_KEYS = ("inputs", "tool")


def export(ref: str, into: Path) -> Path:
    """The tree of ``ref`` in ``into/code``, with site_templates inside the package."""
    data = subprocess.run(
        ["git", "-C", str(REPO), "archive", "--format=tar", ref],
        check=True,
        capture_output=True,
    ).stdout
    code = into / "code"
    with tarfile.open(fileobj=BytesIO(data)) as tar:
        tar.extractall(code, filter="data")
    shutil.copytree(code / "site_templates", code / "lvv_publish" / "site_templates")
    return code


def build(code: Path, out: Path) -> Path:
    """Release the bundled monitor with the package in ``code``; the project folder."""
    project = out / "project"
    project.mkdir(parents=True)
    for name in PROJECT_FOLDERS:
        shutil.copytree(code / name, project / name)
    env = {
        **os.environ,
        "PYTHONPATH": str(code),
        "LVV_PUBLISH_CACHE": "off",
        "LVV_SITE_URL": "",
        "TZ": "UTC",
        # Any version that either side publishes anew is published at the same time (the
        # time is recorded in its datapackage.json).
        "SOURCE_DATE_EPOCH": "1795352592",
    }
    reports = project / "validate"
    reports.mkdir()
    for number in sorted(int(p.name) for p in (project / "monitors").iterdir() if p.is_dir()):
        report = subprocess.run(
            [sys.executable, "-m", "lvv_publish", "validate", str(number), "--format", "json"]
            + ["--project", str(project)],
            env=env,
            cwd=out,
            capture_output=True,
        )
        (reports / f"{number}.json").write_bytes(report.stdout + report.stderr)
    for args in (
        ["release", "15"],
        ["build", "--all", "--site-url", SITE_URL],
    ):
        subprocess.run(
            [sys.executable, "-m", "lvv_publish", *args, "--project", str(project)],
            check=True,
            env=env,
            cwd=out,
            stdout=subprocess.DEVNULL,
        )
    return project


def digests(project: Path) -> tuple[dict[str, str], dict[str, str]]:
    """sha256 of every file; and of every build stamp, without the tool's digest."""
    files, stamps = {}, {}
    for top in ("validate", "datapackage", "site"):
        for path in sorted((project / top).rglob("*")):
            if not path.is_file():
                continue
            data = path.read_bytes()
            rel = str(path.relative_to(project))
            files[rel] = hashlib.sha256(data).hexdigest()
            if path.name in STAMPS:
                content = {k: v for k, v in json.loads(data).items() if k not in TOOL_KEYS}
                stamps[rel] = hashlib.sha256(json.dumps(content).encode()).hexdigest()
    return files, stamps


def _not_code(folder: str, names: list[str]) -> list[str]:
    """Tools, caches and the built site: the top-level site/ only, not lvv_publish/site/."""
    skip = [n for n in names if n in (".git", ".venv", "node_modules") or n.endswith(".pyc")]
    return skip + (["site"] if Path(folder) == REPO and "site" in names else [])


def main() -> int:
    ref = sys.argv[1] if len(sys.argv) > 1 else "HEAD"
    # LVV_COMPARE_KEEP=1 keeps both builds (and prints where) to look at what differs.
    keep = os.environ.get("LVV_COMPARE_KEEP") == "1"
    root = Path(tempfile.mkdtemp(prefix="lvv-compare-"))
    if keep:
        print(f"builds kept in {root}")
    try:
        before, before_stamps = digests(build(export(ref, root / "ref"), root / "ref"))
        after_code = root / "tree" / "code"
        shutil.copytree(REPO, after_code, ignore=_not_code)
        shutil.copytree(
            after_code / "site_templates", after_code / "lvv_publish" / "site_templates"
        )
        after, after_stamps = digests(build(after_code, root / "tree"))
    finally:
        if not keep:
            shutil.rmtree(root, ignore_errors=True)
    common = set(before) & set(after)
    stamps = sorted(p for p in common if p in before_stamps and before[p] != after[p])
    differ = sorted(
        p
        for p in common
        if before[p] != after[p] and (p not in before_stamps or before_stamps[p] != after_stamps[p])
    )
    missing = sorted(set(before) - set(after))
    new = sorted(set(after) - set(before))
    for label, paths in (("differs", differ), ("missing", missing), ("new", new)):
        for p in paths:
            print(f"{label}: {p}")
    print(
        f"{len(before)} files with {ref}, {len(after)} with the working tree: "
        f"{len(differ)} differ, {len(missing)} missing, {len(new)} new; "
        f"{len(stamps)} build stamps differ only in the tool's digest."
    )
    return 0 if not (differ or missing or new) else 1


if __name__ == "__main__":
    sys.exit(main())
