"""The rule book (``lvv_publish/data/rules.yaml``), findings and the report of a validation."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, StrictInt, StrictStr, model_validator

from .base import CODE_PATTERN, StrictModel

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
# Rules whose findings are told apart by their place (a sheet may have many bad rows).
PLACED = frozenset({"input-sheet-invalid"})


class Rule(StrictModel):
    """A rule of the catalogue in ``lvv_publish/data/rules.yaml``."""

    code: StrictStr = Field(pattern=r"^[a-z][a-z-]*$")
    severity: Severity
    title: StrictStr
    description: StrictStr
    message: StrictStr
    # "always": every package lists it in rules.csv; "when-cited": only a package with a
    # finding of it. Rules added after packages were published are "when-cited", so that
    # rebuilding a published package gives the same bytes (published means immutable).
    listed: Literal["always", "when-cited"] = "always"


class Identity(StrictModel):
    left: StrictStr
    right: StrictStr


class Bound(StrictModel):
    part: StrictStr = Field(pattern=CODE_PATTERN)
    total: StrictStr = Field(pattern=CODE_PATTERN)


class Capacity(StrictModel):
    """The places of a location (``indicator``) and the running trajecten that fill them
    (``current``). A satellite's places count under its location (``capacity_included_in``
    in municipalities.yaml): a national total of ``indicator`` leaves satellites out."""

    indicator: StrictStr = Field(pattern=CODE_PATTERN)
    current: StrictStr = Field(pattern=CODE_PATTERN)


class Rulebook(StrictModel):
    """The rule catalogue and the rule instances declared as data."""

    rules: tuple[Rule, ...]
    capacity: Capacity
    identities: tuple[Identity, ...] = ()
    period_identities: tuple[Identity, ...] = ()
    bounds: tuple[Bound, ...] = ()

    @model_validator(mode="after")
    def _unique(self) -> Rulebook:
        codes = [r.code for r in self.rules]
        if len(codes) != len(set(codes)):
            raise ValueError("duplicate rule codes")
        return self

    def rule(self, code: str) -> Rule:
        for r in self.rules:
            if r.code == code:
                return r
        raise KeyError(code)


class Finding(StrictModel):
    """One thing a check found, with the numbers on both sides.

    ``check`` is the rule that was checked; it differs from ``rule`` only for
    ``cannot-check``, where it names the rule that could not be checked.
    """

    rule: StrictStr
    check: StrictStr
    severity: Severity
    monitor: StrictInt | None
    municipality_code: StrictStr | None = None
    municipality: StrictStr | None = None
    indicators: tuple[StrictStr, ...] = ()
    left_expression: StrictStr | None = None
    left_value: StrictInt | float | None = None
    right_expression: StrictStr | None = None
    right_value: StrictInt | float | None = None
    message: StrictStr
    source: StrictStr | None = None

    @property
    def id(self) -> str:
        """Stable, readable key: ``sum-mismatch/15/GM0014/9+9.1+9.2+9.3+9.4``."""
        parts = [self.rule]
        if self.check != self.rule:
            parts.append(self.check)
        parts += [
            str(self.monitor) if self.monitor is not None else "-",
            self.municipality_code or "NL",
            "+".join(self.indicators) or "-",
        ]
        # Several per monitor, municipality and indicators: the place tells them apart.
        if self.source and (self.check.startswith("narrative") or self.rule in PLACED):
            parts.append(self.source)
        return "/".join(parts)


class NarrativeTally(StrictModel):
    """How many of the text's figures were checked (``validate`` prints it).

    ``stated``: figures the text writes; ``implied``: figures it implies; ``reproducible``:
    those that follow from the table (by their formula or by the one the text probably
    used); ``checked``: reproducible figures with a verdict (not cannot-check);
    ``disagree``: figures that do not follow from their formula; ``cannot_check``: the
    figures without a verdict.
    """

    stated: StrictInt
    implied: StrictInt
    reproducible: StrictInt
    checked: StrictInt
    disagree: StrictInt
    cannot_check: StrictInt


class Report(StrictModel):
    """All findings of one validation run, in a stable order."""

    monitor: StrictInt
    findings: tuple[Finding, ...]
    narrative: NarrativeTally | None = None

    @property
    def counts(self) -> dict[str, int]:
        return {s: sum(1 for f in self.findings if f.severity == s) for s in SEVERITIES}

    @property
    def valid(self) -> bool:
        return self.counts["error"] == 0

    def blocking(self, *, strict: bool = False) -> tuple[Finding, ...]:
        """Findings that stop a release: errors, and warnings too when ``strict``."""
        stop = {"error", "warning"} if strict else {"error"}
        return tuple(f for f in self.findings if f.severity in stop)
