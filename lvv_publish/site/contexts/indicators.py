"""The definitions page (``indicatoren.md``): every indicator with its definition."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from ...package import PublishedPackage
from .indicator import page_path
from .release import ReleaseInfo, anchor


@dataclass(frozen=True)
class IndicatorDefinition:
    code: str
    name: str
    kind: str
    kind_note: str | None
    parent: str | None
    children: list[str]
    children_add_up: bool | None
    sum_of: list[str]
    unit: str
    unit_note: str | None
    definition: str | None
    definition_note: str | None
    label_variants: list[str]
    anchor: str
    # its page over time (``indicator.page_path``)
    page: str


@dataclass(frozen=True)
class IndicatorsContext:
    """Context of ``indicators.md.j2``: ``release``, and ``indicators``, every indicator with
    its definition."""

    release: ReleaseInfo
    indicators: list[IndicatorDefinition]


def indicators_context(package: PublishedPackage, info: ReleaseInfo) -> IndicatorsContext:
    inds = package.indicators

    def opt(v: Any) -> Any:
        return None if pd.isna(v) else v

    defs = []
    for _, ind in inds.iterrows():
        code = str(ind["code"])
        defs.append(
            IndicatorDefinition(
                code=code,
                name=str(ind["name"]),
                kind=str(ind["kind"]),
                kind_note=opt(ind["kind_note"]),
                parent=opt(ind["parent"]),
                children=[str(c) for c in inds.loc[inds["parent"] == code, "code"]],
                children_add_up=(
                    None if pd.isna(ind["children_add_up"]) else bool(ind["children_add_up"])
                ),
                sum_of=str(ind["sum_of"]).split("; ") if opt(ind["sum_of"]) else [],
                unit=str(ind["unit"]),
                # packages published before unit_note existed have no such column
                unit_note=opt(ind.get("unit_note")),
                definition=opt(ind["definition"]),
                definition_note=opt(ind["definition_note"]),
                label_variants=(
                    str(ind["label_variants"]).split(" | ") if opt(ind["label_variants"]) else []
                ),
                anchor=anchor(code),
                page=page_path(code),
            )
        )
    return IndicatorsContext(release=info, indicators=defs)
