"""The real frictionless validator on a whole data package, importing nothing else of ours.

A release validates its new package while it builds the site: ``validation.py`` runs this
file as a script (by its path, so that the child process imports frictionless and none of
lvv-publish), which prints the error lines as a JSON list (empty: valid)::

    python lvv_publish/package/fdvalidate.py <datapackage.json>
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

# Only the standard library and frictionless: this file also runs as a script on its own.


def validate_package(descriptor_path: Path) -> list[str]:
    """Run the real frictionless validator on the whole package; return its error lines."""
    from frictionless import Package, system

    with system.use_context(trusted=False):
        package = Package(str(descriptor_path))
        report = package.validate()
    if report.valid:
        return []
    lines = [f"{e.type}: {e.message}" for e in report.errors]
    for task in report.tasks:
        for err in task.errors:
            lines.append(f"{task.name}: {err.type}: {err.message}")
    return lines


if __name__ == "__main__":
    print(json.dumps(validate_package(Path(sys.argv[1])), ensure_ascii=False))
