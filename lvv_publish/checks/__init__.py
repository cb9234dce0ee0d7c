"""Stage 2, judge: every check of a release, as findings in one Report.

One expression language (``expressions/``: one parser, one interval evaluator) serves the
rules of ``rules.yaml``, the figures of the monitor's text and the site's national figures.
Unknown cells are intervals (``intervals.py``), never zero. ``review`` (``collect.py``) runs
the rules (``rules.py``), the input sheets' reconciliation (``reconciliation.py``), the
revisions (``revisions.py``) and the claims (``claims.py``); ``report.py`` writes the report
for a terminal or for machines.
"""

from .claims import Checked, check_claims, narrative_findings, tally
from .collect import Published, Review, review
from .deliveries import delivery_findings
from .expressions import (
    Cell,
    Key,
    KnownShare,
    KnownSum,
    Node,
    Place,
    Range,
    Table,
    cell,
    cells_in,
    codes,
    interval,
    known,
    parse,
    show,
)
from .findings import CellTable, Context, load_rulebook, make_finding, sort_findings
from .intervals import Bounds, Interval, constraints
from .reconciliation import check_input_sheets
from .report import report_json, report_lines, report_summary, report_text
from .revisions import check_revisions, flag_revisions, revised_values, revision_key
from .rules import CHECKS, run_rules

__all__ = [
    "CHECKS",
    "Bounds",
    "Cell",
    "CellTable",
    "Checked",
    "Context",
    "Interval",
    "Key",
    "KnownShare",
    "KnownSum",
    "Node",
    "Place",
    "Published",
    "Range",
    "Review",
    "Table",
    "cell",
    "cells_in",
    "check_claims",
    "check_input_sheets",
    "check_revisions",
    "codes",
    "constraints",
    "delivery_findings",
    "flag_revisions",
    "interval",
    "known",
    "load_rulebook",
    "make_finding",
    "narrative_findings",
    "parse",
    "report_json",
    "report_lines",
    "report_summary",
    "report_text",
    "review",
    "revised_values",
    "revision_key",
    "run_rules",
    "show",
    "sort_findings",
    "tally",
]
