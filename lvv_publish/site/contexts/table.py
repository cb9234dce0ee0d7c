"""The table builder (``tabel.md``, at ``/<N>/tabel/``): a table of any indicators,
municipalities (the national total ``NL01`` included) and monitors of the long series, made
in the browser from ``tabel/reeksen.js`` (``tabledata.py``) by ``assets/lvv-table.js``."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ...package import PublishedPackage
from .release import ReleaseInfo
from .tabledata import series_script

# The data script, beside the page (``tabel/index.html``): a script, not JSON, because
# ``fetch`` reads nothing from ``file://``.
TABLE_DATA = "tabel/reeksen.js"


@dataclass(frozen=True)
class TableContext:
    """Context of ``table.md.j2`` (Tabel maken).

    ``release``: the release; ``indicator_count``, ``municipality_count`` (``NL01``
    included) and ``monitor_count``: how many the series of this version holds; ``example``:
    the query string of an example selection (the first two indicators and municipalities,
    every monitor), built from codes.
    """

    release: ReleaseInfo
    indicator_count: int
    municipality_count: int
    monitor_count: int
    example: str


def table_page(
    series: pd.DataFrame, package: PublishedPackage, info: ReleaseInfo
) -> tuple[TableContext, str]:
    """The page's context and the text of its data script (``TABLE_DATA``)."""
    indicators = list(dict.fromkeys(series["indicator"].astype(str).tolist()))
    municipalities = list(dict.fromkeys(series["municipality_code"].astype(str).tolist()))
    monitors = sorted({int(m) for m in series["monitor"]})
    example = "i={}&g={}&m={}".format(
        ",".join(indicators[:2]), ",".join(municipalities[:2]), ",".join(map(str, monitors))
    )
    ctx = TableContext(info, len(indicators), len(municipalities), len(monitors), example)
    return ctx, series_script(series, package, info.number)
