"""``lvv-publish diff``'s output: for the terminal, and as Markdown (a pull request's
summary, an e-mail to the people who approve)."""

from __future__ import annotations

from ..dutch import number as dutch_number
from .diff import ReleaseDiff


def _value(value: int | None) -> str:
    return dutch_number(value)


def _sections(d: ReleaseDiff) -> list[tuple[str, list[str], list[list[str]]]]:
    """Each section: its title, its header row (empty: a list, not a table), its rows."""
    out: list[tuple[str, list[str], list[list[str]]]] = []
    if d.published is None:
        out.append(
            (
                f"New figures of monitor {d.number}",
                ["Municipality", "Figures", "Unknown"],
                [[m.name, str(m.figures), str(m.unknown)] for m in d.figures],
            )
        )
    else:
        out.append(
            (
                f"Figures a correction of {d.published} would change",
                ["Monitor", "Municipality", "Indicator", "Published", "Now"],
                [
                    [str(c.monitor), c.municipality, c.indicator, _value(c.before), _value(c.after)]
                    for c in d.corrected
                ],
            )
        )
        out.append(
            (f"Texts a correction of {d.published} would change", [], [[t] for t in d.texts])
        )
    out.append(
        (
            "Revisions of published figures",
            ["Monitor", "Municipality", "Indicator", "Published", "Now", "Note"],
            [
                [
                    str(r.monitor),
                    r.municipality,
                    r.indicator,
                    _value(r.before),
                    _value(r.after),
                    r.note or "NONE: add a note under notes in monitor.yaml",
                ]
                for r in d.revisions
            ],
        )
    )
    locations = [[f"{name} joins in monitor {d.number}"] for name in d.joining]
    locations += [[f"{name} leaves after monitor {d.previous}"] for name in d.leaving]
    out.append(("Locations joining or leaving", [], locations))
    since = f" since release {d.compared_with}" if d.compared_with is not None else ""
    out.append(
        (
            f"Definitions changed{since}",
            ["Indicator", "Field", "Was", "Now"],
            [[c.code, c.field, c.before or "", c.after or ""] for c in d.definitions],
        )
    )
    out.append(
        (
            "Overrides (published as data-quality notes)",
            ["Monitor", "Municipality", "Indicator", "Note"],
            [
                [str(f.monitor), f.municipality or "", f.indicators[0], f.message]
                for f in d.overrides
            ],
        )
    )
    out.append(
        (
            "No delivery (geen_levering)",
            [],
            [[f.message] for f in d.no_delivery],
        )
    )
    return out


def diff_text(d: ReleaseDiff) -> str:
    """The diff for the terminal: the summary, then each section that has something."""
    lines = [d.summary]
    for title, header, rows in _sections(d):
        if not rows:
            continue
        lines += ["", f"{title}:"]
        for row in rows:
            if header:
                lines.append(
                    "  " + "; ".join(f"{h}: {v}" for h, v in zip(header, row, strict=True))
                )
            else:
                lines.append(f"  {row[0]}")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    # A table cell of Markdown: no line breaks, no column separators.
    return " ".join(text.split()).replace("|", "\\|")


def diff_markdown(d: ReleaseDiff) -> str:
    """The diff as Markdown: a heading, the summary, a table or list per section (a section
    without anything says "none")."""
    lines = [f"## lvv-publish diff {d.number}", "", _cell(d.summary)]
    for title, header, rows in _sections(d):
        lines += ["", f"### {title}", ""]
        if not rows:
            lines.append("None.")
        elif header:
            lines.append("| " + " | ".join(header) + " |")
            lines.append("|" + "---|" * len(header))
            lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
        else:
            lines += [f"- {_cell(row[0])}" for row in rows]
    return "\n".join(lines) + "\n"
