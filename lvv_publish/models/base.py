"""The base of every model: strict and frozen.

Every model refuses unknown keys (``extra="forbid"``): a misspelt field in a YAML file is an
error, not a silently ignored value.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

CODE_PATTERN = r"^\d+(\.\d+)*$"
MUNICIPALITY_CODE_PATTERN = r"^GM\d{4}$"


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
