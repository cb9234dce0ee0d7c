"""Reading a chart spec's data as the site writes it (``vegalite.in_columns``): one row of
columns that a flatten step makes rows of, and repeated text as positions in a word list
that a ``calculate`` step turns back into the text."""

from __future__ import annotations

import json
import re
from pathlib import Path

# A page loads each chart's spec from the chart's script (vegalite.spec_script).
_LOADS = re.compile(r'<script src="([^"]*grafiek\.js)"></script>')
_SCRIPT = re.compile(
    r'\(self\.LVV_CHARTS=self\.LVV_CHARTS\|\|\{\}\)\[("(?:[^"\\]|\\.)*")\]=(.*);\n', re.S
)


def spec_script(text: str) -> tuple[str, str]:
    """The chart id and the spec's JSON text of a ``grafiek.js``; fails on anything else."""
    match = _SCRIPT.fullmatch(text)
    assert match, text[:200]
    return json.loads(match.group(1)).removeprefix("spec-"), match.group(2)


def page_specs(page: Path) -> list[tuple[str, str]]:
    """The charts an HTML page loads, in its order: (chart id, the spec's JSON text)."""
    return [
        spec_script((page.parent / src).read_text(encoding="utf-8"))
        for src in _LOADS.findall(page.read_text(encoding="utf-8"))
    ]


def columns(spec: dict) -> dict[str, list]:
    """The spec's columns as written: text that repeats as positions in its word list."""
    (rows,) = spec["datasets"][spec["data"]["name"]]
    flatten, *decode = spec["transform"]
    assert sorted(flatten["flatten"]) == sorted(rows)
    assert all(sorted(step) == ["as", "calculate"] for step in decode)
    return rows


def _step(spec: dict, field: str) -> dict:
    (step,) = [t for t in spec["transform"][1:] if t.get("as") == field]
    return step


def words(spec: dict, field: str) -> list:
    """The list of distinct texts that ``field``'s positions point into."""
    expression = _step(spec, field)["calculate"]
    assert expression.endswith(f"[datum[{json.dumps(field)}]]")
    return json.loads(expression[: expression.rindex("[datum[")])


def set_words(spec: dict, field: str, new: list) -> None:
    _step(spec, field)["calculate"] = f"{json.dumps(new)}[datum[{json.dumps(field)}]]"


def decoded(spec: dict) -> dict[str, list]:
    """The columns with their text back in place of positions."""
    result = dict(columns(spec))
    for step in spec["transform"][1:]:
        field = step["as"]
        result[field] = [words(spec, field)[i] for i in result[field]]
    return result
