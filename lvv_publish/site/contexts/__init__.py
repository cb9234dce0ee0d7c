"""One documented context dataclass per page of the site, computed from a release's package.

Templates in ``site_templates/`` only lay these out: every figure on a page comes from here.
``PAGE_CONTEXTS`` names the context of every page template; a test renders each and checks
that a template uses only the documented fields of its context.
"""

from .changelog import ChangelogContext, changelog_context
from .chart import ChartPageContext
from .compare import (
    CompareContext,
    CompareRow,
    compare_context,
    comparison_pairs,
    movers,
    pair_path,
)
from .downloads import DownloadsContext, downloads_context, kilobytes
from .guide import GuideContext, guide_context
from .home import HomeContext, home_context
from .indicator import (
    IndicatorContext,
    IndicatorIndexContext,
    indicator_pages,
)
from .indicator import page_path as indicator_path
from .indicators import IndicatorsContext, indicators_context
from .municipality import (
    MunicipalitiesContext,
    MunicipalityContext,
    municipality_charts,
    municipality_contexts,
    municipality_index,
)
from .narrative import NarrativeContext, narrative_context
from .overview import OverviewContext, overview_context
from .pages import NoComparisonContext
from .quality import MethodContext, QualityContext, quality_context
from .release import (
    SEVERITY_LABELS,
    FindingView,
    MunicipalityLink,
    ReleaseInfo,
    anchor,
    finding_views,
    municipality_links,
    release_info,
    rule_views,
)
from .table import TABLE_DATA, TableContext, table_page

# Every page template and the context it is rendered with (as ``ctx``).
PAGE_CONTEXTS: dict[str, type] = {
    "home.md.j2": HomeContext,
    "overview.md.j2": OverviewContext,
    "narrative.md.j2": NarrativeContext,
    "guide.md.j2": GuideContext,
    "indicators.md.j2": IndicatorsContext,
    "indicator.md.j2": IndicatorContext,
    "indicator_index.md.j2": IndicatorIndexContext,
    "downloads.md.j2": DownloadsContext,
    "quality.md.j2": QualityContext,
    "method.md.j2": MethodContext,
    "changelog.md.j2": ChangelogContext,
    "compare.md.j2": CompareContext,
    "compare_none.md.j2": NoComparisonContext,
    "municipalities.md.j2": MunicipalitiesContext,
    "municipality.md.j2": MunicipalityContext,
    "chart.html.j2": ChartPageContext,
    "table.md.j2": TableContext,
}

__all__ = [
    "PAGE_CONTEXTS",
    "SEVERITY_LABELS",
    "TABLE_DATA",
    "ChangelogContext",
    "ChartPageContext",
    "CompareContext",
    "CompareRow",
    "DownloadsContext",
    "FindingView",
    "GuideContext",
    "HomeContext",
    "IndicatorContext",
    "IndicatorIndexContext",
    "IndicatorsContext",
    "MethodContext",
    "MunicipalitiesContext",
    "MunicipalityContext",
    "MunicipalityLink",
    "NarrativeContext",
    "NoComparisonContext",
    "OverviewContext",
    "QualityContext",
    "ReleaseInfo",
    "TableContext",
    "anchor",
    "changelog_context",
    "compare_context",
    "comparison_pairs",
    "downloads_context",
    "finding_views",
    "guide_context",
    "home_context",
    "indicator_pages",
    "indicator_path",
    "indicators_context",
    "kilobytes",
    "movers",
    "municipality_charts",
    "municipality_contexts",
    "municipality_index",
    "municipality_links",
    "narrative_context",
    "overview_context",
    "pair_path",
    "quality_context",
    "release_info",
    "rule_views",
    "table_page",
]
