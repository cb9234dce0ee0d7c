"""A small trend line (sparkline) as the geometry of an inline SVG, computed here so that the
page draws it without a script: fast on a phone, and nothing to run under the
Content-Security-Policy.

A value that is unknown (None) is a gap: no point and no line through it, never a zero.
The template only writes the coordinates computed here (``home.md.j2``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

# The drawing's size in CSS pixels, and the room kept around the line for its dots.
WIDTH = 132
HEIGHT = 36
PAD = 4


@dataclass(frozen=True)
class SparkDot:
    """A drawn value: its monitor and its centre (``x``, ``y`` as text, two decimals)."""

    monitor: int
    x: str
    y: str


@dataclass(frozen=True)
class Sparkline:
    """The geometry of one sparkline: ``lines``, the ``points`` attribute of each unbroken
    run of known values (a gap breaks the line); ``dots``, one per known value, in monitor
    order; ``monitors``, every monitor it spans (known or not); ``width`` and ``height``."""

    lines: list[str]
    dots: list[SparkDot]
    monitors: list[int]
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def last(self) -> SparkDot | None:
        """The newest monitor's dot, drawn larger; None when that value is unknown."""
        if self.dots and self.dots[-1].monitor == self.monitors[-1]:
            return self.dots[-1]
        return None


def _coordinate(value: Fraction) -> str:
    return f"{float(value):.2f}"


def sparkline(values: Sequence[tuple[int, Fraction | int | None]]) -> Sparkline:
    """The sparkline of ``values``: (monitor, value or None for unknown), in monitor order.

    x spreads the monitors evenly over the width; y spans the known values' range (a flat
    line when they are all equal, drawn in the middle). Exact fractions, so the same values
    give the same bytes.
    """
    monitors = [m for m, _ in values]
    known = [Fraction(v) for _, v in values if v is not None]
    low, high = (min(known), max(known)) if known else (Fraction(0), Fraction(0))
    steps = max(len(values) - 1, 1)
    inner_w, inner_h = WIDTH - 2 * PAD, HEIGHT - 2 * PAD
    dots: list[SparkDot] = []
    lines: list[str] = []
    run: list[str] = []
    for i, (monitor, value) in enumerate(values):
        if value is None:
            if len(run) > 1:
                lines.append(" ".join(run))
            run = []
            continue
        x = Fraction(PAD) + Fraction(inner_w * i, steps) if len(values) > 1 else Fraction(WIDTH, 2)
        y = (
            Fraction(HEIGHT, 2)
            if high == low
            else Fraction(PAD) + inner_h * (high - Fraction(value)) / (high - low)
        )
        dot = SparkDot(monitor, _coordinate(x), _coordinate(y))
        dots.append(dot)
        run.append(f"{dot.x},{dot.y}")
    if len(run) > 1:
        lines.append(" ".join(run))
    return Sparkline(lines=lines, dots=dots, monitors=monitors)
