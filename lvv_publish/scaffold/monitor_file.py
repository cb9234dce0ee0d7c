"""The text of a new ``monitor.yaml``: its fields written by ``yaml.safe_dump``, with the
comments of ``data/monitor-yaml-comments.yaml`` above them.

Never by filling values into a YAML template: a period label or a municipality name holding
a quote, a line break or a ``!!python`` tag would become YAML syntax. Each field is dumped on
its own (in the order of the models), and the comments are fixed text; the only value in a
comment is a municipality's name, folded to one line.
"""

from __future__ import annotations

from typing import Any

import yaml

from ..models import Municipality
from ..resources import data_dir, yaml_data


def _comment(text: str, number: int) -> str:
    return "".join(
        f"# {line}".rstrip() + "\n" for line in text.replace("{number}", str(number)).splitlines()
    )


def _dump(key: str, value: Any) -> str:
    return yaml.safe_dump(
        {key: value}, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False
    )


def monitor_yaml(fields: dict[str, Any], active: list[Municipality]) -> str:
    """``fields`` in the order they are written; ``active`` names the input sheets' owners."""
    comments = yaml_data((data_dir() / "monitor-yaml-comments.yaml").read_text("utf-8"))
    number = int(fields["number"])
    parts = [_comment(comments["head"], number)]
    for key, value in fields.items():
        if key in comments["fields"]:
            parts.append(_comment(comments["fields"][key], number))
        if key == "input_sheets":
            # Which sheet is whose, for the office; one line each, whatever the name holds.
            names = "".join(f"  {m.code}: {' '.join(m.name.split())}\n" for m in active)
            parts.append(_comment(f"By municipality:\n{names}".rstrip(), number))
        parts.append(_dump(key, value))
    return "".join(parts)
