"""The named national figures of the site: ``lvv_publish/data/figures.yaml``, each a formula
of the one expression language evaluated over the package, so that the formula shown beside a
figure (on the home page, the method page) is the one that computed it."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from typing import Literal

import pandas as pd
import yaml
from pydantic import Field, StrictStr, ValidationError, model_validator

from ..checks import Node, Place, parse, show
from ..errors import LvvError
from ..models import StrictModel
from ..resources import data_dir, yaml_data
from .figures import PackageTable, Ratio, Total, evaluate


class FigureSpec(StrictModel):
    """A named national figure of ``lvv_publish/data/figures.yaml``."""

    name: StrictStr = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: StrictStr
    formula: StrictStr
    unit: Literal["count", "percent"] = "count"
    at: Literal["previous"] | None = None
    note: StrictStr | None = None

    @model_validator(mode="after")
    def _a_share_is_a_division(self) -> FigureSpec:
        if (self.unit == "percent") != (parse(self.formula).op == "/"):
            raise ValueError(f"{self.name}: a percent is a formula a / b, and only that")
        return self

    @property
    def node(self) -> Node:
        return _parsed(self.formula)


@cache
def _parsed(text: str) -> Node:
    return parse(text)


class FigureList(StrictModel):
    figures: tuple[FigureSpec, ...]


def load_figures() -> tuple[FigureSpec, ...]:
    path = data_dir() / "figures.yaml"
    try:
        specs = FigureList.model_validate(yaml_data(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValidationError, ValueError) as exc:
        raise LvvError(f"{path}: the national figures are not valid:\n{exc}") from exc
    names = [s.name for s in specs.figures]
    if len(names) != len(set(names)):
        raise LvvError(f"{path}: a figure's name is used twice.")
    return specs.figures


FIGURES = load_figures()


@dataclass(frozen=True)
class NationalFigure:
    """A national figure with a stable name, used by the site and the narrative check.

    ``unit`` is ``count`` (value is a Total) or ``percent`` (value is a Ratio, shown × 100).
    ``formula`` is its formula as people read it (``checks.show``), the one that computed it.
    """

    name: str
    label: str
    formula: str
    unit: str
    value: Total | Ratio

    @property
    def number(self) -> float | None:
        """The figure as the text would state it: a count, or a percentage (× 100)."""
        v = self.value.value
        if v is None:
            return None
        return v * 100 if self.unit == "percent" else v


def national_figures(
    observations: pd.DataFrame,
    municipalities: pd.DataFrame,
    monitors: tuple[int, ...],
    only: Collection[str] | None = None,
) -> dict[str, NationalFigure]:
    """Every named national figure of the last of ``monitors`` (or those named in ``only``),
    in the order of figures.yaml; a figure that needs a monitor the release does not carry
    is left out."""
    table = PackageTable(observations, municipalities)
    out: dict[str, NationalFigure] = {}
    for spec in FIGURES:
        if only is not None and spec.name not in only:
            continue
        at = monitors[-2] if spec.at == "previous" and len(monitors) > 1 else monitors[-1]
        if spec.at == "previous" and len(monitors) < 2:
            continue
        place = Place(at, monitors)
        if not place.reaches(spec.node):
            continue
        text = show(spec.node, place)
        if spec.at:
            text += f" (monitor {at})"
        if spec.note:
            text += f" ({spec.note})"
        value = evaluate(spec.node, table, place)
        out[spec.name] = NationalFigure(spec.name, spec.label, text, spec.unit, value)
    return out
