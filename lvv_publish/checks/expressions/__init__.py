"""One expression language for everything computed from indicator codes.

The rules of ``rules.yaml`` (``2.2 = 2 - 12``), the figures a monitor's text states
(``monitor.yaml``'s narrative: ``(9.1.4 + 9.1.5) / 9.1``) and the national figures of the site
(``lvv_publish/data/figures.yaml``) are all formulas in this language, parsed here by
recursive descent (never ``eval``) and shown to people by ``show``::

    formula := term (("+" | "-") term)*
    term    := factor (("*" | "/") factor)*
    factor  := cell | "(" formula ")"
    cell    := CODE ["@" (MONITOR | "prev" | "prev2")] ["[" MUNICIPALITY "]"]

A cell is one indicator in one monitor: ``2.2`` in the monitor the formula is evaluated for,
``2.2@14`` in monitor 14, ``2@prev`` in the monitor before (``@prev2``: two before). Where it is
evaluated (a ``Place``) says for which municipality: a rule is checked per municipality, a
claim or national figure sums over the municipalities in the LVV in that monitor (for the
capacity indicator without satellite locations, whose places count under their location);
``12[Amsterdam]`` names one municipality (by name or CBS code) anywhere.

Two evaluations over a ``Table`` of cells (``evaluate.py``): ``interval``, the least and
greatest value over the unknown cells' intervals, for the checks; ``known``, what the site
publishes: the sum of the known cells, with the unknown ones named.
"""

from .evaluate import (
    INFINITE,
    MAX_UNKNOWN,
    Key,
    KnownShare,
    KnownSum,
    Range,
    Table,
    interval,
    keys_of,
    known,
)
from .language import (
    Cell,
    Node,
    Place,
    cell,
    cells_in,
    codes,
    linear,
    parse,
    show,
    total_of,
)

__all__ = [
    "INFINITE",
    "MAX_UNKNOWN",
    "Cell",
    "Key",
    "KnownShare",
    "KnownSum",
    "Node",
    "Place",
    "Range",
    "Table",
    "cell",
    "cells_in",
    "codes",
    "interval",
    "keys_of",
    "known",
    "linear",
    "parse",
    "show",
    "total_of",
]
