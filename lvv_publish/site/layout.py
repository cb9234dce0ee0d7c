"""What the pages show, as data: ``lvv_publish/data/pages.yaml`` loaded into strict models.

Which national figures the home page opens with and lists, which indicators a municipality's
charts and the municipality index show, the columns of the national overview's tables and the
developments the text written from the data reports. The code lays these out; no indicator
code is typed into it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import yaml
from pydantic import ConfigDict, Field, StrictBool, StrictInt, StrictStr, ValidationError

from ..checks import Node, parse
from ..errors import LvvError
from ..models import CODE_PATTERN, StrictModel
from ..resources import data_dir, yaml_data

Code = StrictStr


class KeyFigure(StrictModel):
    figure: StrictStr
    label: StrictStr
    decimals: StrictInt = Field(ge=0)


class HomeChart(StrictModel):
    """The chart under the home page's headline figures: national figures over every
    published monitor, a line each."""

    id: StrictStr = Field(pattern=r"^[a-z][a-z-]*$")
    title: StrictStr
    figures: tuple[StrictStr, ...] = Field(min_length=1)
    what: StrictStr


class OutflowCategory(StrictModel):
    code: Code = Field(pattern=CODE_PATTERN)
    label: StrictStr
    count: StrictStr
    share: StrictStr


class Outflow(StrictModel):
    total: Code = Field(pattern=CODE_PATTERN)
    categories: tuple[OutflowCategory, ...]


class LocationFigures(StrictModel):
    """The figures per LVV location besides its capacity and running trajecten."""

    admitted: Code = Field(pattern=CODE_PATTERN)
    admitted_period: Code = Field(pattern=CODE_PATTERN)
    outflow: Code = Field(pattern=CODE_PATTERN)


class IndexColumn(StrictModel):
    code: Code = Field(pattern=CODE_PATTERN)
    label: StrictStr


class TrendChart(StrictModel):
    id: StrictStr = Field(pattern=r"^[a-z][a-z-]*$")
    title: StrictStr
    codes: tuple[Code, ...] = Field(min_length=1)
    what: StrictStr


class TableColumn(StrictModel):
    """A column of a table of formulas (``formula_tables.py``): ``formula`` per municipality
    (per LVV location with ``location``), shown as ``satellite`` for a satellite location
    where that is set ({location}: its location's name)."""

    header: StrictStr
    formula: StrictStr
    location: StrictBool = False
    satellite: StrictStr | None = None

    @property
    def node(self) -> Node:
        return formula(self.formula)

    @property
    def unit(self) -> str:
        return "percent" if self.node.op == "/" else "number"


class Reasons(StrictModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    children_of: tuple[Code, ...]
    also: tuple[Code, ...] = Field(default=(), alias="and")


class Hasa(StrictModel):
    filed: Code = Field(pattern=CODE_PATTERN)
    results: tuple[Code, ...]
    granted_of_decided: StrictStr


class Overview(StrictModel):
    locations: tuple[TableColumn, ...]
    perspective: tuple[TableColumn, ...]
    reasons: Reasons
    hasa: Hasa
    semi_durable: Code = Field(pattern=CODE_PATTERN)


class Development(StrictModel):
    figure: StrictStr
    what: StrictStr


class Narrative(StrictModel):
    developments: tuple[Development, ...]
    outflow_period: StrictStr


class Layout(StrictModel):
    headlines: tuple[KeyFigure, ...] = Field(min_length=1)
    home_chart: HomeChart
    key_figures: tuple[KeyFigure, ...]
    outflow: Outflow
    locations: LocationFigures
    municipality_index: tuple[IndexColumn, ...]
    municipality_charts: tuple[TrendChart, ...]
    overview: Overview
    narrative: Narrative


def _formulas(layout: Layout) -> list[str]:
    columns = (*layout.overview.locations, *layout.overview.perspective)
    return [
        *(c.formula for c in columns),
        layout.overview.hasa.granted_of_decided,
        layout.narrative.outflow_period,
    ]


def load_layout() -> Layout:
    """Read and check ``pages.yaml`` (its formulas parse, its figures exist)."""
    path = data_dir() / "pages.yaml"
    try:
        data: Any = yaml_data(path.read_text(encoding="utf-8"))
        layout = Layout.model_validate(data)
        for text in _formulas(layout):
            formula(text)
    except (OSError, yaml.YAMLError, ValidationError, ValueError) as exc:
        raise LvvError(f"{path}: the layout of the pages is not valid:\n{exc}") from exc
    return layout


@cache
def formula(text: str) -> Node:
    """A formula, parsed once."""
    return parse(text)


LAYOUT = load_layout()
