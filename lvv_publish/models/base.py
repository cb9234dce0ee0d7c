"""The base of every model: strict and frozen.

Every model refuses unknown keys (``extra="forbid"``): a misspelt field in a YAML file is an
error, not a silently ignored value.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

# ASCII digits only, written out: ``\d`` also matches other scripts' digits (``١٤``, and
# ``²`` for ``str.isdigit``), which ``int()`` then reads as 14 or refuses with a traceback.
CODE_PATTERN = r"^[0-9]+(\.[0-9]+)*$"
MUNICIPALITY_CODE_PATTERN = r"^GM[0-9]{4}$"
_MONITOR_NUMBER = re.compile(r"[1-9][0-9]*")


def monitor_number(name: str) -> int | None:
    """The monitor a folder (``monitors/15``, ``datapackage/15``) is of, or None for a folder
    that is not a monitor's: only ``1``, ``2``, … in ASCII digits (not ``015``, ``²``, ``١٤``)."""
    return int(name) if _MONITOR_NUMBER.fullmatch(name) else None


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
