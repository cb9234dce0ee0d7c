"""Stage 5, publish: the release as named steps, all or nothing, under the project's lock.

``release`` (``steps.py``): check the monitor, stage its package, stage the site versions
and what the whole site shares (``rootfiles.py``, ``versions.py``), swap it all into place.
``build_all`` (``build.py``) brings every version's site up to date from what is published,
rebuilding only what changed (``stamps.py``). ``validate_release`` (``validation.py``) is the
check step on its own. One transaction module (``transaction.py``: staging, swap, recovery;
its journal in ``journal.py``, checked before it is acted on) and one lock (``lock.py``);
``corrections.py`` says what a correction changed, ``diff.py`` what releasing a monitor
would change (``diff_report.py`` writes it out); ``clock.py`` says when a version is
published; ``sitesize.py`` measures the whole site against its host's limits.
"""

import importlib
from typing import TYPE_CHECKING, Any

# The names below are imported when first used (PEP 562): `validate` needs only
# ``validation.py``, and importing ``build.py`` with it took half of `validate 15`
# (MkDocs, Jinja2 and the site's modules, 0.45 s; issue 22). The names are listed three times,
# for three readers: here, in the imports for mypy below and in ``__all__``;
# tests/publish/test_face.py holds the three to the same names and modules.
_WHERE = {
    "BuildResult": "build",
    "build_all": "build",
    "build_version": "build",
    "site_inputs": "build",
    "AMSTERDAM": "clock",
    "Clock": "clock",
    "publication_time": "clock",
    "PackageDiff": "corrections",
    "diff_packages": "corrections",
    "refusal": "corrections",
    "ReleaseDiff": "diff",
    "release_diff": "diff",
    "diff_markdown": "diff_report",
    "diff_text": "diff_report",
    "JOURNAL_NAME": "journal",
    "LOCK_NAME": "lock",
    "locked": "lock",
    "project_lock": "lock",
    "update_versions": "rootfiles",
    "SiteSize": "sitesize",
    "megabytes": "sitesize",
    "site_size": "sitesize",
    "STAMP_NAME": "stamps",
    "tool_digest": "stamps",
    "version_stamp": "stamps",
    "write_stamp": "stamps",
    "ReleaseResult": "steps",
    "check_release": "steps",
    "release": "steps",
    "release_package": "steps",
    "checkpoint": "transaction",
    "recover": "transaction",
    "published_cells": "validation",
    "validate_release": "validation",
    "resolve_site_url": "versions",
    "update_site_downloads": "versions",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:
    from .build import BuildResult, build_all, build_version, site_inputs
    from .clock import AMSTERDAM, Clock, publication_time
    from .corrections import PackageDiff, diff_packages, refusal
    from .diff import ReleaseDiff, release_diff
    from .diff_report import diff_markdown, diff_text
    from .journal import JOURNAL_NAME
    from .lock import LOCK_NAME, locked, project_lock
    from .rootfiles import update_versions
    from .sitesize import SiteSize, megabytes, site_size
    from .stamps import STAMP_NAME, tool_digest, version_stamp, write_stamp
    from .steps import ReleaseResult, check_release, release, release_package
    from .transaction import checkpoint, recover
    from .validation import published_cells, validate_release
    from .versions import resolve_site_url, update_site_downloads

__all__ = [
    "AMSTERDAM",
    "JOURNAL_NAME",
    "LOCK_NAME",
    "STAMP_NAME",
    "SiteSize",
    "BuildResult",
    "Clock",
    "PackageDiff",
    "ReleaseDiff",
    "ReleaseResult",
    "build_all",
    "build_version",
    "check_release",
    "checkpoint",
    "diff_markdown",
    "diff_packages",
    "diff_text",
    "locked",
    "megabytes",
    "project_lock",
    "publication_time",
    "published_cells",
    "recover",
    "refusal",
    "release",
    "release_diff",
    "release_package",
    "resolve_site_url",
    "site_inputs",
    "site_size",
    "tool_digest",
    "update_site_downloads",
    "update_versions",
    "validate_release",
    "version_stamp",
    "write_stamp",
]
