"""Lint, format and type checks run as part of the test suite, so CI runs them too."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

BIN = Path(sys.executable).parent


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "lvv_publish", "tests", "benchmarks"],
        ["ruff", "format", "--check", "lvv_publish", "tests", "benchmarks"],
        ["mypy"],
        ["lint-imports", "--no-logo", "--no-cache"],
        ["python", "scripts/check-sizes.py"],
    ],
    ids=["ruff-check", "ruff-format", "mypy", "layers", "sizes"],
)
def test_code_quality(command):
    result = subprocess.run(
        [str(BIN / command[0]), *command[1:]], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
