"""A chart alone on a page (``grafieken/<id>/index.html``), for an iframe on another site."""

from __future__ import annotations

from dataclasses import dataclass

from ..vegalite import Chart
from .release import ReleaseInfo


@dataclass(frozen=True)
class ChartPageContext:
    """Context of ``chart.html.j2``: one chart alone on a page, for an iframe on another site.

    ``release``: the release; ``chart``: the chart; ``page``: the site page that shows the
    chart, relative to the chart's page; ``page_title``: that page's title.
    """

    release: ReleaseInfo
    chart: Chart
    page: str
    page_title: str
