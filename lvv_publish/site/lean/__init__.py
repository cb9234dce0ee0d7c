"""Code that exists only to make the site lighter and its builds faster, kept apart so that a
reader of the site stage sees the stage: Material's indentation dropped from every page
(``htmlspace``), the end tags of table cells and rows that HTML lets a page leave out
(``endtags``), right-aligned figure columns said once per table (``figurecolumns``), the
compiled templates kept between runs (``templatecache``), values derived once per table
(``tablecache``) and long tables kept from Python-Markdown's parser (``passthrough``).
Nothing here changes what a page says.
"""

from .endtags import without_end_tags
from .figurecolumns import MAX_COLUMN, Aligned, aligned, css_rules, figure_columns
from .htmlspace import compact
from .passthrough import Stash, collecting, passthrough
from .tablecache import per_table
from .templatecache import template_cache

__all__ = [
    "MAX_COLUMN",
    "Aligned",
    "Stash",
    "aligned",
    "collecting",
    "compact",
    "css_rules",
    "figure_columns",
    "passthrough",
    "per_table",
    "template_cache",
    "without_end_tags",
]
