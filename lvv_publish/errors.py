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
        where = file
        if sheet:
            where += f", sheet '{sheet}'"
        if cell:
            where += f", {cell}"
        if indicator:
            where += f" (indicator {indicator})"
        text = f"{where}: {message}"
        if fix:
            text += f" {fix}"
        super().__init__(text)


class SchemaError(LvvError):
    """The observations table breaks its column contract (a bug or a renamed header)."""


class PublishError(LvvError):
    """Publishing was refused (draft monitor, validation errors, missing revision notes)."""

    exit_code = 2
