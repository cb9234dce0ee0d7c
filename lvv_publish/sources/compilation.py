"""What the Totaaloverzicht of a compiled monitor holds, derived from its inputs.

``lvv-publish compile N`` writes it and ``validate`` compares the table with it: the
monitor's own period as the municipalities' input sheets deliver it (an empty cell, a
missing sheet or a sheet that cannot be used stays unknown), the earlier periods as they were
last published, and the overrides of ``monitor.yaml`` on top. Values are written as
delivered: a satellite's capacity stays in its own column, and the national figures count it
under its location (``capacity_included_in``), as the monitor's own table does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..models import MonitorMeta, Registry
from .input_sheets import InputSheet
from .observations import Cells


def compiled_cells(
    meta: MonitorMeta,
    registry: Registry,
    sheets: Sequence[InputSheet],
    published: Mapping[int, Mapping[tuple[int, str, str], int | None]],
    *,
    overrides: bool = True,
) -> Cells:
    """Every figure of the table of ``meta``: per period, municipality in the LVV then, and
    indicator. ``published``: per earlier monitor its most recently published cells.
    ``overrides``: apply those of ``monitor.yaml`` (False: what the sources alone give)."""
    usable = {s.municipality_code: s for s in sheets if s.usable}
    out: Cells = {}
    for period in meta.periods:
        earlier = published.get(period.monitor, {})
        for municipality in registry.municipalities_in(period.monitor):
            sheet = usable.get(municipality.code)
            for indicator in registry.indicators:
                key = (period.monitor, municipality.code, indicator.code)
                if period.monitor != meta.number:
                    out[key] = earlier.get(key)
                    continue
                row = sheet.rows.get(indicator.code) if sheet is not None else None
                out[key] = row.value if row is not None else None
    if overrides:
        for o in meta.overrides:
            out[o.key] = o.value
    return out
