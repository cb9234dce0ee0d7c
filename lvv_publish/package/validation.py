"""Validate a package with frictionless in a process of its own, beside the site build."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from ..errors import LvvError
from . import fdvalidate
from .fdvalidate import validate_package


class BackgroundValidation:
    """``validate_package`` in a process of its own, started as soon as a package is written,
    so that frictionless validates it on a second core while the site is built (a tenth of a
    release on the bundled monitor, issue 11). ``errors()`` waits for the result; on a
    machine with one core it validates right there instead.

    A plain child process (``fdvalidate.py`` run as a script) rather than a worker pool: it
    validates once and exits, also when this process is killed half-way, and it holds none
    of this process's files or pipes. ``-P``: the script's folder is not put on the import
    path, where our ``tables.py`` would hide PyTables from pandas.
    """

    def __init__(self, descriptor_path: Path) -> None:
        self.path = descriptor_path
        self._proc: subprocess.Popen[bytes] | None = None
        if (os.cpu_count() or 1) > 1:
            self._proc = subprocess.Popen(
                [sys.executable, "-P", fdvalidate.__file__, str(descriptor_path)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )

    def errors(self) -> list[str]:
        """The validator's error lines (none: valid); waits for the child process."""
        if self._proc is None:
            return validate_package(self.path)
        out, err = self._proc.communicate()
        if self._proc.returncode != 0:
            detail = err.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
            raise LvvError(
                f"the frictionless validation of {self.path} stopped (exit "
                f"{self._proc.returncode}): {detail[0]}"
            )
        return [str(line) for line in json.loads(out)]

    def cancel(self) -> None:
        """Stop it: the package is not published."""
        if self._proc is not None and self._proc.poll() is None:
            self._proc.kill()
            self._proc.communicate()
