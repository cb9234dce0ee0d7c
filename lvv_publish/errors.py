"""Errors that stop the program. Data problems are findings, not exceptions (see checks/).

The CLI turns every ``LvvError`` into one line on stderr and a non-zero exit code; the
message says what went wrong, where, and how to fix it.
"""

from __future__ import annotations


class LvvError(Exception):
    """Base class: a problem that stops a command. ``str(err)`` is the user-facing message."""

    exit_code = 1


class RegistryError(LvvError):
    """The indicator or municipality registry is malformed."""


class SourceError(LvvError):
    """An input file (monitor.yaml, Totaaloverzicht, input sheet) cannot be read as expected."""

    def __init__(
        self,
        message: str,
        *,
        file: str,
        sheet: str | None = None,
        cell: str | None = None,
        indicator: str | None = None,
        fix: str | None = None,
    ) -> None:
        self.file = file
        self.sheet = sheet
        self.cell = cell
        self.indicator = indicator
        self.fix = fix
        where = self.place
        if indicator:
            where += f" (indicator {indicator})"
        text = f"{where}: {message}"
        if fix:
            text += f" {fix}"
        super().__init__(text)

    @property
    def place(self) -> str:
        """Where the problem is: ``file, sheet 'S', cell D7`` (as a finding's source)."""
        return place(self.file, self.sheet, self.cell)


def place(file: str, sheet: str | None = None, cell: str | None = None) -> str:
    """``monitors/16/invoer/amsterdam.xlsx, sheet 'Cijfers per Gemeente', cell D7``: how every
    message and finding names a place in an input file."""
    return file + (f", sheet '{cut(sheet)}'" if sheet else "") + (f", {cell}" if cell else "")


# At most this many characters of an input value go into a message: an Excel cell holds up to
# 32,767, a hostile one far more, and a message is one line on a terminal.
SHOWN = 200


def cut(text: str, limit: int = SHOWN) -> str:
    """``text``, or its first ``limit`` characters and ``… (N characters)``."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text):,} characters)"


def quote(value: object, limit: int = SHOWN) -> str:
    """An input value quoted for a message, as ``repr`` does, cut to about ``limit``
    characters: ``'n.v.t.'``, ``12.5``, ``'xxxx…' (400,000,000 characters)``."""
    if isinstance(value, str) and len(value) > limit:
        return f"{value[:limit]!r}"[:-1] + f"…' ({len(value):,} characters)"
    return cut(repr(value), limit)


# A message lists at most this many problems; a table typed over by hand can have hundreds.
LISTED = 20


def capped(lines: list[str], rest: str = "") -> list[str]:
    """The first ``LISTED`` of ``lines`` (each indented already) and, when there are more, a
    line that counts the rest, followed by ``rest`` (``: validate lists them all``)."""
    more = len(lines) - LISTED
    return lines[:LISTED] + ([f"  … and {more} more{rest}"] if more > 0 else [])


class SchemaError(LvvError):
    """The observations table breaks its column contract (a bug or a renamed header)."""


class PublishError(LvvError):
    """Publishing was refused (draft monitor, validation errors, missing revision notes)."""

    exit_code = 2
